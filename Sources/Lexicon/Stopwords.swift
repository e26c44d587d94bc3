import Foundation

/// A set of function words left out of n-grams and word features.
public struct Stopwords: Sendable {
    /// The words, lowercase, ASCII apostrophes.
    public let words: Set<String>

    /// Creates a list from words (case-folded).
    public init<S: Sequence<String>>(_ words: S) {
        self.words = Set(words.map { $0.lowercased() })
    }

    /// Whether `word` (already lowercase) is a stopword.
    public func contains(_ word: String) -> Bool { words.contains(word) }

    /// NLTK's classic English list (179 words), shipped as a package resource; see `NOTICE.md` beside it.
    public static let english: Stopwords = {
        guard let url = Bundle.module.url(forResource: "stopwords-en", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("the stopwords-en.txt resource is missing from the Lexicon bundle") }
        return Stopwords(
            text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }()
}
