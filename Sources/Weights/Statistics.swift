import Foundation

/// The few distributions the independence test needs, computed in log space so tiny p-values do not underflow.
enum Statistics {
    /// ln P(Z > z) for a standard normal Z.
    static func logNormalUpperTail(_ z: Double) -> Double {
        if z < 30 { return log(0.5 * erfc(z / 2.0.squareRoot())) }
        // Mills ratio: P(Z > z) ≈ φ(z) / z × (1 − 1/z² + 3/z⁴).
        return -z * z / 2 - log(z * (2 * Double.pi).squareRoot()) + log1p(-1 / (z * z) + 3 / (z * z * z * z))
    }

    /// ln P(X > x) for X chi-squared with 2k degrees of freedom: ln(e^(−x/2) Σ_{i<k} (x/2)^i / i!).
    static func logChiSquaredUpperTailEven(_ x: Double, halfDegrees k: Int) -> Double {
        guard x > 0 else { return 0 }
        let half = x / 2
        var terms: [Double] = []
        for i in 0..<k { terms.append(-half + Double(i) * log(half) - lgamma(Double(i + 1))) }
        let largest = terms.max() ?? 0
        return min(0, largest + log(terms.reduce(0) { $0 + exp($1 - largest) }))
    }

    /// Fisher's method: the combined ln p of independent tests with the given ln p-values.
    static func fisherCombined(logPValues: [Double]) -> Double {
        guard !logPValues.isEmpty else { return 0 }
        return logChiSquaredUpperTailEven(-2 * logPValues.reduce(0, +), halfDegrees: logPValues.count)
    }

    /// Pearson correlation of two equally long samples (nil when either is constant).
    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        guard x.count == y.count, x.count > 1 else { return nil }
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - meanX) * (b - meanY)
            sxx += (a - meanX) * (a - meanX)
            syy += (b - meanY) * (b - meanY)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Ranks (0-based, ties given their mean rank).
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            for position in start...end { ranks[order[position]] = Double(start + end) / 2 }
            start = end + 1
        }
        return ranks
    }

    /// Spearman's rank correlation.
    static func spearman(_ x: [Double], _ y: [Double]) -> Double? { pearson(ranks(x), ranks(y)) }
}

/// SplitMix64: a tiny seeded generator, so samples are the same on every platform for a seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` distinct indices from `0..<total` in increasing order (all of them when `count >= total`).
    mutating func sample(_ count: Int, of total: Int) -> [Int] {
        guard count < total else { return Array(0..<total) }
        var indices = Array(0..<total)
        for position in 0..<count {
            indices.swapAt(position, Int.random(in: position..<total, using: &self))
        }
        return indices[0..<count].sorted()
    }
}
