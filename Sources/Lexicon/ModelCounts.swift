import Corpus

/// The kinds of lexical feature counted per prompt.
public enum FeatureKind: String, Sendable, Hashable, Codable, CaseIterable {
    case word, bigram, trigram

    /// Number of words in a feature of this kind.
    public var order: Int {
        switch self {
        case .word: 1
        case .bigram: 2
        case .trigram: 3
        }
    }
}

/// Whole-text statistics of one model, summed over its responses.
public struct TextStatistics: Sendable, Hashable, Codable {
    /// Responses read.
    public var responses = 0
    /// Responses with no text.
    public var emptyResponses = 0
    /// Unicode scalars over all responses.
    public var characters = 0
    /// Word tokens (letters), stopwords included.
    public var words = 0
    /// Number tokens (with digits).
    public var numbers = 0
    /// Estimated syllables over word tokens.
    public var syllables = 0
    /// Word tokens with 3+ estimated syllables.
    public var polysyllabicWords = 0
    /// Sentences (text between boundaries holding at least one word).
    public var sentences = 0

    /// Creates empty statistics.
    public init() {}

    /// Adds `other`'s sums to these.
    public mutating func add(_ other: TextStatistics) {
        responses += other.responses
        emptyResponses += other.emptyResponses
        characters += other.characters
        words += other.words
        numbers += other.numbers
        syllables += other.syllables
        polysyllabicWords += other.polysyllabicWords
        sentences += other.sentences
    }
}

/// Counts of one feature kind for one model: totals for every key, and every occurrence per prompt.
public struct FeatureCounts: Sendable {
    /// Every key's total count and the number of prompts containing it.
    public internal(set) var totals: FeatureTotals
    /// Occurrences per prompt (rows parallel to ``ModelCounts/prompts``).
    public internal(set) var stream: FeatureStream

    /// Feature occurrences (word-feature tokens or n-gram windows) over all prompts.
    public var occurrences: Int { stream.keys.count }

    init() {
        totals = FeatureTotals()
        stream = FeatureStream()
    }
}

/// Everything the later stages need to know about one model's outputs, without the texts.
public struct ModelCounts: Sendable {
    /// The model.
    public var model: String
    /// The files its outputs came from.
    public var sources: [SourceFile]
    /// The prompt each row answers.
    public var prompts: [PromptRef]
    /// Whole-text sums.
    public var statistics: TextStatistics
    /// Word features (stopwords and numbers excluded).
    public var words: FeatureCounts
    /// Bigrams of non-stopword words within a sentence.
    public var bigrams: FeatureCounts
    /// Trigrams of non-stopword words within a sentence.
    public var trigrams: FeatureCounts

    /// The counts of `kind`.
    public subscript(kind: FeatureKind) -> FeatureCounts {
        switch kind {
        case .word: words
        case .bigram: bigrams
        case .trigram: trigrams
        }
    }

    /// Appends `other` (the same model, read from another file).
    public mutating func merge(_ other: ModelCounts) {
        sources += other.sources
        prompts += other.prompts
        statistics.add(other.statistics)
        for kind in FeatureKind.allCases {
            var mine = self[kind]
            let theirs = other[kind]
            mine.totals = mine.totals.merged(with: theirs.totals)
            mine.stream.append(contentsOf: theirs.stream)
            switch kind {
            case .word: words = mine
            case .bigram: bigrams = mine
            case .trigram: trigrams = mine
            }
        }
    }
}
