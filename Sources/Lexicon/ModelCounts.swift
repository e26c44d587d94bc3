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
    /// Content words per prompt, from which every feature occurrence is derived.
    public var content: ContentStream
    /// Totals of word features (stopwords, numbers and short words excluded).
    public var words: FeatureTotals
    /// Totals of bigrams of content words within a sentence.
    public var bigrams: FeatureTotals
    /// Totals of trigrams of content words within a sentence.
    public var trigrams: FeatureTotals

    /// The totals of `kind`.
    public subscript(kind: FeatureKind) -> FeatureTotals {
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
        content.append(contentsOf: other.content)
        words = words.merged(with: other.words)
        bigrams = bigrams.merged(with: other.bigrams)
        trigrams = trigrams.merged(with: other.trigrams)
    }
}
