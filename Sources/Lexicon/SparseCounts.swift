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

/// A model's content words (no stopwords, numbers or single letters) row (prompt) by row, in text
/// order, with sentence boundaries: the compact record from which word, bigram and trigram occurrences
/// of any prompt are derived.
public struct ContentStream: Sendable {
    /// Marks the end of a sentence.
    public static let boundary = UInt32.max
    /// Set on a token that is not a word feature (too short); it still forms n-grams.
    public static let notWordFeature: UInt32 = 1 << 31

    /// `rowStarts[r]..<rowStarts[r+1]` indexes row `r` in ``tokens``.
    public private(set) var rowStarts: [Int] = [0]
    /// Word ids (with ``notWordFeature`` flag) and ``boundary`` markers.
    public private(set) var tokens: [UInt32] = []

    /// Creates an empty stream.
    public init() {}

    /// Number of rows.
    public var rowCount: Int { rowStarts.count - 1 }

    @inline(__always) mutating func append(_ id: UInt32, wordFeature: Bool) {
        tokens.append(wordFeature ? id : id | Self.notWordFeature)
    }

    @inline(__always) mutating func appendBoundary() {
        if let last = tokens.last, last != Self.boundary, tokens.count > rowStarts[rowStarts.count - 1] {
            tokens.append(Self.boundary)
        }
    }

    mutating func endRow() { rowStarts.append(tokens.count) }

    mutating func reserve(_ count: Int) { tokens.reserveCapacity(tokens.count + count) }

    /// This stream with `other`'s rows appended.
    mutating func append(contentsOf other: ContentStream) {
        let offset = tokens.count
        tokens.append(contentsOf: other.tokens)
        rowStarts.append(contentsOf: other.rowStarts.dropFirst().map { $0 + offset })
    }

    /// Calls `body` with the key of every feature of `kind` in row `row`, in text order.
    @inline(__always)
    public func forEachKey(_ kind: FeatureKind, row: Int, _ body: (UInt64) -> Void) {
        tokens.withUnsafeBufferPointer { t in
            var previous1 = Self.boundary
            var previous2 = Self.boundary
            for index in rowStarts[row]..<rowStarts[row + 1] {
                let token = t[index]
                if token == Self.boundary {
                    previous1 = Self.boundary
                    previous2 = Self.boundary
                    continue
                }
                let id = token & ~Self.notWordFeature
                switch kind {
                case .word:
                    if token & Self.notWordFeature == 0 { body(NGramKey.word(id)) }
                case .bigram:
                    if previous1 != Self.boundary { body(NGramKey.bigram(previous1, id)) }
                case .trigram:
                    if previous2 != Self.boundary { body(NGramKey.trigram(previous2, previous1, id)) }
                }
                previous2 = previous1
                previous1 = id
            }
        }
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
