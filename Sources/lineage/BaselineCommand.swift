import ArgumentParser
import Corpus
import Foundation
import Lexicon

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Human-writing baselines.",
        subcommands: [Build.self]
    )

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a word (and bigram/trigram) frequency baseline from human-written text.",
            discussion: """
                Reads plain text files (one document each), JSON Lines with a "text" or "output" field, or a \
                .json file holding an array of such records or of strings, or one such record (any of them \
                optionally gzip-compressed), from files or directories. Writes a TSV that --baseline reads.
                """
        )

        @Argument(help: "Human-written text files or directories.")
        var corpus: [String]

        @Option(help: "Output TSV file.")
        var out: String

        @Option(help: "Minimum occurrences for a term to be listed.")
        var minCount = 3

        func validate() throws {
            if corpus.isEmpty { throw ValidationError("give at least one file or directory") }
            if minCount < 1 { throw ValidationError("--min-count must be at least 1") }
        }

        func run() throws {
            try Terminal.run {
                try OutputLocation.checkFile(out)
                var builder = BaselineBuilder()
                var files: [String] = []
                for path in corpus {
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                        let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                            .filter { !($0 as NSString).lastPathComponent.hasPrefix(".") }
                            .map { (path as NSString).appendingPathComponent($0) }
                            .filter {
                                var d: ObjCBool = false
                                return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue
                            }
                        files += found.sorted()
                    } else {
                        files.append(path)
                    }
                }
                var digests: [String] = []
                for file in files {
                    builder.add(texts: try HumanTextReader.texts(file: file), file: file)
                    digests.append(
                        "\((file as NSString).lastPathComponent) sha256 \(try CorpusReader.sha256(of: file))")
                }
                let (baseline, words) = builder.build(
                    minimumCount: minCount, source: "human corpus: \(corpus.joined(separator: ", "))")
                guard !baseline.frequencies.isEmpty else {
                    throw CorpusError(
                        .emptyFile, at: SourceLocation(file: corpus.joined(separator: ", ")),
                        "no term occurs \(minCount) or more times")
                }
                let comments =
                    [
                        "Lineage baseline built from human-written text: \(corpus.joined(separator: ", "))",
                        "Word tokens: \(words); terms listed: \(baseline.frequencies.count) (minimum count \(minCount))",
                        "Words: frequency per word token. Bigrams/trigrams (space-joined, stopwords removed): per n-gram window.",
                    ] + digests.map { "Input: \($0)" }
                try AtomicFile.write(baseline.tsv(comments: comments), to: out)
                Terminal.note("lineage: wrote \(baseline.frequencies.count) terms to \(out)")
            }
        }
    }
}
