import Foundation
import Statistics
import Testing

@testable import Corpus
@testable import Lexicon

@Suite("Baseline")
struct BaselineTests {
    @Test func parsesValidText() throws {
        let text = """
            # Test baseline from a unit test
            # second comment is ignored

            the\t0.05
            dragon\t0.001\r
            dark forest\t0.0001
            caf\u{e9}\t2e-5
            dragon\t0.5

            """
        let baseline = try Baseline.parse(text, file: "test.tsv")
        #expect(baseline.source == "Test baseline from a unit test")
        #expect(baseline.frequencies.count == 4)
        #expect(baseline.frequency(of: "the") == 0.05)
        #expect(baseline.frequency(of: "dragon") == 0.001)  // the first entry of a term wins
        #expect(baseline.frequency(of: "dark forest") == 0.0001)
        #expect(baseline.frequency(of: "caf\u{e9}") == 2e-5)
        #expect(baseline.frequency(of: "missing") == nil)
        #expect(baseline.hasNGrams)
        #expect(baseline.floor == 1e-5)  // half the smallest word frequency; n-grams do not count
    }

    @Test func sourceDefaultsToTheFileName() throws {
        let baseline = try Baseline.parse("word\t0.5", file: "words.tsv")
        #expect(baseline.source == "words.tsv")
        #expect(!baseline.hasNGrams)
        #expect(baseline.floor == 0.25)
    }

    @Test(
        arguments: [
            ("a\t0.1\nno tab here\nb\t0.2\n", 2),
            ("# comment\n\na\t0.1\nb\t1.0001\n", 4),  // above 1 is not a proportion
            ("a\t0.1\nb\t1.5", 2),
            ("a\tabc\n", 1),
            ("a\t0.1\n\tb\n", 2),  // empty term
            ("a\t0\n", 1),
            ("a\t-0.1\n", 1),
            ("a\t\n", 1),
            ("a\t0.1\nb\t0.2\t0.3\n", 2),
            ("a\t0.1\r\nb\tnan\r\n", 2),
            ("a\t0.1 \n", 1),
        ])
    func malformedLineIsReportedAtItsLine(text: String, line: Int) throws {
        let error = try #require(corpusError { try Baseline.parse(text, file: "bad.tsv") })
        #expect(error.kind == .malformedLine)
        #expect(error.location == SourceLocation(file: "bad.tsv", line: line))
    }

    @Test func frequenciesReadExactlyAsDoubleParsingDoes() {
        var generator = SplitMix64(seed: 77)
        var texts = [
            "1", "1.", ".5", "0.0537", "9.12e-08", "5.75E-08", "1e-5", "2e+3", "00012.5000", "0.000000001",
            "123456789012345e-20", "1234567890123456789e-30", "1e-30", "4.9e-324", "1e", "e5", ".", "", "-0.1", "+0.5",
            "nan", "inf", "0x1p-3", "0.1 ", " 0.1", "1e-5x", "1.5.5", "1e-99999",
        ]
        for _ in 0..<5_000 {
            let value = Double.random(in: 1e-9...1, using: &generator)
            texts.append(String(format: "%.6g", value))
            texts.append(String(format: "%.17g", value))
            texts.append(String(value))
        }
        for text in texts {
            var copy = text
            let parsed = copy.withUTF8 { Baseline.parseFrequency($0) }
            #expect(parsed?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test func aByteOrderMarkIsNotPartOfTheFirstLine() throws {
        for text in ["\u{FEFF}# Source line\nthe\t0.05\n", "\u{FEFF}the\t0.05\n"] {
            let baseline = try Baseline.parse(text, file: "bom.tsv")
            #expect(baseline.frequency(of: "the") == 0.05)
            #expect(baseline.frequencies.count == 1)
        }
        #expect(try Baseline.parse("\u{FEFF}# Source line\nthe\t0.05\n", file: "bom.tsv").source == "Source line")
    }

    @Test func invalidUTF8TermIsReportedAtItsLine() throws {
        let bytes: [UInt8] = Array("a\t0.1\n".utf8) + [0x62, 0xFF, 0x09] + Array("0.2\n".utf8)
        let error = try #require(
            corpusError { try bytes.withUnsafeBufferPointer { try Baseline.parse(bytes: $0, file: "u.tsv") } })
        #expect(error.kind == .invalidUTF8)
        #expect(error.location == SourceLocation(file: "u.tsv", line: 2))
    }

    @Test func baselineWithoutEntriesIsEmpty() throws {
        let error = try #require(corpusError { try Baseline.parse("# only a comment\n\n", file: "e.tsv") })
        #expect(error.kind == .emptyFile)
        #expect(error.location == SourceLocation(file: "e.tsv"))
    }

    @Test func loadReadsAFileAndReportsMissingFiles() throws {
        try withTempDirectory { directory in
            let path = try write("# From disk\nword\t0.25\n", to: "b.tsv", in: directory)
            let baseline = try Baseline.load(path: path)
            #expect(baseline.source == "From disk")
            #expect(baseline.frequency(of: "word") == 0.25)
            let missing = (directory as NSString).appendingPathComponent("missing.tsv")
            let error = try #require(corpusError { try Baseline.load(path: missing) })
            #expect(error.kind == .unreadableFile)
            #expect(error.location == SourceLocation(file: missing))
        }
    }

