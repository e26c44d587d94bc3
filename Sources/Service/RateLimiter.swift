import Foundation
import Synchronization

/// Per-token token buckets: each token may make `burst` writes at once and `perMinute` writes a minute on average.
public final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// Sustained writes per minute.
    public let perMinute: Double
    /// Writes allowed at once.
    public let burst: Double
    let buckets = Mutex<[String: Bucket]>([:])

    /// Creates a limiter.
    public init(perMinute: Int, burst: Int) {
        self.perMinute = Double(max(1, perMinute))
        self.burst = Double(max(1, burst))
    }

    /// Takes one write for `key`; returns nil when allowed, else the seconds until the next write is.
    public func take(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        let rate = perMinute / 60
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            bucket.tokens = min(burst, bucket.tokens + seconds * rate)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }
}
