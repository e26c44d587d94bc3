import Foundation
import Statistics
import Testing

@testable import Corpus
@testable import Lexicon

@Suite("ModelCounter")
struct ModelCounterTests {
    static let first = "The dragon's fire burned. Ancient dragon fire burned bright!"
    static let second = "Dragon fire\nburned the old ancient city in 1999."

    /// Hand-checked: stopwords ("the", "in") are dropped before n-grams form, n-grams stop at `.`, `!`,
    /// and line breaks, "dragon's" counts as "dragon", "old" (3 letters) forms n-grams but is not a word
    /// feature, and "1999" is a number.
    @Test func countsOfATwoResponseExample() throws {
        let vocabulary = Vocabulary()
        var counter = ModelCounter(vocabulary: vocabulary)
        let counts = counter.count(outputs("m", [Self.first, Self.second]))
        let words = vocabulary.words

        #expect(counts.model == "m")
        #expect(counts.prompts == [PromptRef(id: "p1", text: nil), PromptRef(id: "p2", text: nil)])
        #expect(
            textTotals(counts.words, kind: .word, words: words) == [
                "dragon": [3, 2], "fire": [3, 2], "burned": [3, 2], "ancient": [2, 2], "bright": [1, 1],
                "city": [1, 1],
            ])
        #expect(counts.words.occurrences == 13)
        #expect(
            textTotals(counts.bigrams, kind: .bigram, words: words) == [
                "dragon fire": [3, 2], "fire burned": [2, 1], "ancient dragon": [1, 1], "burned bright": [1, 1],
                "burned old": [1, 1], "old ancient": [1, 1], "ancient city": [1, 1],
            ])
        #expect(counts.bigrams.occurrences == 10)
        #expect(
            textTotals(counts.trigrams, kind: .trigram, words: words) == [
                "dragon fire burned": [2, 1], "ancient dragon fire": [1, 1], "fire burned bright": [1, 1],
                "burned old ancient": [1, 1], "old ancient city": [1, 1],
            ])
        #expect(counts.trigrams.occurrences == 6)
        for kind in FeatureKind.allCases {
            #expect(counts[kind].keys == counts[kind].keys.sorted(), "\(kind) keys are sorted")
        }

        var expected = TextStatistics()
        expected.responses = 2
        expected.characters = Self.first.unicodeScalars.count + Self.second.unicodeScalars.count
        expected.words = 17
        expected.numbers = 1
        expected.sentences = 4
        #expect(counts.statistics.responses == expected.responses)
        #expect(counts.statistics.emptyResponses == 0)
        #expect(counts.statistics.characters == expected.characters)
        #expect(counts.statistics.words == expected.words)
        #expect(counts.statistics.numbers == expected.numbers)
        #expect(counts.statistics.sentences == expected.sentences)
        #expect(counts.content.rowCount == 2)
        #expect(counts.sources.map(\.records) == [2])
    }

    @Test func lookupByKeyFindsTheHandCheckedTotals() throws {
        let vocabulary = Vocabulary()
        var counter = ModelCounter(vocabulary: vocabulary)
        let counts = counter.count(outputs("m", [Self.first, Self.second]))
        let dragon = try #require(vocabulary.id(of: "dragon"))
        let fire = try #require(vocabulary.id(of: "fire"))
        let burned = try #require(vocabulary.id(of: "burned"))
        let old = try #require(vocabulary.id(of: "old"))
        #expect(counts.words.lookup(NGramKey.word(dragon)) == (3, 2))
        #expect(counts.words.lookup(NGramKey.word(old)) == (0, 0))
        #expect(counts.bigrams.lookup(NGramKey.bigram(dragon, fire)) == (3, 2))
        #expect(counts.bigrams.lookup(NGramKey.bigram(fire, dragon)) == (0, 0))
        #expect(counts.trigrams.lookup(NGramKey.trigram(dragon, fire, burned)) == (2, 1))
        #expect(NGramKey.words(of: NGramKey.trigram(dragon, fire, burned), order: 3) == [dragon, fire, burned])
    }

    @Test func charactersCountUnicodeScalars() {
        var counter = ModelCounter(vocabulary: Vocabulary())
        #expect(counter.count(outputs("m", ["caf\u{e9}"])).statistics.characters == 4)
        #expect(counter.count(outputs("m", ["cafe\u{301}"])).statistics.characters == 5)
        #expect(counter.count(outputs("m", ["\u{1F600} ok", "\u{6771}\u{4EAC}"])).statistics.characters == 6)
    }

    @Test func emptyResponsesAreRowsWithoutFeatures() {
        let vocabulary = Vocabulary()
        var counter = ModelCounter(vocabulary: vocabulary)
        let counts = counter.count(outputs("m", ["", "Dragons soar.", "   "]))
        #expect(counts.statistics.responses == 3)
        #expect(counts.statistics.emptyResponses == 1)
        #expect(counts.prompts.count == 3)
        #expect(counts.content.rowCount == 3)
        #expect(
            textTotals(counts.words, kind: .word, words: vocabulary.words) == ["dragons": [1, 1], "soar": [1, 1]])
        #expect(textTotals(counts.bigrams, kind: .bigram, words: vocabulary.words) == ["dragons soar": [1, 1]])
        #expect(counts.trigrams.count == 0)
    }

    @Test func nGramsDoNotCrossResponses() {
        let vocabulary = Vocabulary()
        var counter = ModelCounter(vocabulary: vocabulary)
        let counts = counter.count(outputs("m", ["silver moon", "rising tide"]))
        #expect(
            Set(textTotals(counts.bigrams, kind: .bigram, words: vocabulary.words).keys) == [
                "silver moon", "rising tide",
            ])
        #expect(counts.trigrams.count == 0)
    }

    @Test func counterCanBeReusedForAnotherModel() {
        let vocabulary = Vocabulary()
        var counter = ModelCounter(vocabulary: vocabulary)
        let a = counter.count(outputs("a", ["Shimmering lights danced."]))
        let b = counter.count(outputs("b", ["Quiet rivers flowed."]))
        #expect(a.statistics.words == 3)
        #expect(b.statistics.words == 3)
        #expect(b.statistics.responses == 1)
        #expect(
            Set(textTotals(b.words, kind: .word, words: vocabulary.words).keys) == ["quiet", "rivers", "flowed"])
    }

    /// Counting through the token cache agrees with a plain pipeline (tokenize, look up traits in the
    /// vocabulary, drop stopwords and numbers, form n-grams within sentences) on a random text with
    /// more than 16,384 distinct tokens, so the cache's table grows while counting.
    @Test func countsMatchAPlainPipelineOnALargeRandomText() throws {
        var generator = SplitMix64(seed: 2024)
        let letters = Array("abcdefghijklmnopqrstuvwxyz\u{e9}\u{f8}\u{3B1}")
        func randomWord() -> String {
            String(
                (0..<Int.random(in: 2...14, using: &generator)).map { _ in letters.randomElement(using: &generator)! })
        }
        let common = (0..<150).map { _ in randomWord() } + ["the", "and", "of", "it's", "elara's", "elara"]
        var texts: [String] = []
        for _ in 0..<24 {
            var text = ""
            for _ in 0..<1000 {
                let roll = Int.random(in: 0..<100, using: &generator)
                var word =
                    roll < 20
                    ? common.randomElement(using: &generator)! : roll < 22 ? String(roll * 37) : randomWord()
                if Int.random(in: 0..<10, using: &generator) == 0 { word = word.capitalized }
                text += word
                switch Int.random(in: 0..<20, using: &generator) {
                case 0: text += ". "
                case 1: text += "\n"
                case 2: text += ", "
                case 3: text += "! "
                default: text += " "
                }
            }
            texts.append(text)
        }

        struct Recorder: TokenSink {
            var events: [String?] = []  // nil marks a boundary
            mutating func token(_ bytes: UnsafeBufferPointer<UInt8>, numeric: Bool) {
                events.append(String(decoding: bytes, as: UTF8.self))
            }
            mutating func boundary() { events.append(nil) }
        }
        let vocabulary = Vocabulary()
        var counter = ModelCounter(vocabulary: vocabulary)
        let counts = counter.count(outputs("m", texts))
        #expect(vocabulary.count > 16_384)

        var expected: [FeatureKind: [String: [Int]]] = [.word: [:], .bigram: [:], .trigram: [:]]
        var seen: [FeatureKind: [String: Int]] = [.word: [:], .bigram: [:], .trigram: [:]]
        var tokenizer = Tokenizer()
        var words = 0
        for (row, original) in texts.enumerated() {
            var recorder = Recorder()
            var text = original
            text.withUTF8 { _ = tokenizer.scan($0, into: &recorder) }
            recorder.events.append(nil)
            var sentence: [String] = []
            func add(_ kind: FeatureKind, _ key: String) {
                expected[kind]![key, default: [0, 0]][0] += 1
                if seen[kind]![key] != row {
                    seen[kind]![key] = row
                    expected[kind]![key]![1] += 1
                }
            }
            for event in recorder.events {
                guard let token = event else {
                    sentence = []
                    continue
                }
                let traits = vocabulary.intern(token).1
                if traits.isNumeric { continue }
                words += 1
                guard traits.isContentWord else { continue }
                let word = vocabulary.word(traits.featureID)
                if traits.isWordFeature { add(.word, word) }
                sentence.append(word)
                if sentence.count >= 2 { add(.bigram, sentence.suffix(2).joined(separator: " ")) }
                if sentence.count >= 3 { add(.trigram, sentence.suffix(3).joined(separator: " ")) }
            }
        }
        let names = vocabulary.words
        for kind in FeatureKind.allCases {
            let actual = textTotals(counts[kind], kind: kind, words: names)
            #expect(actual.count == expected[kind]!.count, "\(kind)")
            #expect(actual == expected[kind]!, "\(kind)")
        }
        #expect(counts.statistics.words == words)
        #expect(expected[.word]!["elara"] != nil && expected[.word]!["elara's"] == nil)
    }

    @Test func mergingCountsOfTheSameModel() {
        let vocabulary = Vocabulary()
        var counter = ModelCounter(vocabulary: vocabulary)
        var merged = counter.count(outputs("m", [Self.first], file: "a.jsonl"))
        merged.merge(counter.count(outputs("m", [Self.second], file: "b.jsonl")))
        let whole = counter.count(outputs("m", [Self.first, Self.second]))
        let words = vocabulary.words
        for kind in FeatureKind.allCases {
            #expect(
                textTotals(merged[kind], kind: kind, words: words) == textTotals(whole[kind], kind: kind, words: words))
            #expect(merged[kind].occurrences == whole[kind].occurrences)
        }
        #expect(merged.statistics == whole.statistics)
        #expect(merged.sources.map(\.path) == ["a.jsonl", "b.jsonl"])
        #expect(merged.prompts.count == 2)
        #expect(merged.content.tokens == whole.content.tokens)
        #expect(merged.content.rowStarts == whole.content.rowStarts)
    }
}

