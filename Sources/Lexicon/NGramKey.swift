/// Packs word ids into n-gram keys: 21 bits per word.
public enum NGramKey {
    /// The key of a word.
    @inlinable @inline(__always) public static func word(_ a: UInt32) -> UInt64 { UInt64(a) }
    /// The key of a bigram.
    @inlinable @inline(__always) public static func bigram(_ a: UInt32, _ b: UInt32) -> UInt64 {
        UInt64(a) << 21 | UInt64(b)
    }
    /// The key of a trigram.
    @inlinable @inline(__always) public static func trigram(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt64 {
        UInt64(a) << 42 | UInt64(b) << 21 | UInt64(c)
    }
    /// The word ids in a key of `order` words.
    public static func words(of key: UInt64, order: Int) -> [UInt32] {
        (0..<order).reversed().map { UInt32((key >> (21 * UInt64($0))) & 0x1F_FFFF) }
    }

    /// The text of a key of `order` words: the words joined by single spaces.
    public static func text(of key: UInt64, order: Int, words: [String]) -> String {
        Self.words(of: key, order: order).map { words[Int($0)] }.joined(separator: " ")
    }
}
