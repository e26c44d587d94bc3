import Foundation

/// A two-sided confidence interval for a proportion.
public struct ProportionInterval: Sendable, Hashable {
    /// Lower bound, 0…1.
    public var lower: Double
    /// Upper bound, 0…1.
    public var upper: Double
}

/// The few statistical tests the audit needs, each with its published method named.
public enum AuditStatistics {
    /// The standard normal quantile for a two-sided 95 % interval.
    public static let z95 = 1.959963984540054

    /// Wilson's score interval for `successes` (possibly fractional, for expected guesses) out of `trials`.
    public static func wilson(successes: Double, trials: Int, z: Double = z95) -> ProportionInterval {
        guard trials > 0 else { return ProportionInterval(lower: 0, upper: 1) }
        let n = Double(trials)
        let p = min(max(successes / n, 0), 1)
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return ProportionInterval(lower: max(0, centre - half), upper: min(1, centre + half))
    }

    /// The standard normal upper tail P(Z ≥ z).
    public static func normalUpperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// log P(X = k) for X ~ Binomial(n, p).
    static func logBinomialProbability(_ k: Int, _ n: Int, _ p: Double) -> Double {
        if p <= 0 { return k == 0 ? 0 : -.infinity }
        if p >= 1 { return k == n ? 0 : -.infinity }
        return lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) + Double(k) * log(p)
            + Double(n - k) * log1p(-p)
    }

    /// P(X ≥ k) for X ~ Binomial(n, p), summed exactly.
    public static func binomialUpperTail(_ k: Int, _ n: Int, _ p: Double) -> Double {
        guard k > 0 else { return 1 }
        guard k <= n else { return 0 }
        var total = 0.0
        for value in k...n { total += exp(logBinomialProbability(value, n, p)) }
        return min(1, total)
    }

    /// The exact two-sided binomial test: the probability, under Binomial(n, p), of an outcome no more
    /// likely than `k` (the method of R's `binom.test`).
    public static func binomialTwoSided(_ k: Int, _ n: Int, _ p: Double) -> Double {
        guard n > 0 else { return 1 }
        let observed = logBinomialProbability(k, n, p)
        let tolerance = 1e-7
        var total = 0.0
        for value in 0...n {
            let logProbability = logBinomialProbability(value, n, p)
            if logProbability <= observed + tolerance { total += exp(logProbability) }
        }
        return min(1, total)
    }

    /// The one-sided Mann–Whitney U test that `sample` tends to exceed `rest`, by the normal approximation
    /// with midranks, tie correction and continuity correction. Nil when either group is empty.
    public static func mannWhitneyGreater(_ sample: [Double], _ rest: [Double]) -> (u: Double, z: Double, p: Double)? {
        let n1 = sample.count
        let n2 = rest.count
        guard n1 > 0, n2 > 0 else { return nil }
        var combined = sample.map { ($0, true) } + rest.map { ($0, false) }
        combined.sort { $0.0 < $1.0 }
        let total = combined.count
        var rankSum = 0.0
        var tieTerm = 0.0
        var start = 0
        while start < total {
            var end = start
            while end + 1 < total && combined[end + 1].0 == combined[start].0 { end += 1 }
            let midrank = Double(start + end + 2) / 2
            let ties = Double(end - start + 1)
            tieTerm += ties * ties * ties - ties
            for index in start...end where combined[index].1 { rankSum += midrank }
            start = end + 1
        }
        let u = rankSum - Double(n1 * (n1 + 1)) / 2
        let mean = Double(n1) * Double(n2) / 2
        let n = Double(total)
        let variance = Double(n1) * Double(n2) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return (u, 0, 1) }
        let z = (u - mean - 0.5) / variance.squareRoot()
        return (u, z, normalUpperTail(z))
    }

    /// Percentile interval (2.5 %, 97.5 %) of bootstrap values, ignoring NaNs; nil when none are finite.
    public static func percentileInterval(_ values: [Double]) -> (lower: Double, upper: Double)? {
        let finite = values.filter { $0.isFinite }.sorted()
        guard !finite.isEmpty else { return nil }
        func quantile(_ q: Double) -> Double {
            let position = q * Double(finite.count - 1)
            let low = Int(position.rounded(.down))
            let high = min(low + 1, finite.count - 1)
            let weight = position - Double(low)
            return finite[low] * (1 - weight) + finite[high] * weight
        }
        return (quantile(0.025), quantile(0.975))
    }
}
