/// A two-sided confidence interval for a proportion.
public struct ProportionInterval: Sendable, Hashable {
    /// Lower bound, 0…1.
    public var lower: Double
    /// Upper bound, 0…1.
    public var upper: Double

    /// Creates an interval.
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Wilson's score interval for `successes` (possibly fractional, for expected counts) out of `trials`; the whole
    /// of 0…1 when there are no trials.
    public static func wilson(successes: Double, trials: Int, z: Double = NormalDistribution.z95) -> ProportionInterval
    {
        guard trials > 0 else { return ProportionInterval(lower: 0, upper: 1) }
        let n = Double(trials)
        let p = min(max(successes / n, 0), 1)
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return ProportionInterval(lower: max(0, centre - half), upper: min(1, centre + half))
    }
}
