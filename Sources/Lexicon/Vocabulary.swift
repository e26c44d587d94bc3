import Synchronization

/// What a vocabulary entry is, decided once when the entry is first seen.
public struct TokenTraits: Sendable, Hashable {
    /// The token has a digit (a number, or letters mixed with digits): kept out of features.
    public var isNumeric: Bool
    /// The token is a stopword: left out of word features and n-grams.
    public var isStopword: Bool
    /// The token counts as a word feature (see ``LexiconSettings/minimumWordLength``).
    public var isWordFeature: Bool
    /// The token is a content word: not a stopword, not numeric, at least two letters. Content words
    /// form n-grams.
    public var isContentWord: Bool
    /// Id of the word this token counts as (a possessive `x's` counts as `x`), itself otherwise.
    public var featureID: UInt32
    /// Estimated syllables, for the complexity metric.
    public var syllables: UInt8
}

/// Settings that decide which tokens become features.
public struct LexiconSettings: Sendable, Hashable, Codable {
    /// Shortest word (in characters) that becomes a word feature, unless it has an apostrophe.
    public var minimumWordLength: Int
    /// Whether `x's` is counted as `x` (except contractions such as "it's").
    public var mergePossessives: Bool

    /// The defaults follow slop-forensics: words of 4+ characters, possessives merged.
    public init(minimumWordLength: Int = 4, mergePossessives: Bool = true) {
        self.minimumWordLength = minimumWordLength
        self.mergePossessives = mergePossessives
    }
}

/// The interned words of one run, shared by every counting task.
///
/// Ids are dense and stable within a run; ``words`` maps them back to text.
public final class Vocabulary: Sendable {
    /// Largest id an n-gram key can hold (21 bits per word).
    public static let maximumSize = 1 << 21

    struct State {
        var words: [String] = []
        var traits: [TokenTraits] = []
        var index: [String: UInt32] = [:]
        var overflow = false
    }

    let state = Mutex(State())
    /// Stopwords used to classify entries.
    public let stopwords: Stopwords
    /// Feature settings used to classify entries.
    public let settings: LexiconSettings

    /// Creates an empty vocabulary.
    public init(stopwords: Stopwords = .english, settings: LexiconSettings = LexiconSettings()) {
        self.stopwords = stopwords
        self.settings = settings
        // Room for a typical corpus's words, so the index is not rehashed as it grows.
        state.withLock { state in
            state.index.reserveCapacity(1 << 16)
            state.words.reserveCapacity(1 << 16)
            state.traits.reserveCapacity(1 << 16)
        }
    }

    /// The words by id.
    public var words: [String] { state.withLock { $0.words } }

    /// Number of entries.
    public var count: Int { state.withLock { $0.words.count } }

    /// True when more than ``maximumSize`` distinct words were seen (n-gram keys would collide).
    public var overflowed: Bool { state.withLock { $0.overflow } }

    /// The id of `word`, if interned.
    public func id(of word: String) -> UInt32? { state.withLock { $0.index[word] } }

    /// The word with id `id`.
    public func word(_ id: UInt32) -> String { state.withLock { $0.words[Int(id)] } }

    /// Interns `word` (already case-folded) and returns its id and traits.
    ///
    /// The word is classified outside the lock; the lock covers only the lookup and the insertion.
    public func intern(_ word: String) -> (UInt32, TokenTraits) {
        if let found = state.withLock({ state in state.index[word].map { ($0, state.traits[Int($0)]) } }) {
            return found
        }
        var traits = Self.classify(word, id: 0, stopwords: stopwords, settings: settings)
        var base: UInt32?
        if settings.mergePossessives, let baseWord = Self.possessiveBase(word) {
            let (baseID, baseTraits) = intern(baseWord)
            base = baseID
            traits.isWordFeature = baseTraits.isWordFeature
            traits.isContentWord = baseTraits.isContentWord
        }
        return state.withLock { state in
            // Another thread may have added it meanwhile.
            if let id = state.index[word] { return (id, state.traits[Int(id)]) }
            let id = UInt32(state.words.count)
            if state.words.count >= Self.maximumSize { state.overflow = true }
            traits.featureID = base ?? id
            state.words.append(word)
            state.index[word] = id
            state.traits.append(traits)
            return (id, traits)
        }
    }

    static func classify(_ word: String, id: UInt32, stopwords: Stopwords, settings: LexiconSettings) -> TokenTraits {
        var letters = 0
        var digits = false
        var apostrophe = false
        if word.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: no Unicode property lookups.
            for byte in word.utf8 {
                if byte >= 0x30 && byte <= 0x39 {
                    digits = true
                } else if byte == 0x27 {
                    apostrophe = true
                } else {
                    letters += 1
                }
            }
        } else {
            for scalar in word.unicodeScalars {
                if scalar.properties.numericType != nil && !scalar.properties.isAlphabetic {
                    digits = true
                } else if scalar == "'" {
                    apostrophe = true
                } else {
                    letters += 1
                }
            }
        }
        let isStop = stopwords.contains(word)
        let feature = !digits && !isStop && (letters >= settings.minimumWordLength || apostrophe) && letters > 0
        return TokenTraits(
            isNumeric: digits, isStopword: isStop, isWordFeature: feature,
            isContentWord: !digits && !isStop && letters >= 2, featureID: id,
            syllables: digits ? 0 : Syllables.estimate(word))
    }

    /// Contractions ending in 's that are not possessives.
    static let sContractions: Set<String> = [
        "it's", "that's", "what's", "he's", "she's", "there's", "here's", "who's", "let's", "where's", "how's",
        "when's", "why's", "one's", "everyone's", "somebody's", "someone's", "nobody's", "everything's",
        "something's", "nothing's", "this's",
    ]

    /// The word a possessive `x's` stands for, or nil.
    static func possessiveBase(_ word: String) -> String? {
        guard word.hasSuffix("'s"), word.count > 2, !sContractions.contains(word) else { return nil }
        return String(word.dropLast(2))
    }
}
