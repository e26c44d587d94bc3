import AsyncHTTPClient
import Corpus
import Foundation
import NIOCore
import NIOHTTP1

/// What one request came to.
public enum AttemptOutcome: Sendable {
    /// An answer.
    case answer(ChatAnswer)
    /// A response that failed in a way worth another try (429, 5xx, a body cut off), with the wait the server asked
    /// for.
    case retryable(reason: String, retryAfter: Double?)
    /// No response came: no connection could be made, or it was closed or timed out before a response. Worth
    /// another try; when one answer's every try comes to this and the endpoint has answered nothing for long
    /// enough (see ``ConnectionSettings/outageBeforeStopping``), the run stops.
    case noResponse(reason: String)
    /// A failure of this prompt that another try in this run would not fix (a malformed body, another 4xx).
    case failed(reason: String)
    /// A failure that stops the whole run (401, 403, 404, an unusable endpoint).
    case fatal(CollectError)
}

/// Sends chat-completion requests to an OpenAI-compatible endpoint (`POST {endpoint}/chat/completions`).
public final class ChatClient: Sendable {
    private let http: HTTPClient
    private let connection: ConnectionSettings
    private let url: String
    /// `url` without user name, password or query, for messages.
    let shownURL: String

    /// The largest response body read, in bytes.
    static let maxBodyBytes = 16 << 20

    /// Creates a client; call ``shutdown()`` when done.
    public init(connection: ConnectionSettings) throws(CollectError) {
        let url = try Self.checkedCompletionsURL(connection)
        var configuration = HTTPClient.Configuration()
        // Redirects are refused so the API key never travels to another address.
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(
            connect: .milliseconds(Int64((connection.connectTimeout * 1000).rounded())),
            read: .milliseconds(Int64((connection.timeout * 1000).rounded())))
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, connection.concurrency))
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.connection = connection
        self.url = url
        self.shownURL = CollectRecord.redactedEndpoint(url)
    }

    /// The chat-completions URL of `connection`; throws `.invalidEndpoint` unless it is an http:// or https:// URL
    /// with a host.
    public static func checkedCompletionsURL(_ connection: ConnectionSettings) throws(CollectError) -> String {
        let url = connection.completionsURL
        let shown = CollectRecord.redactedEndpoint(connection.endpoint)
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            ["http", "https"].contains(scheme),
            parsed.host?.isEmpty == false
        else {
            throw CollectError(.invalidEndpoint, "\"\(shown)\" is not an http:// or https:// URL")
        }
        if parsed.user != nil || parsed.password != nil {
            throw CollectError(
                .invalidEndpoint,
                "\"\(shown)\" with a user name or password: collect does not send them (nor write them down); give "
                    + "the key with --api-key-env")
        }
        return url
    }

    /// Closes the connections.
    public func shutdown() async {
        try? await http.shutdown()
    }

    /// Sends `prompt` once with `settings`; throws only `CancellationError`.
    public func send(_ prompt: Prompt, settings: ChatSettings) async throws -> AttemptOutcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "lineage-collect")
        if let key = connection.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        request.body = .bytes(Self.body(prompt, settings: settings))

        let timeout = TimeAmount.milliseconds(Int64((connection.timeout * 1000).rounded()))
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout)
        } catch {
            try Task.checkCancellation()
            return Self.outcome(of: error)
        }
        // From here on the endpoint has answered: a failure is this request's, never an unreachable endpoint.
        let status = Int(response.status.code)
        let headers = response.headers.map { ($0.name, $0.value) }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: Self.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            return .failed(reason: "HTTP \(status) with a body over \(Self.maxBodyBytes >> 20) MiB")
        } catch {
            try Task.checkCancellation()
            return .retryable(reason: "HTTP \(status), then the body was cut off: \(error)", retryAfter: nil)
        }
        let data = Data(body.readableBytesView)
        switch status {
        case 200..<300:
            switch ChatAnswer.parse(data) {
            case .success(let answer): return .answer(answer)
            case .failure(let problem): return .failed(reason: "malformed response: \(problem.reason)")
            }
        case 401:
            return .fatal(
                CollectError(
                    .unauthorized,
                    "HTTP 401 from \(shownURL)\(serverMessage(data)); "
                        + (connection.apiKey == nil
                            ? "no API key was sent: give --api-key-env VARIABLE" : "check the key --api-key-env names"))
            )
        case 403:
            return .fatal(CollectError(.forbidden, "HTTP 403 from \(shownURL)\(serverMessage(data))"))
        case 404:
            return .fatal(
                CollectError(
                    .notFound,
                    "HTTP 404 from \(shownURL)\(serverMessage(data)); check --endpoint (usually ends in /v1) and --model"
                ))
        case 408, 409, 425, 429, 500..<600:
            return .retryable(
                reason: "HTTP \(status)\(serverMessage(data))",
                retryAfter: RetryPolicy.retryAfter(headers: headers))
        default:
            return .failed(reason: "HTTP \(status)\(serverMessage(data))")
        }
    }

    /// The request body: model, messages (system first when set), and the sampling settings that are set.
    static func body(_ prompt: Prompt, settings: ChatSettings) -> [UInt8] {
        var writer = JSONWriter(indent: 0)
        writer.beginObject()
        writer.member("model", settings.model)
        writer.key("messages")
        writer.beginArray()
        if let system = settings.system {
            writer.beginObject()
            writer.member("role", "system")
            writer.member("content", system)
            writer.endObject()
        }
        writer.beginObject()
        writer.member("role", "user")
        writer.member("content", prompt.text)
        writer.endObject()
        writer.endArray()
        if let maxTokens = settings.maxTokens { writer.member("max_tokens", maxTokens) }
        if let temperature = settings.temperature { writer.member("temperature", temperature) }
        writer.endObject()
        return writer.bytes
    }

    /// The outcome of a request that threw before any response came: an unusable URL stops the run, anything
    /// else (no connection, a connection closed or timed out before the response) is `noResponse`.
    static func outcome(of error: any Error) -> AttemptOutcome {
        if let error = error as? HTTPClientError {
            switch error {
            case .invalidURL, .emptyHost, .emptyScheme:
                return .fatal(CollectError(.invalidEndpoint, "\(error)"))
            case .connectTimeout:
                return .noResponse(reason: "no connection was made in time")
            case .readTimeout, .deadlineExceeded, .writeTimeout, .getConnectionFromPoolTimeout:
                return .noResponse(reason: "timed out")
            case .remoteConnectionClosed:
                return .noResponse(reason: "the connection was closed before a response")
            default:
                return .noResponse(reason: "\(error)")
            }
        }
        if let error = error as? IOError {
            return .noResponse(reason: "connection failed: " + FileProblem.reason(errno: error.errnoCode))
        }
        return .noResponse(reason: "connection failed: \(error)")
    }

    /// The endpoint's own error message (`{"error": {"message": ...}}`), shortened, with the API key removed.
    private func serverMessage(_ data: Data) -> String {
        guard
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let error = object["error"] as? [String: Any], let message = error["message"] as? String,
            !message.isEmpty
        else { return "" }
        var text = String(message.prefix(300))
        if let key = connection.apiKey, !key.isEmpty { text = text.replacingOccurrences(of: key, with: "[API key]") }
        return ": \(text)"
    }
}
