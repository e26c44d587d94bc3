/// Per-prompt counts in compressed sparse row form: row `r` holds the keys seen in prompt `r` and their counts.
public struct SparseCounts: Sendable {
    /// `rowStarts[r]..<rowStarts[r+1]` indexes row `r` in ``keys`` and ``counts``.
    public private(set) var rowStarts: [Int] = [0]
    /// Feature keys, row after row.
    public private(set) var keys: [UInt64] = []
    /// Counts parallel to ``keys``.
    public private(set) var counts: [UInt32] = []

    /// Creates an empty matrix.
    public init() {}


    /// Number of rows.
    public var rowCount: Int { rowStarts.count - 1 }

    /// Appends a row of (key, count) pairs.
    public mutating func appendRow<S: Sequence<(UInt64, UInt32)>>(_ entries: S) {
        for (key, count) in entries {
            keys.append(key)
            counts.append(count)
        }
        rowStarts.append(keys.count)
    }

    /// The entries of row `row`.
    public func row(_ row: Int) -> Zip2Sequence<ArraySlice<UInt64>, ArraySlice<UInt32>> {
        let range = rowStarts[row]..<rowStarts[row + 1]
        return zip(keys[range], counts[range])
    }

    /// A copy holding only entries whose key passes `keep`.
    public func filter(_ keep: (UInt64) -> Bool) -> SparseCounts {
        var result = SparseCounts()
        for r in 0..<rowCount {
            result.appendRow(row(r).filter { keep($0.0) })
        }
        return result
    }

    /// This matrix with `other`'s rows appended.
    public mutating func append(contentsOf other: SparseCounts) {
        for r in 0..<other.rowCount { appendRow(other.row(r)) }
    }
}

/// Every feature occurrence of a model, row (prompt) by row, in text order: the raw material from which
/// per-prompt counts of any chosen features are derived.
public struct FeatureStream: Sendable {
    /// `rowStarts[r]..<rowStarts[r+1]` indexes row `r` in ``keys``.
    public private(set) var rowStarts: [Int] = [0]
    /// Feature keys in text order.
    public private(set) var keys: [UInt64] = []

    /// Creates an empty stream.
    public init() {}

    /// Number of rows.
    public var rowCount: Int { rowStarts.count - 1 }

    /// Appends a row.
    mutating func appendRow(_ row: [UInt64]) {
        keys.append(contentsOf: row)
        rowStarts.append(keys.count)
    }

    /// Reserves room for `count` more keys.
    mutating func reserve(_ count: Int) { keys.reserveCapacity(keys.count + count) }

    /// This stream with `other`'s rows appended.
    mutating func append(contentsOf other: FeatureStream) {
        let offset = keys.count
        keys.append(contentsOf: other.keys)
        rowStarts.append(contentsOf: other.rowStarts.dropFirst().map { $0 + offset })
    }

    /// Per-row counts of the keys in `selected` (other keys are left out).
    public func counts(of selected: Set<UInt64>) -> SparseCounts {
        var result = SparseCounts()
        var rowCounts: [UInt64: UInt32] = [:]
        for row in 0..<rowCount {
            rowCounts.removeAll(keepingCapacity: true)
            for key in keys[rowStarts[row]..<rowStarts[row + 1]] where selected.contains(key) {
                rowCounts[key, default: 0] += 1
            }
            result.appendRow(rowCounts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        return result
    }
}

/// Packs word ids into n-gram keys: 21 bits per word.
public enum NGramKey {
    /// The key of a word.
    @inline(__always) public static func word(_ a: UInt32) -> UInt64 { UInt64(a) }
    /// The key of a bigram.
    @inline(__always) public static func bigram(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) << 21 | UInt64(b) }
    /// The key of a trigram.
    @inline(__always) public static func trigram(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt64 {
        UInt64(a) << 42 | UInt64(b) << 21 | UInt64(c)
    }
    /// The word ids in a key of `order` words.
    public static func words(of key: UInt64, order: Int) -> [UInt32] {
        (0..<order).reversed().map { UInt32((key >> (21 * UInt64($0))) & 0x1F_FFFF) }
    }
}
