import Foundation

/// Tail probabilities of the standard normal distribution, accurate far into the tail.
public enum NormalDistribution {
    /// The standard normal quantile for a two-sided 95 % interval.
    public static let z95 = 1.959963984540054

    /// P(Z > z) for a standard normal Z; for large z the result stays above 0 until it underflows (z ≈ 38).
    public static func upperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// ln P(Z > z) for a standard normal Z, finite however large z is.
    public static func logUpperTail(_ z: Double) -> Double {
        if z < 30 { return log(upperTail(z)) }
        // Mills ratio: P(Z > z) ≈ φ(z) / z × (1 − 1/z² + 3/z⁴).
        return -z * z / 2 - log(z * (2 * Double.pi).squareRoot()) + log1p(-1 / (z * z) + 3 / (z * z * z * z))
    }
}
