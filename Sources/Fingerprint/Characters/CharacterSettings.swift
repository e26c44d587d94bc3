import Lexicon

/// How many over-represented features of each kind every model contributes to the presence/absence characters.
public struct CharacterSettings: Sendable, Hashable, Codable {
    /// Top words per model.
    public var words: Int
    /// Top bigrams per model.
    public var bigrams: Int
    /// Top trigrams per model.
    public var trigrams: Int

    /// Defaults as in slop-forensics' phylogeny step: 1000 words, 200 bigrams and 200 trigrams per model.
    public init(words: Int = 1000, bigrams: Int = 200, trigrams: Int = 200) {
        self.words = words
        self.bigrams = bigrams
        self.trigrams = trigrams
    }

    /// The number kept of `kind`.
    public subscript(kind: FeatureKind) -> Int {
        switch kind {
        case .word: words
        case .bigram: bigrams
        case .trigram: trigrams
        }
    }

    /// Profile list sizes that leave room below the cut, so that resampled prompts can change which features make
    /// it: `depth` × the per-kind counts.
    public func candidateSettings(base: ProfileSettings, depth: Int = 2) -> ProfileSettings {
        var settings = base
        settings.topWords = max(base.topWords, words * depth)
        settings.topNGrams = max(base.topNGrams, max(bigrams, trigrams) * depth)
        return settings
    }

    enum CodingKeys: String, CodingKey { case words, bigrams, trigrams }
}
