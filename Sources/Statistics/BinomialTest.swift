import Foundation

/// Exact binomial probabilities and tests.
public enum BinomialTest {
    /// ln P(X = k) for X ~ Binomial(n, p); −∞ for k outside 0…n.
    public static func logProbability(_ k: Int, _ n: Int, _ p: Double) -> Double {
        guard (0...max(n, 0)).contains(k) else { return -.infinity }
        if p <= 0 { return k == 0 ? 0 : -.infinity }
        if p >= 1 { return k == n ? 0 : -.infinity }
        return lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) + Double(k) * log(p)
            + Double(n - k) * log1p(-p)
    }

    /// P(X ≥ k) for X ~ Binomial(n, p), summed exactly.
    public static func upperTail(_ k: Int, _ n: Int, _ p: Double) -> Double {
        guard k > 0 else { return 1 }
        guard k <= n else { return 0 }
        var total = 0.0
        for value in k...n { total += exp(logProbability(value, n, p)) }
        return min(1, total)
    }

    /// The exact two-sided test: the probability, under Binomial(n, p), of an outcome no more likely than `k` (the
    /// method of R's `binom.test`).
    public static func twoSided(_ k: Int, _ n: Int, _ p: Double) -> Double {
        guard n > 0 else { return 1 }
        let observed = logProbability(k, n, p)
        let tolerance = 1e-7
        var total = 0.0
        for value in 0...n {
            let logP = logProbability(value, n, p)
            if logP <= observed + tolerance { total += exp(logP) }
        }
        return min(1, total)
    }
}
