import Foundation

/// Fisher's method for combining independent tests, in log space so that tiny p-values do not underflow.
public enum FisherMethod {
    /// The combined ln p of independent tests with the given ln p-values (0 for none).
    public static func combined(logPValues: [Double]) -> Double {
        guard !logPValues.isEmpty else { return 0 }
        return logChiSquaredUpperTailEven(-2 * logPValues.reduce(0, +), halfDegrees: logPValues.count)
    }

    /// ln P(X > x) for X chi-squared with 2k degrees of freedom: ln(e^(−x/2) Σ_{i<k} (x/2)^i / i!).
    public static func logChiSquaredUpperTailEven(_ x: Double, halfDegrees k: Int) -> Double {
        guard x > 0 else { return 0 }
        let half = x / 2
        var terms: [Double] = []
        for i in 0..<k { terms.append(-half + Double(i) * log(half) - lgamma(Double(i + 1))) }
        let largest = terms.max() ?? 0
        return min(0, largest + log(terms.reduce(0) { $0 + exp($1 - largest) }))
    }
}
