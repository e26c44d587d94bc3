import Foundation

/// When a failed request is tried again and how long to wait first: exponential back-off with full jitter,
/// never shorter than what the server asked for with `Retry-After`.
public struct RetryPolicy: Sendable, Hashable {
    /// Tries per request, the first included; after the last the prompt is recorded as failed.
    public var maxAttempts: Int
    /// The back-off ceiling before the first retry, in seconds; it doubles with every further retry.
    public var baseDelay: Double
    /// The largest back-off ceiling, in seconds.
    public var maxDelay: Double
    /// The longest `Retry-After` honoured, in seconds; a server asking for more gets this.
    public var maxRetryAfter: Double

    /// Creates a policy.
    public init(maxAttempts: Int = 5, baseDelay: Double = 0.5, maxDelay: Double = 30, maxRetryAfter: Double = 600) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// Seconds to wait before try `attempt + 1`, after try `attempt` (1-based) failed: a uniformly random
    /// time up to `min(maxDelay, baseDelay · 2^(attempt-1))` ("full jitter"), or the server's `Retry-After`
    /// when that is longer.
    public func delay(afterAttempt attempt: Int, retryAfter: Double?, using generator: inout some RandomNumberGenerator)
        -> Double
    {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
        let jittered = ceiling > 0 ? Double.random(in: 0...ceiling, using: &generator) : 0
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, maxRetryAfter))
    }

    /// The wait a response asks for, in seconds: `retry-after-ms` (milliseconds, as OpenAI sends it), else
    /// `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3). Nil when absent or unreadable.
    public static func retryAfter(headers: [(name: String, value: String)], now: Date = Date()) -> Double? {
        func value(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name }?.value.trimmingCharacters(in: .whitespaces)
        }
        if let text = value("retry-after-ms"), let milliseconds = Double(text), milliseconds >= 0 {
            return milliseconds / 1000
        }
        guard let text = value("retry-after") else { return nil }
        if let seconds = Double(text), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
