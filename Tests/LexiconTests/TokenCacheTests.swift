import Statistics
import Testing

@testable import Lexicon

/// The token cache returns the vocabulary's traits for every token, whatever its length and however often
/// its front-table entry was evicted.
@Suite("Token cache")
struct TokenCacheTests {
    @Test func lookupsAgreeWithTheVocabulary() {
        var generator = SplitMix64(seed: 31)
        let letters = Array("abcdefghijklmnopqrstuvwxyz'".utf8)
        // Lengths 1...30 cover the short table (≤ 8 bytes), the long table (9...16) and the main table only;
        // 60,000 distinct tokens overflow both front tables and make the main table grow.
        var tokens = Set<String>()
        while tokens.count < 60_000 {
            let length = Int.random(in: 1...30, using: &generator)
            var bytes = (0..<length).map { _ in letters[Int.random(in: 0..<26, using: &generator)] }
            if length > 3 && Bool.random(using: &generator) { bytes[length / 2] = UInt8(ascii: "'") }
            tokens.insert(String(decoding: bytes, as: UTF8.self))
        }
        tokens.formUnion(["the", "a", "don't", "forest's", "extraordinarily", "internationalisation"])
        let ordered = tokens.sorted()
        let vocabulary = Vocabulary()
        var cache = TokenCache(vocabulary: vocabulary)
        for round in 0..<3 {
            for token in round == 1 ? ordered.reversed() : ordered.shuffled(using: &generator) {
                var copy = token
                let cached = copy.withUTF8 { cache.lookup($0) }
                #expect(cached == vocabulary.intern(token).1, "\(token)")
            }
        }
        #expect(TokenCache.unpack(TokenCache.pack(vocabulary.intern("forest's").1)) == vocabulary.intern("forest's").1)
    }
}
