import Statistics

extension SplitMix64 {
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
