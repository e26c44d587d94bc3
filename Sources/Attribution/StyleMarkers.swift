import Foundation

/// Topic-independent habits of an answer: how it opens and closes, its layout, hedges and refusals.
///
/// Each marker is present or absent in an answer and named, e.g. `open:certainly`, `list:numbered`,
/// `hedge:it is important`, `length:250`.
public enum StyleMarkers {
    /// Phrases whose presence marks hedging or signposting.
    public static let hedges = [
        "however", "it is important", "it's important", "important to note", "keep in mind", "it depends",
        "generally", "typically", "may vary", "consult", "overall", "in conclusion", "in summary", "additionally",
        "furthermore", "ultimately", "please note", "note that",
    ]
    /// Phrases whose presence marks a refusal or an assistant disclaimer.
    public static let refusals = [
        "as an ai", "language model", "i'm sorry", "i am sorry", "i apologize", "i cannot", "i can't",
        "i don't have", "i do not have", "unable to",
    ]

    /// The markers present in `text`, given its lower-cased word tokens.
    public static func markers(in text: String, words: [String]) -> [String] {
        markers(
            in: text, wordCount: words.count, word: { words[$0] },
            hasPhrase: { phrase in containsSequence(words, phrase.split(separator: " ").map(String.init)) })
    }

    /// The markers present in `text`, with its word tokens given by count and accessor, and a phrase test (used
    /// with ``hedges``, ``refusals`` and the first- and second-person words).
    static func markers(
        in text: String, wordCount: Int, word: (Int) -> String, hasPhrase: (String) -> Bool
    ) -> [String] {
        var found: [String] = []
        let bytes = Array(text.utf8)
        if wordCount >= 1 { found.append("open:\(word(0))") }
        if wordCount >= 2 { found.append("open:\(word(0)) \(word(1))") }
        if wordCount >= 2 { found.append("close:\(word(wordCount - 2)) \(word(wordCount - 1))") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let nonEmpty = lines.filter { !$0.allSatisfy(\.isWhitespace) }
        if let firstLine = nonEmpty.first {
            let trimmed = firstLine.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix(":") { found.append("first-line:colon") }
            if let bang = trimmed.firstIndex(of: "!"), trimmed.distance(from: trimmed.startIndex, to: bang) <= 25 {
                found.append("first-line:exclamation")
            }
        }
        let lastCharacter = text.last { !$0.isWhitespace }
        if lastCharacter == "?" { found.append("ends:question") }
        if lastCharacter == "!" { found.append("ends:exclamation") }
        var numbered = 0
        var bullets = 0
        for line in nonEmpty {
            let item = line.drop { $0 == " " || $0 == "\t" }
            if let first = item.first, first.isNumber {
                let afterDigits = item.drop { $0.isNumber }
                if let mark = afterDigits.first, mark == "." || mark == ")", afterDigits.dropFirst().first == " " {
                    numbered += 1
                    found.append("list:numbered\(mark)")
                    let body = afterDigits.dropFirst(2)
                    if body.hasPrefix("**") { found.append("item:bold") }
                    if let colon = body.firstIndex(of: ":"), body.distance(from: body.startIndex, to: colon) <= 60 {
                        found.append("item:colon-head")
                    }
                }
            } else if let first = item.first, "-*•+".contains(first), item.dropFirst().first == " " {
                bullets += 1
                found.append("list:bullet\(first)")
                if item.dropFirst(2).hasPrefix("**") { found.append("item:bold") }
            } else if item.hasPrefix("#") {
                let level = item.prefix { $0 == "#" }.count
                found.append("heading:\(level)")
            } else if item.hasSuffix(":") {
                found.append("line:colon")
            }
            if item.hasPrefix("|") { found.append("table") }
        }
        if numbered > 0 { found.append("numbered-items:\(bin(numbered, [2, 4, 6, 9]))") }
        if bullets > 0 { found.append("bullet-items:\(bin(bullets, [2, 4, 6, 9]))") }
        if contains(bytes, "**") { found.append("bold") }
        if contains(bytes, "```") { found.append("code-fence") }
        if contains(bytes, "\n\n") {
            let paragraphs = text.split(separator: "\n\n", omittingEmptySubsequences: true)
                .filter { !$0.allSatisfy(\.isWhitespace) }.count
            found.append("paragraphs:\(bin(paragraphs, [1, 2, 3, 5, 8]))")
        } else if bytes.contains(10) {
            found.append("layout:single-newlines")
        }
        found.append("length:\(bin(wordCount, [10, 25, 50, 100, 175, 250, 350, 500]))")
        if contains(bytes, "—") || contains(bytes, "–") { found.append("dash") }
        if contains(bytes, "\u{201C}") || contains(bytes, "\u{2019}") { found.append("curly-quotes") }
        if bytes.contains(UInt8(ascii: "!")) { found.append("exclamation") }
        if firstPerson.contains(where: hasPhrase) { found.append("first-person") }
        if secondPerson.contains(where: hasPhrase) { found.append("second-person") }
        for hedge in hedges where hasPhrase(hedge) { found.append("hedge:\(hedge)") }
        for refusal in refusals where hasPhrase(refusal) { found.append("refusal:\(refusal)") }
        return found
    }

    static let firstPerson = ["i", "i'm", "my"]
    static let secondPerson = ["you", "your"]
    /// Every phrase tested, for callers that match by word ids.
    static var phrases: [String] { firstPerson + secondPerson + hedges + refusals }

    /// Whether `words` holds `phrase` as consecutive words.
    static func containsSequence<T: Equatable>(_ words: [T], _ phrase: [T]) -> Bool {
        guard let first = phrase.first, words.count >= phrase.count else { return false }
        var start = 0
        while start + phrase.count <= words.count {
            if words[start] == first {
                var matched = true
                for offset in 1..<phrase.count where words[start + offset] != phrase[offset] {
                    matched = false
                    break
                }
                if matched { return true }
            }
            start += 1
        }
        return false
    }

    /// Whether the UTF-8 `bytes` contain `needle`'s UTF-8.
    static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, bytes.count >= pattern.count else { return false }
        var index = 0
        while index + pattern.count <= bytes.count {
            if bytes[index] == first {
                var matched = true
                for offset in 1..<pattern.count where bytes[index + offset] != pattern[offset] {
                    matched = false
                    break
                }
                if matched { return true }
            }
            index += 1
        }
        return false
    }

    /// The smallest bound ≥ value, or ">last".
    static func bin(_ value: Int, _ bounds: [Int]) -> String {
        for bound in bounds where value <= bound { return "≤\(bound)" }
        return ">\(bounds.last!)"
    }
}
