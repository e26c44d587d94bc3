import Statistics
import Testing

@testable import Lexicon

/// `RadixSort` packs keys to the bits their word fields use and sorts them by equal-width digits: the result
/// must equal a stable comparison sort for any field widths.
@Suite("Radix sort")
struct RadixSortTests {
    /// Sorts `keys` (rows = their positions) with `RadixSort` and checks the order and stability.
    static func check(_ keys: [UInt64], fields: Int) {
        let scratch = CountingScratch()
        scratch.reserve(keys.count)
        for (index, key) in keys.enumerated() {
            scratch.keys[index] = key
            scratch.rows[index] = UInt32(index)
        }
        let (sortedKeys, sortedRows) = RadixSort.sort(keys.count, fields: fields, scratch: scratch)
        let expected = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        #expect((0..<keys.count).map { sortedKeys[$0] } == expected.map { keys[$0] })
        #expect((0..<keys.count).map { Int(sortedRows[$0]) } == expected)
    }

    @Test(arguments: [1, 2, 3])
    func packedKeysSortLikeAComparisonSort(fields: Int) {
        var generator = SplitMix64(seed: UInt64(fields))
        // Field widths from one bit to the full 21, different per field, so packing shifts every field.
        for widths in [[1, 1, 1], [21, 21, 21], [3, 17, 9], [12, 0, 20], [0, 0, 5]] {
            let keys = (0..<3_000).map { _ in
                (0..<fields).reduce(UInt64(0)) { key, field in
                    let value =
                        widths[field] == 0 ? 0 : UInt64.random(in: 0..<(1 << UInt64(widths[field])), using: &generator)
                    return key | value << UInt64(21 * field)
                }
            }
            Self.check(keys, fields: fields)
        }
    }

    @Test func keysWithBitsOutsideTheirFieldsAreSortedWhole() {
        var generator = SplitMix64(seed: 9)
        // One field declared, but keys use 60 bits: sorted as plain 64-bit keys.
        let keys = (0..<2_000).map { _ in
            UInt64.random(in: 0..<(1 << 60), using: &generator) | UInt64.random(in: 0...3, using: &generator)
        }
        Self.check(keys, fields: 1)
        Self.check(keys.map { $0 | 1 << 63 }, fields: 3)
    }

    @Test func equalKeysKeepTheirOrder() {
        Self.check(Array(repeating: 5 << 21 | 7, count: 100) + [0, 5 << 21 | 7, 1], fields: 2)
        Self.check([], fields: 2)
        Self.check([42], fields: 1)
    }
}