    @Test func shippedEnglishBaselineLoads() throws {
        let english = Baseline.english
        #expect(english.frequencies.count >= 90_000)
        let top = try #require(english.frequencies.max { $0.value < $1.value })
        #expect(top.key == "the")
        #expect(english.frequencies.values.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(english.floor > 0)
        #expect(english.floor < english.frequency(of: "the")!)
        #expect(!english.hasNGrams)
        #expect(!english.source.isEmpty && !english.source.hasSuffix(".tsv"))  // the first comment line
        #expect(english.frequency(of: "don't") != nil)
    }
}

@Suite("BaselineBuilder")
struct BaselineBuilderTests {
    static let texts = ["The dragon breathed fire. The dragon slept.", "Fire and smoke filled the valley."]

    @Test func frequenciesAreProportionsOfWordsAndWindows() throws {
        var builder = BaselineBuilder()
        builder.add(texts: [Self.texts[0]], file: "a.txt")
        builder.add(texts: [Self.texts[1]], file: "b.txt")
        let (baseline, words) = builder.build(minimumCount: 1, source: "unit test")
        #expect(words == 13)
        #expect(baseline.source == "unit test")
        let f = baseline.frequencies
        // Words: 9 non-stopword tokens of 13 word tokens.
        #expect(f["dragon"] == 2.0 / 13)
        #expect(f["fire"] == 2.0 / 13)
        #expect(f["valley"] == 1.0 / 13)
        #expect(f["the"] == nil)
        #expect(f["and"] == nil)
        let wordSum = f.filter { !$0.key.contains(" ") }.values.reduce(0, +)
        #expect(abs(wordSum - 9.0 / 13) < 1e-12)
        // Bigrams: 6 windows; trigrams: 3 windows. Each kind sums to 1 over its windows.
        #expect(f["dragon breathed"] == 1.0 / 6)
        #expect(f["fire smoke"] == 1.0 / 6)  // "and" is a stopword, removed before n-grams form
        #expect(f["breathed fire dragon"] == nil)  // no n-gram crosses a sentence boundary
        #expect(f["dragon breathed fire"] == 1.0 / 3)
        let bigramSum = f.filter { $0.key.split(separator: " ").count == 2 }.values.reduce(0, +)
        let trigramSum = f.filter { $0.key.split(separator: " ").count == 3 }.values.reduce(0, +)
        #expect(abs(bigramSum - 1) < 1e-12)
        #expect(abs(trigramSum - 1) < 1e-12)
        #expect(f.count == 9 - 2 + 6 + 3)  // 7 distinct words, 6 bigrams, 3 trigrams
        #expect(f.values.allSatisfy { $0 > 0 && $0 <= 1 })
    }

    @Test func minimumCountDropsRareTerms() {
        var builder = BaselineBuilder()
        builder.add(texts: Self.texts, file: "a.txt")
        let (baseline, words) = builder.build(minimumCount: 2, source: "s")
        #expect(words == 13)
        #expect(baseline.frequencies == ["dragon": 2.0 / 13, "fire": 2.0 / 13])
    }

    @Test func emptyBuilderBuildsNothing() {
        let (baseline, words) = BaselineBuilder().build(minimumCount: 1, source: "nothing")
        #expect(words == 0)
        #expect(baseline.frequencies.isEmpty)
    }

    @Test func tsvRoundTripsThroughParse() throws {
        var builder = BaselineBuilder()
        builder.add(texts: Self.texts + ["Ancient dragons rarely sleep, yet this dragon slept soundly."], file: "h.txt")
        let (baseline, _) = builder.build(minimumCount: 1, source: "round trip")
        let tsv = baseline.tsv(comments: ["round trip", "built by a test"])
        #expect(tsv.hasPrefix("# round trip\n# built by a test\n"))
        // Lines are ordered by descending frequency.
        let values = tsv.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            Double($0.split(separator: "\t")[1])!
        }
        #expect(values == values.sorted(by: >))
        let parsed = try Baseline.parse(tsv, file: "round-trip.tsv")
        #expect(parsed.source == "round trip")
        #expect(Set(parsed.frequencies.keys) == Set(baseline.frequencies.keys))
        for (term, frequency) in baseline.frequencies {
            let read = try #require(parsed.frequency(of: term))
            #expect(abs(read - frequency) <= frequency * 1e-5, "\(term)")
        }
        #expect(parsed.hasNGrams == baseline.hasNGrams)
    }

    /// A tiny corpus whose only bigram is "dragons everywhere" gives that bigram frequency 1, which
    /// the TSV writes as "1" and `Baseline.parse` must accept.
    @Test func tsvOfATinyCorpusRoundTrips() throws {
        var builder = BaselineBuilder()
        builder.add(texts: ["Dragons everywhere"], file: "tiny.txt")
        let (baseline, _) = builder.build(minimumCount: 1, source: "tiny")
        let tsv = baseline.tsv(comments: ["tiny"])
        let parsed = try Baseline.parse(tsv, file: "tiny.tsv")
        #expect(parsed.frequencies.count == baseline.frequencies.count)
    }
}
