import Corpus
import Lexicon

/// One over-represented feature of a model, with the numbers behind its rank.
public struct ScoredFeature: Sendable, Hashable, Codable {
    /// The word, or the space-joined words of an n-gram.
    public var feature: String
    /// Occurrences in the model's outputs (nil for imported words, whose source gives only a score).
    public var count: Int?
    /// Prompts whose answers hold it (nil for imported profiles that do not say).
    public var prompts: Int?
    /// Occurrences per word token (words) or per n-gram window (n-grams).
    public var rate: Double?
    /// The human baseline's frequency (words; n-grams only when the baseline lists them).
    public var baselineRate: Double?
    /// The same rate over the other models of the run, nil when there were none.
    public var poolRate: Double?
    /// Rank score: `rate / baselineRate` for words; Dunning's log-likelihood G² against the pool for
    /// n-grams (the count when there is no pool); the published score for imported profiles.
    public var score: Double
    /// Per-prompt counts as a flat list of `row, count` pairs (rows index ``Profile/prompts``), rows ascending.
    public var perPrompt: [Int]?

    enum CodingKeys: String, CodingKey {
        case feature, count, prompts, rate, score
        case baselineRate = "baseline_rate"
        case poolRate = "pool_rate"
        case perPrompt = "per_prompt"
    }

    /// Creates a scored feature.
    public init(
        feature: String, count: Int?, prompts: Int? = nil, rate: Double? = nil, baselineRate: Double? = nil,
        poolRate: Double? = nil, score: Double, perPrompt: [Int]? = nil
    ) {
        self.feature = feature
        self.count = count
        self.prompts = prompts
        self.rate = rate
        self.baselineRate = baselineRate
        self.poolRate = poolRate
        self.score = score
        self.perPrompt = perPrompt
    }
}

/// Summary measures of a model's writing.
public struct ProfileMetrics: Sendable, Hashable, Codable {
    /// Mean response length in characters (Unicode scalars).
    public var meanLength: Double
    /// Weighted slop-list hits per 1000 words: (words + 2·bigrams + 8·trigrams) / words × 1000.
    public var slopScore: Double
    /// Percentage of word tokens taken by the 100 most over-represented words.
    public var repetitionScore: Double
    /// 0–100: mean of normalised Flesch–Kincaid grade (capped 0–14) and share of 3+-syllable words (capped 20 %).
    public var vocabularyComplexity: Double

    enum CodingKeys: String, CodingKey {
        case meanLength = "mean_length"
        case slopScore = "slop_score"
        case repetitionScore = "repetition_score"
        case vocabularyComplexity = "vocabulary_complexity"
    }

    /// Creates metrics.
    public init(meanLength: Double, slopScore: Double, repetitionScore: Double, vocabularyComplexity: Double) {
        self.meanLength = meanLength
        self.slopScore = slopScore
        self.repetitionScore = repetitionScore
        self.vocabularyComplexity = vocabularyComplexity
    }
}

/// Counts describing the text a profile was computed from.
public struct ProfileSummary: Sendable, Hashable, Codable {
    /// Responses read.
    public var responses: Int
    /// Responses with empty text.
    public var emptyResponses: Int
    /// Unicode scalars over all responses.
    public var characters: Int
    /// Word tokens.
    public var words: Int
    /// Sentences.
    public var sentences: Int

    enum CodingKeys: String, CodingKey {
        case responses, characters, words, sentences
        case emptyResponses = "empty_responses"
    }

    /// Creates a summary.
    public init(responses: Int, emptyResponses: Int, characters: Int, words: Int, sentences: Int) {
        self.responses = responses
        self.emptyResponses = emptyResponses
        self.characters = characters
        self.words = words
        self.sentences = sentences
    }
}

/// A model's fingerprint: what it over-uses compared with human writing and with the other models.
///
/// Written as versioned JSON (``Profile/formatVersion``) so that later steps can run apart.
public struct Profile: Sendable, Hashable, Codable {
    /// The current JSON format version.
    public static let formatVersion = 1

    /// Always `"lineage-profile"`.
    public var format: String = "lineage-profile"
    /// Format version of this document.
    public var version: Int = Profile.formatVersion
    /// The model.
    public var model: String
    /// The ``origin`` of a profile imported from slop-forensics' published results.
    public static let slopForensicsOrigin = "slop-forensics"

    /// Where the numbers came from: `"outputs"` (computed here) or `"slop-forensics"` (imported).
    public var origin: String
    /// Input files with their SHA-256 digests.
    public var sources: [SourceFile]
    /// The settings used.
    public var settings: ProfileSettings
    /// Text counts.
    public var summary: ProfileSummary?
    /// Summary measures.
    public var metrics: ProfileMetrics
    /// Prompt keys (ids, or texts when ids were missing) of the rows used by per-prompt counts.
    public var prompts: [String]
    /// How prompts were matched across models.
    public var promptMatching: PromptMatching?
    /// Over-represented words, best first.
    public var words: [ScoredFeature]
    /// Over-represented bigrams, best first.
    public var bigrams: [ScoredFeature]
    /// Over-represented trigrams, best first.
    public var trigrams: [ScoredFeature]

    enum CodingKeys: String, CodingKey {
        case format, version, model, origin, sources, settings, summary, metrics, prompts, words, bigrams, trigrams
        case promptMatching = "prompt_matching"
    }

    /// The features of `kind`.
    public subscript(kind: FeatureKind) -> [ScoredFeature] {
        switch kind {
        case .word: words
        case .bigram: bigrams
        case .trigram: trigrams
        }
    }

    /// Whether every feature carries its per-prompt counts as (prompt, count) pairs, which a bootstrap over
    /// prompts redraws (profiles imported from slop-forensics have none).
    public var hasPromptCounts: Bool {
        FeatureKind.allCases.allSatisfy { kind in self[kind].allSatisfy { ($0.perPrompt?.count ?? 1) % 2 == 0 } }
    }
}

/// Thresholds and list sizes for profiles and slop lists.
public struct ProfileSettings: Sendable, Hashable, Codable {
    /// A feature must occur at least this often in a model to be ranked.
    public var minimumCount: Int
    /// ... and in the answers to at least this many prompts.
    public var minimumPrompts: Int
    /// Words kept per profile.
    public var topWords: Int
    /// Bigrams and trigrams kept per profile (each).
    public var topNGrams: Int
    /// Shortest word feature (characters), unless it has an apostrophe.
    public var minimumWordLength: Int
    /// Description of the baseline used.
    public var baseline: String

    enum CodingKeys: String, CodingKey {
        case baseline
        case minimumCount = "minimum_count"
        case minimumPrompts = "minimum_prompts"
        case topWords = "top_words"
        case topNGrams = "top_ngrams"
        case minimumWordLength = "minimum_word_length"
    }

    /// Defaults follow slop-forensics where it has an equivalent (1000 words, 200 n-grams, 4-letter words).
    public init(
        minimumCount: Int = 5, minimumPrompts: Int = 3, topWords: Int = 1000, topNGrams: Int = 200,
        minimumWordLength: Int = 4, baseline: String = ""
    ) {
        self.minimumCount = minimumCount
        self.minimumPrompts = minimumPrompts
        self.topWords = topWords
        self.topNGrams = topNGrams
        self.minimumWordLength = minimumWordLength
        self.baseline = baseline
    }
}
