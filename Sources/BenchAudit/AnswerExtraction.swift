/// Which of the reference harness's rules found the answer letter in a model's raw output.
public enum ExtractionRule: String, Sendable, Hashable, CaseIterable, Codable {
    /// The first match of `answer is \(?([A-J])\)?`.
    case answerIs = "answer_is"
    /// `.*[aA]nswer:\s*([A-J])`: the last "answer:" on the first line that has one followed by a letter.
    case answerColon = "answer_colon"
    /// The last standalone letter A–J anywhere in the text (`\b[A-J]\b` with no later one).
    case lastLetter = "last_letter"
    /// No rule found a letter; the harness scores the question with a random guess.
    case none
}

/// An answer letter as the reference harness would extract it, and the rule that found it.
public struct Extraction: Sendable, Hashable {
    /// The letter A–J, or nil when no rule applies.
    public var letter: Character?
    /// The rule that found it.
    public var rule: ExtractionRule
}

/// The MMLU-Pro reference harness's answer extraction, reproduced on the raw generated text.
///
/// The three rules are tried in order, with Python `re` semantics (Unicode `\s` and `\b`, `.` not matching
/// a newline in the second rule, DOTALL in the third). Matching runs over the UTF-8 bytes without a regex
/// engine so that a 12,000-item log takes milliseconds.
public enum AnswerExtractor {
    /// Extracts the answer from `text` with the first rule that applies.
    public static func extract(_ text: String) -> Extraction {
        var text = text
        return text.withUTF8 { bytes in
            if let letter = answerIs(bytes) { return Extraction(letter: letter, rule: .answerIs) }
            if let letter = answerColon(bytes) { return Extraction(letter: letter, rule: .answerColon) }
            if let letter = lastStandaloneLetter(bytes) { return Extraction(letter: letter, rule: .lastLetter) }
            return Extraction(letter: nil, rule: .none)
        }
    }

    @inline(__always) static func isAnswerLetter(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x4A }

    /// `answer is \(?([A-J])\)?`, first match.
    static func answerIs(_ bytes: UnsafeBufferPointer<UInt8>) -> Character? {
        let needle = Array("answer is ".utf8)
        let count = bytes.count
        var start = 0
        while start + needle.count <= count {
            guard bytes[start] == 0x61, matches(bytes, at: start, needle) else {
                start += 1
                continue
            }
            var position = start + needle.count
            if position < count && bytes[position] == 0x28 { position += 1 }  // "("
            if position < count && isAnswerLetter(bytes[position]) {
                return Character(Unicode.Scalar(bytes[position]))
            }
            // "(" followed by a non-letter: the regex backtracks to not taking "(", which also fails.
            start += 1
        }
        return nil
    }

    /// `.*[aA]nswer:\s*([A-J])` with `re.search`: the first line holding a match, and the last match in it.
    static func answerColon(_ bytes: UnsafeBufferPointer<UInt8>) -> Character? {
        let rest = Array("nswer:".utf8)
        let count = bytes.count
        var lineStart = 0
        while lineStart < count {
            var lineEnd = lineStart
            while lineEnd < count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var found: Character?
            var position = lineStart
            while position + 7 <= lineEnd {
                let first = bytes[position]
                if (first == 0x61 || first == 0x41) && matches(bytes, at: position + 1, rest) {
                    let after = skipWhitespace(bytes, from: position + 7)
                    if after < count && isAnswerLetter(bytes[after]) {
                        found = Character(Unicode.Scalar(bytes[after]))
                    }
                }
                position += 1
            }
            if let found { return found }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// `\b[A-J]\b(?!.*\b[A-J]\b)` with DOTALL: the last letter A–J with no word character on either side.
    static func lastStandaloneLetter(_ bytes: UnsafeBufferPointer<UInt8>) -> Character? {
        var position = bytes.count - 1
        while position >= 0 {
            let byte = bytes[position]
            if isAnswerLetter(byte) && !isWordCharacter(after: position + 1, in: bytes)
                && !isWordCharacter(before: position, in: bytes)
            {
                return Character(Unicode.Scalar(byte))
            }
            position -= 1
        }
        return nil
    }

    @inline(__always)
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ needle: [UInt8]) -> Bool {
        guard start + needle.count <= bytes.count else { return false }
        for offset in 0..<needle.count where bytes[start + offset] != needle[offset] { return false }
        return true
    }

    /// The index after a run of characters Python's `\s` matches, starting at `start`.
    static func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var position = start
        while position < bytes.count {
            let byte = bytes[position]
            if byte < 0x80 {
                guard (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x20) else { return position }
                position += 1
            } else {
                let (scalar, length) = decode(bytes, at: position)
                guard let scalar, isPythonWhitespace(scalar) else { return position }
                position += length
            }
        }
        return position
    }

    /// Whether the character starting at `index` is a word character (`\w`); false at the end.
    static func isWordCharacter(after index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index < bytes.count else { return false }
        let byte = bytes[index]
        if byte < 0x80 { return isASCIIWord(byte) }
        guard let scalar = decode(bytes, at: index).scalar else { return false }
        return isWordScalar(scalar)
    }

    /// Whether the character ending just before `index` is a word character; false at the start.
    static func isWordCharacter(before index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index > 0 else { return false }
        let byte = bytes[index - 1]
        if byte < 0x80 { return isASCIIWord(byte) }
        var start = index - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 && index - start < 4 { start -= 1 }
        guard let scalar = decode(bytes, at: start).scalar else { return false }
        return isWordScalar(scalar)
    }

    @inline(__always) static func isASCIIWord(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x5F
    }

    /// Python's `\w` for a non-ASCII character: letters (L*) and characters with a numeric value.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return scalar.properties.numericType != nil
        }
    }

    /// Python's `str.isspace()` for a non-ASCII character.
    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// The scalar encoded at `index` and its length in bytes (nil for an invalid sequence).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: Unicode.Scalar?, length: Int) {
        var iterator = bytes[index..<min(bytes.count, index + 4)].makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        switch parser.parseScalar(from: &iterator) {
        case .valid(let encoded): return (Unicode.UTF8.decode(encoded), encoded.count)
        default: return (nil, 1)
        }
    }
}
