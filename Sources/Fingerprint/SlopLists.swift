import Lexicon

/// One entry of a slop list.
public struct SlopEntry: Sendable, Hashable, Codable {
    /// The word or space-joined n-gram.
    public var feature: String
    /// Occurrences over all models.
    public var count: Int
    /// Models that over-use it.
    public var models: Int
    /// Why it is listed: `over-represented` (against the baseline), `not-in-baseline`, or `shared` (n-grams
    /// in the top lists of several models).
    public var reason: String
}

/// Features over-used across a whole run: the vocabulary of "slop".
public struct SlopLists: Sendable, Hashable, Codable {
    /// Words: the most over-represented against the baseline, plus the most frequent absent from it.
    public var words: [SlopEntry]
    /// Bigrams in the top lists of at least two models, most frequent first.
    public var bigrams: [SlopEntry]
    /// Trigrams in the top lists of at least two models, most frequent first.
    public var trigrams: [SlopEntry]

    /// The entries of `kind`.
    public subscript(kind: FeatureKind) -> [SlopEntry] {
        switch kind {
        case .word: words
        case .bigram: bigrams
        case .trigram: trigrams
        }
    }

    /// Sizes of the lists (slop-forensics' defaults).
    public struct Limits: Sendable, Hashable {
        /// Over-represented words.
        public var overRepresentedWords = 1500
        /// Words absent from the baseline.
        public var absentWords = 500
        /// Bigrams and trigrams (each).
        public var nGrams = 1000
        /// Baseline frequency above which a word is too common for the list.
        public var commonWordFrequency = 1.2e-5
        /// Models whose top lists must share an n-gram.
        public var minimumModels = 2

        /// Default limits.
        public init() {}
    }

    /// N-gram lists from the models' top lists: those shared by `minimumModels` models, by total count.
    static func shared(_ profiles: [Profile], kind: FeatureKind, limits: Limits) -> [SlopEntry] {
        var totals: [String: (count: Int, models: Int)] = [:]
        for profile in profiles {
            for feature in profile[kind] {
                totals[feature.feature, default: (0, 0)].count += feature.count ?? 0
                totals[feature.feature, default: (0, 0)].models += 1
            }
        }
        return totals.filter { $0.value.models >= limits.minimumModels }
            .map { SlopEntry(feature: $0.key, count: $0.value.count, models: $0.value.models, reason: "shared") }
            .sorted { ($0.count, $1.feature) > ($1.count, $0.feature) }
            .prefix(limits.nGrams).map { $0 }
    }
}
