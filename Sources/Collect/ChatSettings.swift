import Foundation

/// What is asked of the endpoint for every prompt: the model and its sampling settings.
public struct ChatSettings: Sendable, Hashable {
    /// The model name sent in each request and written as `model` in each record.
    public var model: String
    /// Answers per prompt (`sample` 0 ..< samples in the records).
    public var samples: Int
    /// `max_tokens`, when set.
    public var maxTokens: Int?
    /// `temperature`, when set (else the endpoint's default).
    public var temperature: Double?
    /// A system message sent before every prompt, when set.
    public var system: String?

    /// Creates settings for `model`.
    public init(
        model: String, samples: Int = 1, maxTokens: Int? = nil, temperature: Double? = nil, system: String? = nil
    ) {
        self.model = model
        self.samples = samples
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.system = system
    }
}

/// How the client talks to the endpoint: where, with which credentials, how fast and how persistently.
public struct ConnectionSettings: Sendable {
    /// The API base URL; requests go to `{endpoint}/chat/completions`.
    public var endpoint: String
    /// The bearer token, when one is needed. Never written anywhere.
    public var apiKey: String?
    /// Requests in flight at most.
    public var concurrency: Int
    /// Requests started per second at most (retries included), when limited.
    public var requestsPerSecond: Double?
    /// Seconds a single request may take before it counts as timed out (and is retried).
    public var timeout: Double
    /// When to retry and how long to wait.
    public var retry: RetryPolicy
    /// Seconds a request waits for a connection to the endpoint.
    public var connectTimeout: Double
    /// Seconds without any response from the endpoint after which an answer whose every try got none stops the
    /// run; a run that has had no response at all stops at the first such answer.
    public var outageBeforeStopping: Double

    /// Creates settings.
    public init(
        endpoint: String, apiKey: String? = nil, concurrency: Int = 4, requestsPerSecond: Double? = nil,
        timeout: Double = 300, retry: RetryPolicy = RetryPolicy(), connectTimeout: Double = 10,
        outageBeforeStopping: Double = 60
    ) {
        self.endpoint = endpoint
        self.apiKey = apiKey
        self.concurrency = concurrency
        self.requestsPerSecond = requestsPerSecond
        self.timeout = timeout
        self.retry = retry
        self.connectTimeout = connectTimeout
        self.outageBeforeStopping = outageBeforeStopping
    }

    /// The URL requests are posted to: the endpoint's path with `/chat/completions` appended, its query (such
    /// as Azure's `api-version`) kept.
    public var completionsURL: String {
        guard var components = URLComponents(string: endpoint) else {
            var base = endpoint
            while base.hasSuffix("/") { base.removeLast() }
            return base + "/chat/completions"
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        components.percentEncodedPath = path + "/chat/completions"
        return components.string ?? endpoint
    }
}
