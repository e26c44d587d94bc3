import Corpus
import Foundation

/// Builds a ``Baseline`` from human-written text.
public struct BaselineBuilder {
    private let vocabulary: Vocabulary
    private var counter: ModelCounter
    private var pieces: [ModelCounts] = []

    /// Creates a builder; every word (of any length) that is not a stopword gets a frequency.
    public init(stopwords: Stopwords = .english) {
        vocabulary = Vocabulary(stopwords: stopwords, settings: LexiconSettings(minimumWordLength: 1))
        counter = ModelCounter(vocabulary: vocabulary)
    }

    /// Adds texts from `file`.
    public mutating func add(texts: [String], file: String) {
        let outputs = ModelOutputs(
            model: "human", file: file,
            responses: texts.map { Response(promptID: nil, prompt: nil, text: $0) }, format: .jsonLines, sha256: "")
        pieces.append(counter.count(outputs))
    }

    /// The frequencies of words (per word token) and of bigrams and trigrams (per n-gram window) seen
    /// at least `minimumCount` times, with a description.
    public func build(minimumCount: Int, source: String) -> (baseline: Baseline, words: Int) {
        guard var all = pieces.first else { return (Baseline(source: source, frequencies: [:]), 0) }
        for piece in pieces.dropFirst() { all.merge(piece) }
        let words = vocabulary.words
        var frequencies: [String: Double] = [:]
        for kind in FeatureKind.allCases {
            let totals = all[kind]
            let denominator = Double(max(1, kind == .word ? all.statistics.words : totals.occurrences))
            for index in 0..<totals.count where Int(totals.totals[index]) >= minimumCount {
                let text = NGramKey.text(of: totals.keys[index], order: kind.order, words: words)
                frequencies[text] = Double(totals.totals[index]) / denominator
            }
        }
        return (Baseline(source: source, frequencies: frequencies), all.statistics.words)
    }
}

extension Baseline {
    /// The baseline as a TSV file: `#` comment lines, then `term<TAB>frequency` by descending frequency.
    public func tsv(comments: [String]) -> String {
        var text = comments.map { "# \($0)\n" }.joined()
        let sorted = frequencies.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        for (term, frequency) in sorted {
            text += term + "\t" + String(format: "%.6g", frequency) + "\n"
        }
        return text
    }
}