/// FeatureTotals built by sorting agree with a plain dictionary count.
@Suite("FeatureTotals")
struct FeatureTotalsTests {
    /// A random content stream: rows of sentences of (id, isWordFeature).
    typealias Rows = [[[(id: UInt32, feature: Bool)]]]

    static func randomRows(_ generator: inout SplitMix64, rows: Int) -> Rows {
        (0..<rows).map { _ in
            (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                (0..<Int.random(in: 0...9, using: &generator)).map { _ in
                    // Mostly a small vocabulary (many repeats), sometimes ids using all 21 bits.
                    let id =
                        Int.random(in: 0..<10, using: &generator) < 8
                        ? UInt32.random(in: 0..<25, using: &generator)
                        : UInt32.random(in: 0..<(1 << 21), using: &generator)
                    return (id, Bool.random(using: &generator))
                }
            }
        }
    }

    static func stream(_ rows: Rows) -> ContentStream {
        var stream = ContentStream()
        for row in rows {
            for sentence in row {
                for token in sentence { stream.append(token.id, wordFeature: token.feature) }
                stream.appendBoundary()
            }
            stream.endRow()
        }
        return stream
    }

    /// key → (total, distinct rows), with rows numbered from `firstRow`.
    static func naive(_ rows: Rows, kind: FeatureKind) -> [UInt64: (total: Int, rows: Set<Int>)] {
        var result: [UInt64: (total: Int, rows: Set<Int>)] = [:]
        for (rowIndex, row) in rows.enumerated() {
            for sentence in row {
                let ids = sentence.map(\.id)
                var keys: [UInt64] = []
                switch kind {
                case .word:
                    keys = sentence.filter(\.feature).map { UInt64($0.id) }
                case .bigram:
                    if ids.count >= 2 {
                        keys = (0..<(ids.count - 1)).map { UInt64(ids[$0]) << 21 | UInt64(ids[$0 + 1]) }
                    }
                case .trigram:
                    if ids.count >= 3 {
                        keys = (0..<(ids.count - 2)).map {
                            UInt64(ids[$0]) << 42 | UInt64(ids[$0 + 1]) << 21 | UInt64(ids[$0 + 2])
                        }
                    }
                }
                for key in keys {
                    result[key, default: (0, [])].total += 1
                    result[key, default: (0, [])].rows.insert(rowIndex)
                }
            }
        }
        return result
    }

