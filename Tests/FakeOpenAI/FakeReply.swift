import Statistics

/// One chat-completions request as the fake server saw it.
public struct FakeRequest: Sendable {
    /// Arrival order over the server's life, from 0.
    public var index: Int
    /// Which arrival of this prompt text this is, from 1 (so "fail the first two tries" is easy to say).
    public var attempt: Int
    /// The request path.
    public var path: String
    /// The `model` member.
    public var model: String?
    /// The last user message.
    public var prompt: String
    /// The system message, when sent.
    public var system: String?
    /// `max_tokens`, when sent.
    public var maxTokens: Int?
    /// `temperature`, when sent.
    public var temperature: Double?
    /// The `Authorization` header, when sent.
    public var authorization: String?
}

/// What the fake server does with a request.
public enum FakeReply: Sendable {
    /// A chat completion whose message is `text`, after `delay`.
    case answer(String, finishReason: String = "stop", delay: Duration = .zero)
    /// A response with `status`, extra headers and an OpenAI-style error body (with `message` when given), after
    /// `delay`.
    case status(Int, headers: [(String, String)] = [], message: String? = nil, delay: Duration = .zero)
    /// The connection closed without a response, after `delay`.
    case drop(delay: Duration = .zero)
    /// Status 200 with a body that is not JSON, after `delay`.
    case malformed(delay: Duration = .zero)

    /// The default reply: an answer that names the prompt and the try.
    public static func echo(_ request: FakeRequest) -> FakeReply {
        .answer("Answer \(request.attempt) to: \(request.prompt)")
    }
}

/// Seeded random faults, the same for the same seed and arrival order: for the kill test and the benchmark.
public struct FaultPlan: Sendable {
    /// Seeds the per-request choices.
    public var seed: UInt64
    /// Share of requests answered 429 (with `Retry-After-Ms`).
    public var tooManyRequests: Double
    /// Share answered 500.
    public var serverError: Double
    /// Share whose connection is dropped.
    public var drop: Double
    /// Share answered with a malformed body.
    public var malformed: Double
    /// Reply delay range in milliseconds (uniform).
    public var delayMilliseconds: ClosedRange<Double>
    /// The wait a 429 asks for, in milliseconds.
    public var retryAfterMilliseconds: Int
    /// Words in each answer (besides the echo of the prompt).
    public var words: Int

    /// Creates a plan; by default no faults and no delay.
    public init(
        seed: UInt64 = 1, tooManyRequests: Double = 0, serverError: Double = 0, drop: Double = 0,
        malformed: Double = 0, delayMilliseconds: ClosedRange<Double> = 0...0, retryAfterMilliseconds: Int = 20,
        words: Int = 0
    ) {
        self.seed = seed
        self.tooManyRequests = tooManyRequests
        self.serverError = serverError
        self.drop = drop
        self.malformed = malformed
        self.delayMilliseconds = delayMilliseconds
        self.retryAfterMilliseconds = retryAfterMilliseconds
        self.words = words
    }

    /// The reply to `request`.
    public func reply(to request: FakeRequest) -> FakeReply {
        var generator = SplitMix64(seed: seed ^ (UInt64(request.index) &* 0x9E37_79B9_7F4A_7C15))
        let delay = Duration.microseconds(
            Int64(Double.random(in: delayMilliseconds, using: &generator) * 1000))
        var roll = Double.random(in: 0..<1, using: &generator)
        if roll < tooManyRequests {
            return .status(429, headers: [("retry-after-ms", "\(retryAfterMilliseconds)")], delay: delay)
        }
        roll -= tooManyRequests
        if roll < serverError { return .status(500, delay: delay) }
        roll -= serverError
        if roll < drop { return .drop(delay: delay) }
        roll -= drop
        if roll < malformed { return .malformed(delay: delay) }
        let filler = (0..<words).map { _ in Self.vocabulary.randomElement(using: &generator)! }
        let text = (["Answer \(request.attempt) to: \(request.prompt)"] + filler).joined(separator: " ")
        return .answer(text, delay: delay)
    }

    private static let vocabulary = [
        "the", "model", "answer", "tapestry", "delve", "testament", "vibrant", "a", "of", "and", "journey", "quiet",
        "whisper", "light", "river", "city", "story", "moment", "shadow", "heart",
    ]
}
