/// A set of item positions 0..<count, one bit per item.
struct ItemSet: Sendable {
    /// The bits, item `i` at bit `i % 64` of word `i / 64`; bits past `count` are zero.
    private(set) var words: [UInt64]

    /// The items among 0..<count for which `contains` holds.
    init(count: Int, _ contains: (Int) -> Bool) {
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
        for item in 0..<count where contains(item) { words[item >> 6] |= 1 << UInt64(item & 63) }
    }

    /// The number of items in the set.
    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
}

/// How often each item was drawn in one bootstrap resample, held as bit planes (a bit-sliced counter per
/// item) so that the number of draws falling in an ``ItemSet`` is a few masked population counts.
struct ResampleCounts {
    /// Plane `k` (words `k * wordCount ..< (k + 1) * wordCount`) holds bit `k` of each item's draw count,
    /// laid out as ``ItemSet/words``.
    private var planes: [UInt64]
    private var planeCount = 0
    private let wordCount: Int

    /// Counts for `items` items, all zero.
    init(items: Int) {
        wordCount = (items + 63) / 64
        planes = [UInt64](repeating: 0, count: wordCount * 4)
    }

    /// Sets every count to zero.
    mutating func reset() {
        planes.withUnsafeMutableBufferPointer { planes in
            for index in 0..<(planeCount * wordCount) { planes[index] = 0 }
        }
        planeCount = 0
    }

    /// Counts one more draw of `item`.
    mutating func add(_ item: Int) {
        let bit: UInt64 = 1 << UInt64(item & 63)
        var index = item >> 6
        var plane = 0
        while true {
            if plane == planeCount {
                planeCount += 1
                if planes.count < planeCount * wordCount {
                    planes += [UInt64](repeating: 0, count: wordCount)
                }
            }
            let had = planes[index] & bit
            planes[index] ^= bit
            if had == 0 { return }
            plane += 1
            index += wordCount
        }
    }

    /// The number of draws that fell on items of `set`.
    func draws(in set: ItemSet) -> Int {
        var total = 0
        set.words.withUnsafeBufferPointer { mask in
            planes.withUnsafeBufferPointer { planes in
                for plane in 0..<planeCount {
                    var ones = 0
                    let bits = planes.baseAddress! + plane * wordCount
                    for word in 0..<wordCount { ones &+= (bits[word] & mask[word]).nonzeroBitCount }
                    total += ones << plane
                }
            }
        }
        return total
    }
}

extension ItemSet {
    /// Whether item `item` is in the set.
    func contains(_ item: Int) -> Bool { words[item >> 6] >> UInt64(item & 63) & 1 != 0 }
}

/// `x % count` for a fixed `count`, exactly, by a floating-point estimate of the quotient and an integer
/// correction instead of a 64-bit division (the bootstrap's draws are the same as with `%`).
struct FixedRemainder: Sendable {
    private let count: UInt64
    private let inverse: Double

    /// Remainders modulo `count` (at least 1).
    init(_ count: Int) {
        precondition(count >= 1)
        self.count = UInt64(count)
        inverse = 1 / Double(count)
    }

    /// `x % count`.
    @inline(__always) func callAsFunction(_ x: UInt64) -> Int {
        guard count > 1 else { return 0 }
        // The estimate is within a few units of the true quotient, so the signed remainder is small.
        let quotient = UInt64(Double(x) * inverse)
        var remainder = Int64(bitPattern: x &- quotient &* count)
        let modulus = Int64(count)
        while remainder < 0 { remainder += modulus }
        while remainder >= modulus { remainder -= modulus }
        return Int(remainder)
    }
}
