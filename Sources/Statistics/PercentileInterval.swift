/// Percentile intervals of bootstrap values.
public enum PercentileInterval {
    /// The 2.5 % and 97.5 % percentiles (linear interpolation) of `values`, ignoring non-finite ones; nil when none
    /// are finite.
    public static func central95(_ values: [Double]) -> (lower: Double, upper: Double)? {
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
