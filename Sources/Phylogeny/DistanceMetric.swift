/// How two taxa's character rows are turned into a distance.
public enum DistanceMetric: String, Sendable, Hashable, CaseIterable, Codable {
    /// 1 − |A ∩ B| / |A ∪ B| over present (non-zero) characters; 0 when both rows are empty.
    case jaccard
    /// The share of characters whose values differ (binary rows: mismatches ÷ characters).
    case hamming
    /// 1 − cosine similarity of the value vectors; 0 when both are all zero, 1 when only one is.
    case cosine
    /// 1 − Pearson correlation of the value vectors (0…2); 1 when either row is constant.
    case correlation

    /// The distance between rows `a` and `b` of equal length.
    public func distance(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
        precondition(a.count == b.count, "rows differ in length")
        let n = a.count
        if n == 0 { return 0 }
        switch self {
        case .jaccard:
            var union = 0
            var intersection = 0
            for (x, y) in zip(a, b) {
                let px = x != 0
                let py = y != 0
                if px || py { union += 1 }
                if px && py { intersection += 1 }
            }
            return union == 0 ? 0 : 1 - Double(intersection) / Double(union)
        case .hamming:
            var differing = 0
            for (x, y) in zip(a, b) where x != y { differing += 1 }
            return Double(differing) / Double(n)
        case .cosine:
            var dot = 0.0
            var normA = 0.0
            var normB = 0.0
            for (x, y) in zip(a, b) {
                dot += x * y
                normA += x * x
                normB += y * y
            }
            if normA == 0 && normB == 0 { return 0 }
            if normA == 0 || normB == 0 { return 1 }
            return clamp(1 - dot / (normA.squareRoot() * normB.squareRoot()), 0, 2)
        case .correlation:
            let meanA = a.reduce(0, +) / Double(n)
            let meanB = b.reduce(0, +) / Double(n)
            var covariance = 0.0
            var varianceA = 0.0
            var varianceB = 0.0
            for (x, y) in zip(a, b) {
                let dx = x - meanA
                let dy = y - meanB
                covariance += dx * dy
                varianceA += dx * dx
                varianceB += dy * dy
            }
            if varianceA == 0 || varianceB == 0 { return 1 }
            return clamp(1 - covariance / (varianceA.squareRoot() * varianceB.squareRoot()), 0, 2)
        }
    }

    private func clamp(_ x: Double, _ low: Double, _ high: Double) -> Double { min(max(x, low), high) }

    /// The distance between two binary rows from their counts: characters present in both, in only the first, in
    /// only the second, and the total number of characters. Equal to ``distance(_:_:)`` on the rows.
    public func distance(shared: Int, onlyFirst: Int, onlySecond: Int, characters: Int) -> Double {
        if characters == 0 { return 0 }
        let a = Double(shared + onlyFirst)
        let b = Double(shared + onlySecond)
        let n = Double(characters)
        switch self {
        case .jaccard:
            let union = shared + onlyFirst + onlySecond
            return union == 0 ? 0 : 1 - Double(shared) / Double(union)
        case .hamming:
            return Double(onlyFirst + onlySecond) / n
        case .cosine:
            if a == 0 && b == 0 { return 0 }
            if a == 0 || b == 0 { return 1 }
            return clamp(1 - Double(shared) / (a.squareRoot() * b.squareRoot()), 0, 2)
        case .correlation:
            // Pearson on 0/1 vectors: (n·s − a·b) / √(a(n−a) · b(n−b)).
            let varianceA = a * (n - a)
            let varianceB = b * (n - b)
            if varianceA == 0 || varianceB == 0 { return 1 }
            return clamp(1 - (n * Double(shared) - a * b) / (varianceA.squareRoot() * varianceB.squareRoot()), 0, 2)
        }
    }
}
