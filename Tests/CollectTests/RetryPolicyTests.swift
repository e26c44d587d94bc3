import Collect
import Foundation
import Testing

@Suite struct RetryPolicyTests {
    @Test func backOffIsJitteredBelowADoublingCeiling() {
        let policy = RetryPolicy(maxAttempts: 8, baseDelay: 0.5, maxDelay: 4)
        var generator = SystemRandomNumberGenerator()
        for attempt in 1...7 {
            let ceiling = min(4, 0.5 * pow(2, Double(attempt - 1)))
            let delays = (0..<200).map { _ in policy.delay(afterAttempt: attempt, retryAfter: nil, using: &generator) }
            #expect(delays.allSatisfy { $0 >= 0 && $0 <= ceiling })
            // Jitter: the delays spread over the range rather than sitting at one value.
            #expect(delays.max()! - delays.min()! > ceiling / 2)
        }
    }

    @Test func retryAfterIsAFloorCappedByMaxRetryAfter() {
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: 0.1, maxDelay: 0.2, maxRetryAfter: 10)
        var generator = SystemRandomNumberGenerator()
        #expect(policy.delay(afterAttempt: 1, retryAfter: 3, using: &generator) == 3)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 60, using: &generator) == 10)
    }

    @Test func readsRetryAfterHeaders() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryPolicy.retryAfter(headers: [("Retry-After", "7")]) == 7)
        #expect(RetryPolicy.retryAfter(headers: [("retry-after-ms", "250"), ("Retry-After", "1")]) == 0.25)
        // An HTTP date 90 seconds after `now` (RFC 9110's IMF-fixdate).
        let date = RetryPolicy.retryAfter(headers: [("Retry-After", "Tue, 14 Nov 2023 22:14:50 GMT")], now: now)
        #expect(date == 90)
        #expect(RetryPolicy.retryAfter(headers: [("Retry-After", "soon")]) == nil)
        #expect(RetryPolicy.retryAfter(headers: []) == nil)
    }
}