    static func check(
        _ totals: FeatureTotals, against expected: [UInt64: (total: Int, rows: Set<Int>)],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let keys = expected.keys.sorted()
        #expect(totals.keys == keys, sourceLocation: sourceLocation)
        #expect(totals.totals.map(Int.init) == keys.map { expected[$0]!.total }, sourceLocation: sourceLocation)
        #expect(totals.rows.map(Int.init) == keys.map { expected[$0]!.rows.count }, sourceLocation: sourceLocation)
        #expect(totals.occurrences == expected.values.reduce(0) { $0 + $1.total }, sourceLocation: sourceLocation)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func sortedTotalsEqualNaiveCounts(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        var scratch = CountingScratch()  // reused across calls, as the counters do
        let first = Self.randomRows(&generator, rows: Int.random(in: 1...60, using: &generator))
        let second = Self.randomRows(&generator, rows: Int.random(in: 0...40, using: &generator))
        let firstStream = Self.stream(first)
        let secondStream = Self.stream(second)
        var joined = firstStream
        joined.append(contentsOf: secondStream)
        for kind in FeatureKind.allCases {
            let a = FeatureTotals(firstStream, kind: kind, scratch: &scratch)
            let b = FeatureTotals(secondStream, kind: kind, scratch: &scratch)
            Self.check(a, against: Self.naive(first, kind: kind))
            Self.check(b, against: Self.naive(second, kind: kind))
            // merged(with:) and counting the concatenated stream both equal the naive count of all rows.
            let all = Self.naive(first + second, kind: kind)
            Self.check(a.merged(with: b), against: all)
            Self.check(b.merged(with: a), against: all)
            Self.check(FeatureTotals(joined, kind: kind, scratch: &scratch), against: all)
            Self.check(a.merged(with: FeatureTotals()), against: Self.naive(first, kind: kind))
        }
    }

