/// Turns texts into the ids of their word tokens in a shared ``Vocabulary``, quickly; one per worker thread.
///
/// Numbers are dropped. Each word also gets a stable 64-bit hash of its case-folded text (FNV-1a), which, unlike
/// the ids, does not depend on the order in which threads met the words.
public struct WordReader {
    private var tokenizer = Tokenizer()
    private var sink: Sink

    struct Sink: TokenSink {
        var cache: TokenCache
        var ids: [UInt32] = []
        var hashes: [UInt64] = []

        @inline(__always) mutating func token(_ bytes: UnsafeBufferPointer<UInt8>, numeric: Bool) {
            let traits = cache.lookup(bytes)
            guard !traits.isNumeric else { return }
            ids.append(traits.featureID)
            hashes.append(WordReader.hash(bytes))
        }

        mutating func boundary() {}
    }

    /// Creates a reader interning into `vocabulary`.
    public init(vocabulary: Vocabulary) {
        sink = Sink(cache: TokenCache(vocabulary: vocabulary))
    }

    /// The hash `words(in:)` gives a word: 64-bit FNV-1a of its case-folded UTF-8 bytes.
    public static func hash(of word: String) -> UInt64 {
        var copy = word
        return copy.withUTF8 { hash($0) }
    }

    @inline(__always) static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// The word ids of `text` in order (possessives counted as their base word), and each word's text hash.
    public mutating func words(in text: String) -> (ids: [UInt32], hashes: [UInt64]) {
        sink.ids.removeAll(keepingCapacity: true)
        sink.hashes.removeAll(keepingCapacity: true)
        var copy = text
        _ = copy.withUTF8 { tokenizer.scan($0, into: &sink) }
        return (sink.ids, sink.hashes)
    }
}
