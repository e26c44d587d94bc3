import Foundation
import Testing

@testable import Corpus
@testable import Lexicon

@Suite("CorpusCounter")
struct CorpusCounterTests {
    /// Three files: "alpha" split over two of them, "beta" in the third.
    static func writeCorpus(in directory: String) throws {
        try write(
            """
            {"model": "alpha", "prompt_id": "1", "output": "The silver dragon soared. Ancient dragon fire!"}
            {"model": "alpha", "prompt_id": "2", "output": "Whispering shadows gathered."}

            """, to: "alpha-part1.jsonl", in: directory)
        try write(
            """
            {"model": "alpha", "prompt_id": "3", "output": "Silver dragon fire burned."}

            """, to: "alpha-part2.jsonl", in: directory)
        try write(
            """
            {"model": "beta", "prompt_id": "1", "output": "A quiet river flowed."}
            {"model": "beta", "prompt_id": "2", "output": "Whispering shadows, whispering winds."}
            {"model": "beta", "prompt_id": "3", "output": "Silver dragon, silver moon."}

            """, to: "beta.jsonl", in: directory)
    }

    /// A run's results with word ids replaced by text, so runs with different id orders compare.
    struct Summary: Equatable {
        var models: [String]
        var statistics: [TextStatistics]
        var features: [[FeatureKind: [String: [Int]]]]
        var promptKeys: [String]
        var promptRows: [[Int]]
        var sources: [[String]]
    }

    static func summary(_ corpus: CountedCorpus) -> Summary {
        let words = corpus.vocabulary.words
        return Summary(
            models: corpus.models.map(\.model), statistics: corpus.models.map(\.statistics),
            features: corpus.models.map { model in
                Dictionary(
                    uniqueKeysWithValues: FeatureKind.allCases.map {
                        ($0, textTotals(model[$0], kind: $0, words: words))
                    })
            },
            promptKeys: corpus.prompts.keys, promptRows: corpus.prompts.rows,
            sources: corpus.models.map { $0.sources.map { ($0.path as NSString).lastPathComponent } })
    }

    @Test func mergesByModelAndIsDeterministic() throws {
        try withTempDirectory { directory in
            try Self.writeCorpus(in: directory)
            let files = try CorpusReader.inputFiles([directory])
            #expect(files.count == 3)
            let first = try CorpusCounter.count(files: files)
            let second = try CorpusCounter.count(files: files, vocabulary: Vocabulary())
            #expect(Self.summary(first) == Self.summary(second))

            let summary = Self.summary(first)
            #expect(summary.models == ["alpha", "beta"])
            #expect(summary.sources == [["alpha-part1.jsonl", "alpha-part2.jsonl"], ["beta.jsonl"]])
            #expect(summary.statistics.map(\.responses) == [3, 3])
            #expect(first.prompts.matching == .id)
            #expect(summary.promptKeys == ["1", "2", "3"])
            #expect(summary.promptRows == [[0, 1, 2], [0, 1, 2]])
            #expect(first.skipped.isEmpty)

            // alpha: "silver dragon" twice (prompts 1 and 3), "dragon fire" twice (prompts 1 and 3).
            let alpha = summary.features[0]
            #expect(alpha[.word]?["dragon"] == [3, 2])
            #expect(alpha[.word]?["silver"] == [2, 2])
            #expect(alpha[.bigram]?["silver dragon"] == [2, 2])
            #expect(alpha[.bigram]?["dragon fire"] == [2, 2])
            #expect(alpha[.bigram]?["dragon soared"] == [1, 1])
            #expect(alpha[.bigram]?["soared ancient"] == nil)  // sentence boundary
            #expect(alpha[.trigram]?["silver dragon fire"] == [1, 1])
            let beta = summary.features[1]
            #expect(beta[.word]?["whispering"] == [2, 1])
            #expect(beta[.bigram]?["whispering shadows"] == [1, 1])
            // commas do not end sentences
            #expect(beta[.bigram]?["shadows whispering"] == [1, 1])
            #expect(beta[.trigram]?["dragon silver moon"] == [1, 1])
        }
    }

    /// The merged counts of a model split over two files equal the counts of one file holding both.
    @Test func splitModelEqualsSingleFile() throws {
        try withTempDirectory { directory in
            try Self.writeCorpus(in: directory)
            let split = try CorpusCounter.count(files: [
                (directory as NSString).appendingPathComponent("alpha-part1.jsonl"),
                (directory as NSString).appendingPathComponent("alpha-part2.jsonl"),
            ])
            let one = try write(
                """
                {"model": "alpha", "prompt_id": "1", "output": "The silver dragon soared. Ancient dragon fire!"}
                {"model": "alpha", "prompt_id": "2", "output": "Whispering shadows gathered."}
                {"model": "alpha", "prompt_id": "3", "output": "Silver dragon fire burned."}

                """, to: "one.jsonl", in: directory)
            let single = try CorpusCounter.count(files: [one])
            let a = Self.summary(split)
            let b = Self.summary(single)
            #expect(a.models == b.models)
            #expect(a.statistics == b.statistics)
            #expect(a.features == b.features)
            #expect(a.promptKeys == b.promptKeys)
        }
    }

