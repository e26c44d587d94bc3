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
        var copy = text
        return wordMarkers(wordCount: words.count, word: { words[$0] })
            + copy.withUTF8 { bytes in
                layoutMarkers(
                    in: bytes, wordCount: words.count,
                    hasPhrase: { containsSequence(words, phrases[$0].split(separator: " ").map(String.init)) })
            }
    }

    /// Which words of an answer its opening and closing markers name: the first word, the first two, the last two.
    enum WordMarker: Int, CaseIterable {
        case firstWord, firstTwo, lastTwo

        /// The marker's name for its words.
        func name(_ first: String, _ second: String) -> String {
            switch self {
            case .firstWord: return "open:\(first)"
            case .firstTwo: return "open:\(first) \(second)"
            case .lastTwo: return "close:\(first) \(second)"
            }
        }

        /// The positions of the marker's words in an answer of `wordCount` words (the second is unused for
        /// ``firstWord``), or nil when the answer is too short.
        func positions(wordCount: Int) -> (Int, Int)? {
            switch self {
            case .firstWord: return wordCount >= 1 ? (0, 0) : nil
            case .firstTwo: return wordCount >= 2 ? (0, 1) : nil
            case .lastTwo: return wordCount >= 2 ? (wordCount - 2, wordCount - 1) : nil
            }
        }
    }

    /// The opening and closing markers of an answer with `wordCount` words given by an accessor.
    static func wordMarkers(wordCount: Int, word: (Int) -> String) -> [String] {
        WordMarker.allCases.compactMap { marker in
            marker.positions(wordCount: wordCount).map { marker.name(word($0.0), word($0.1)) }
        }
    }

    /// The markers present in an answer's UTF-8 `bytes` other than its opening and closing words: layout,
    /// punctuation, length, and whether it holds ``phrases``[i] (the first- and second-person words, ``hedges`` and
    /// ``refusals``), as `hasPhrase(i)` says.
    static func layoutMarkers(
        in bytes: UnsafeBufferPointer<UInt8>, wordCount: Int, hasPhrase: (Int) -> Bool
    ) -> [String] {
        var found: [String] = []
        // Lines, on UTF-8 bytes (every byte tested here is ASCII, so multi-byte characters never match).
        var numbered = 0
        var bullets = 0
        var lineMarkers = Set<String>()
        var sawFirstLine = false
        let space = UInt8(ascii: " ")
        let tab = UInt8(ascii: "\t")
        func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == 13 }
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 10 { lineEnd += 1 }
            var first = lineStart
            while first < lineEnd && isBlank(bytes[first]) { first += 1 }
            var last = lineEnd
            while last > first && isBlank(bytes[last - 1]) { last -= 1 }
            defer { lineStart = lineEnd + 1 }
            guard first < last else { continue }
            let item = bytes[first..<last]
            if !sawFirstLine {
                sawFirstLine = true
                if item.last == UInt8(ascii: ":") { lineMarkers.insert("first-line:colon") }
                if let bang = item.firstIndex(of: UInt8(ascii: "!")), bang - first <= 25 {
                    lineMarkers.insert("first-line:exclamation")
                }
            }
            let head = item.first!
            if head >= UInt8(ascii: "0") && head <= UInt8(ascii: "9") {
                var index = first
                while index < last && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") {
                    index += 1
                }
                if index + 1 < last, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ")"),
                    bytes[index + 1] == space
                {
                    numbered += 1
                    lineMarkers.insert(bytes[index] == UInt8(ascii: ".") ? "list:numbered." : "list:numbered)")
                    let body = bytes[(index + 2)..<last]
                    if body.starts(with: [42, 42]) { lineMarkers.insert("item:bold") }
                    if let colon = body.firstIndex(of: UInt8(ascii: ":")), colon - body.startIndex <= 60 {
                        lineMarkers.insert("item:colon-head")
                    }
                }
            } else if item.count >= 2, bytes[first + 1] == space,
                head == UInt8(ascii: "-") || head == UInt8(ascii: "*") || head == UInt8(ascii: "+")
            {
                bullets += 1
                lineMarkers.insert("list:bullet" + String(UnicodeScalar(head)))
                if bytes[(first + 2)..<last].starts(with: [42, 42]) { lineMarkers.insert("item:bold") }
            } else if item.starts(with: [0xE2, 0x80, 0xA2]) {  // "•"
                bullets += 1
                lineMarkers.insert("list:bullet•")
            } else if head == UInt8(ascii: "#") {
                let level = item.prefix { $0 == UInt8(ascii: "#") }.count
                lineMarkers.insert("heading:\(level)")
            } else if item.last == UInt8(ascii: ":") {
                lineMarkers.insert("line:colon")
            }
            if head == UInt8(ascii: "|") { lineMarkers.insert("table") }
        }
        found.append(contentsOf: lineMarkers.sorted())
        var lastByte: UInt8?
        for byte in bytes.reversed() where !(isBlank(byte) || byte == 10) {
            lastByte = byte
            break
        }
        if lastByte == UInt8(ascii: "?") { found.append("ends:question") }
        if lastByte == UInt8(ascii: "!") { found.append("ends:exclamation") }
        if numbered > 0 { found.append("numbered-items:\(bin(numbered, [2, 4, 6, 9]))") }
        if bullets > 0 { found.append("bullet-items:\(bin(bullets, [2, 4, 6, 9]))") }
        let signs = Signs(bytes)
        if signs.bold { found.append("bold") }
        if signs.codeFence { found.append("code-fence") }
        if signs.blankLine {
            // Paragraphs: runs of non-blank lines separated by blank lines.
            var paragraphs = 0
            var inParagraph = false
            var lineHasText = false
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : 10
                if byte == 10 {
                    if lineHasText && !inParagraph { paragraphs += 1 }
                    inParagraph = lineHasText
                    lineHasText = false
                } else if !isBlank(byte) {
                    lineHasText = true
                }
            }
            found.append("paragraphs:\(bin(paragraphs, [1, 2, 3, 5, 8]))")
        } else if signs.newline {
            found.append("layout:single-newlines")
        }
        found.append("length:\(bin(wordCount, [10, 25, 50, 100, 175, 250, 350, 500]))")
        if signs.dash { found.append("dash") }
        if signs.curlyQuote { found.append("curly-quotes") }
        if signs.exclamation { found.append("exclamation") }
        let second = firstPerson.count
        let hedge = second + secondPerson.count
        let refusal = hedge + hedges.count
        if (0..<second).contains(where: hasPhrase) { found.append("first-person") }
        if (second..<hedge).contains(where: hasPhrase) { found.append("second-person") }
        for (offset, phrase) in hedges.enumerated() where hasPhrase(hedge + offset) { found.append("hedge:\(phrase)") }
        for (offset, phrase) in refusals.enumerated() where hasPhrase(refusal + offset) {
            found.append("refusal:\(phrase)")
        }
        return found
    }

    static let firstPerson = ["i", "i'm", "my"]
    static let secondPerson = ["you", "your"]
    /// Every phrase tested, in the order ``markers(in:wordCount:word:hasPhrase:)`` numbers them.
    static let phrases: [String] = firstPerson + secondPerson + hedges + refusals

    /// Which of ``phrases`` occur in a text given as word ids, in one pass over the words.
    struct PhraseMatcher {
        /// Each phrase's word ids.
        let phraseWords: [[UInt32]]
        /// For each word id that starts a phrase, the phrases it starts (ids beyond this table start none).
        let startingWith: [[Int]]

        /// Creates a matcher; `id(of:)` gives the id of a phrase word.
        init(id: (String) -> UInt32) {
            phraseWords = StyleMarkers.phrases.map { $0.split(separator: " ").map { id(String($0)) } }
            var table: [[Int]] = []
            for (index, words) in phraseWords.enumerated() {
                let first = Int(words[0])
                if first >= table.count { table.append(contentsOf: repeatElement([], count: first + 1 - table.count)) }
                table[first].append(index)
            }
            startingWith = table
        }

        /// Whether each phrase occurs in `words`.
        func present(in words: [UInt32]) -> [Bool] {
            var found = [Bool](repeating: false, count: phraseWords.count)
            for position in words.indices {
                let word = Int(words[position])
                guard word < startingWith.count else { continue }
                for phrase in startingWith[word] where !found[phrase] {
                    let sequence = phraseWords[phrase]
                    guard position + sequence.count <= words.count else { continue }
                    var matched = true
                    for offset in 1..<max(sequence.count, 1) where words[position + offset] != sequence[offset] {
                        matched = false
                        break
                    }
                    if matched { found[phrase] = true }
                }
            }
            return found
        }
    }

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

    /// Which typographic signs a text holds, found in one pass over its UTF-8 bytes.
    struct Signs {
        /// `**`.
        var bold = false
        /// Three backticks.
        var codeFence = false
        /// A line break.
        var newline = false
        /// Two line breaks in a row.
        var blankLine = false
        /// An em dash or en dash.
        var dash = false
        /// A left double or right single curly quote.
        var curlyQuote = false
        /// `!`.
        var exclamation = false

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            let count = bytes.count
            var index = 0
            while index < count {
                switch bytes[index] {
                case UInt8(ascii: "*"):
                    if index + 1 < count && bytes[index + 1] == UInt8(ascii: "*") { bold = true }
                case UInt8(ascii: "`"):
                    if index + 2 < count && bytes[index + 1] == UInt8(ascii: "`")
                        && bytes[index + 2] == UInt8(ascii: "`")
                    {
                        codeFence = true
                    }
                case 10:
                    newline = true
                    if index + 1 < count && bytes[index + 1] == 10 { blankLine = true }
                case UInt8(ascii: "!"):
                    exclamation = true
                case 0xE2:
                    // U+2013 and U+2014 (dashes), U+201C and U+2019 (quotes): E2 80 93/94/9C/99.
                    if index + 2 < count && bytes[index + 1] == 0x80 {
                        switch bytes[index + 2] {
                        case 0x93, 0x94: dash = true
                        case 0x9C, 0x99: curlyQuote = true
                        default: break
                        }
                    }
                default:
                    break
                }
                index += 1
            }
        }
    }

    /// The smallest bound ≥ value, or ">last".
    static func bin(_ value: Int, _ bounds: [Int]) -> String {
        for bound in bounds where value <= bound { return "≤\(bound)" }
        return ">\(bounds.last!)"
    }
}
