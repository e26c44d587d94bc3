import ArgumentParser
import Corpus
import Fingerprint
import Lexicon

/// Where model outputs come from and how strictly to read them.
struct InputOptions: ParsableArguments {
    @Argument(
        help: "Output files or directories (JSONL, .jsonl.gz, AlpacaEval model_outputs.json, slop-forensics datasets).")
    var inputs: [String] = []

    @Flag(help: "Skip bad records instead of stopping, and report how many were skipped per file.")
    var lenient = false

    var readOptions: ReadOptions { ReadOptions(lenient: lenient) }
}

/// The human baseline and the profile thresholds.
struct ProfileOptions: ParsableArguments {
    @Option(
        help: "Human word-frequency baseline (TSV from `lineage baseline build`); default: the shipped English one.")
    var baseline: String?

    @Option(help: "Minimum occurrences of a feature in a model.")
    var minCount = 5

    @Option(help: "Minimum number of prompts whose answers hold a feature.")
    var minPrompts = 3

    @Option(
        help:
            "Over-represented words kept per profile (analyze and tree keep at least twice --words, for the bootstrap)."
    )
    var topWords = 1000

    @Option(
        help:
            "Over-represented bigrams and trigrams kept per profile, each (analyze and tree: at least twice --bigrams)."
    )
    var topNgrams = 200

    @Option(help: "Shortest word feature in characters (words with an apostrophe always count).")
    var minWordLength = 4

    func validate() throws {
        for (name, value) in [
            ("--min-count", minCount), ("--min-prompts", minPrompts), ("--top-words", topWords),
            ("--top-ngrams", topNgrams), ("--min-word-length", minWordLength),
        ] where value < 1 {
            throw ValidationError("\(name) must be at least 1")
        }
    }

    /// The baseline given with --baseline, or nil for the shipped English one.
    func loadBaseline() throws(CorpusError) -> Baseline? {
        guard let baseline else { return nil }
        return try Baseline.load(path: baseline)
    }

    func settings(baseline: Baseline?) -> ProfileSettings {
        ProfileSettings(
            minimumCount: minCount, minimumPrompts: minPrompts, topWords: topWords, topNGrams: topNgrams,
            minimumWordLength: minWordLength, baseline: baseline?.source ?? "")
    }
}
