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
    @inlinable @inline(__always)
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
