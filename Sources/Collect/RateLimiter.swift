/// Spaces request starts at least `1 / requestsPerSecond` apart (no bursts), across all concurrent tasks.
actor RateLimiter {
    private let interval: Duration
    private var nextSlot: ContinuousClock.Instant

    /// A limiter for `requestsPerSecond` starts a second.
    init(requestsPerSecond: Double) {
        interval = .nanoseconds(Int64((1e9 / requestsPerSecond).rounded()))
        nextSlot = ContinuousClock.now
    }

    /// Returns when the caller may start its request; throws `CancellationError` when cancelled while waiting.
    func acquire() async throws {
        let now = ContinuousClock.now
        let slot = max(now, nextSlot)
        nextSlot = slot + interval
        if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
    }
}