    @Test func lenientSkipsAreReportedPerFile() throws {
        try withTempDirectory { directory in
            let good = try write(
                #"{"model": "m", "prompt_id": "1", "output": "fine words"}"# + "\n", to: "a.jsonl", in: directory)
            let bad = try write(
                #"{"model": "m", "prompt_id": "2", "output": "more words"}"# + "\n{broken\n", to: "b.jsonl",
                in: directory)
            let corpus = try CorpusCounter.count(files: [good, bad], options: ReadOptions(lenient: true))
            #expect(corpus.models.map(\.model) == ["m"])
            #expect(corpus.models.first?.statistics.responses == 2)
            #expect(corpus.skipped.map(\.file) == [bad])
            #expect(corpus.skipped.first?.errors.map(\.location) == [SourceLocation(file: bad, line: 2)])
            #expect(corpus.models.first?.sources.map(\.skipped) == [0, 1])
        }
    }

    @Test func aModelWithoutAnyAnswerIsAnErrorNamingItsFile() throws {
        try withTempDirectory { directory in
            let good = try write(Self.goodLine, to: "m.jsonl", in: directory)
            // What a collect run stopped by a refused key leaves: its run record and nothing else.
            let empty = try write(
                #"{"model": "m2", "lineage_metadata": {"kind": "run", "endpoint": "http://x"}}"# + "\n",
                to: "m2.jsonl", in: directory)
            let error = try #require(corpusError { try CorpusCounter.count(files: [good, empty]) })
            #expect(error.kind == .noAnswers)
            #expect(error.location == SourceLocation(file: empty))
            #expect("\(error)".contains("no answers: model \"m2\": not one output record was read"))
        }
    }

    static let goodLine = #"{"model": "m", "output": "plain words here"}"# + "\n"
    static let badLine = #"{"model": "m"}"# + "\n"

    /// Two bad files: the error of the first in input order is reported, even when it is the slowest
    /// to read (here it is large and its bad record is on its last line, so with several workers the
    /// later bad file usually fails first).
    @Test func theEarliestBadFileIsReported() throws {
        try withTempDirectory { directory in
            let files = [
                try write(String(repeating: Self.goodLine, count: 20000) + Self.badLine, to: "f0.jsonl", in: directory),
                try write(Self.goodLine, to: "f1.jsonl", in: directory),
                try write(Self.goodLine, to: "f2.jsonl", in: directory),
                try write(Self.badLine, to: "f3.jsonl", in: directory),
                try write(Self.goodLine, to: "f4.jsonl", in: directory),
            ]
            for _ in 0..<2 {
                let error = try #require(corpusError { try CorpusCounter.count(files: files) })
                #expect(error.kind == .missingField)
                #expect(error.location == SourceLocation(file: files[0], line: 20001))
            }
        }
    }

    /// A small bad file first, then more large bad files than there are workers. Every worker fails on
    /// a large file and stops before the first (small) file is read, so a later file's error is
    /// reported instead of the first file's.
    @Test func theEarliestBadFileIsReportedWhenLaterBadFilesAreLarger() throws {
        try withTempDirectory { directory in
            var files = [try write(Self.badLine, to: "a-small.jsonl", in: directory)]
            for index in 0...ProcessInfo.processInfo.activeProcessorCount {
                files.append(
                    try write(
                        Self.badLine + String(repeating: Self.goodLine, count: 50), to: "b-large\(index).jsonl",
                        in: directory))
            }
            let error = try #require(corpusError { try CorpusCounter.count(files: files) })
            #expect(error.kind == .missingField)
            #expect(error.location == SourceLocation(file: files[0], line: 1))
        }
    }

    @Test func progressIsReportedForEveryFile() throws {
        try withTempDirectory { directory in
            try Self.writeCorpus(in: directory)
            let files = try CorpusReader.inputFiles([directory])
            final class Calls: @unchecked Sendable {
                let lock = NSLock()
                var values: [Int] = []
            }
            let calls = Calls()
            _ = try CorpusCounter.count(files: files) { done, total in
                calls.lock.lock()
                calls.values.append(done)
                calls.lock.unlock()
                #expect(total == 3)
            }
            #expect(calls.values.sorted() == [1, 2, 3])
        }
    }
}