    @Test func emptyStreamHasNoTotals() {
        var scratch = CountingScratch()
        var stream = ContentStream()
        stream.appendBoundary()
        stream.endRow()
        for kind in FeatureKind.allCases {
            let totals = FeatureTotals(stream, kind: kind, scratch: &scratch)
            #expect(totals.count == 0)
            #expect(totals.occurrences == 0)
            #expect(totals.lookup(0) == (0, 0))
            #expect(totals.index(of: 0) == nil)
        }
    }

    @Test func streamBoundariesAreNotRepeated() {
        var stream = ContentStream()
        stream.appendBoundary()  // nothing yet: no boundary
        stream.append(3, wordFeature: true)
        stream.appendBoundary()
        stream.appendBoundary()
        stream.append(4, wordFeature: false)
        stream.endRow()
        stream.appendBoundary()  // new empty row: no boundary
        stream.endRow()
        #expect(stream.tokens == [3, ContentStream.boundary, 4 | ContentStream.notWordFeature])
        #expect(stream.rowStarts == [0, 3, 3])
        #expect(stream.rowCount == 2)
        var words: [UInt64] = []
        stream.forEachKey(.word, row: 0) { words.append($0) }
        #expect(words == [3])
        var bigrams: [UInt64] = []
        stream.forEachKey(.bigram, row: 0) { bigrams.append($0) }
        #expect(bigrams.isEmpty)
    }
}
