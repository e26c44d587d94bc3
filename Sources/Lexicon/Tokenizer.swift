/// The kinds of token the tokenizer emits.
public enum TokenKind: Sendable, Hashable {
    /// Letters of any script, with inner apostrophes.
    case word
    /// Contains a digit (a number such as `3.14`, or a mixed token such as `gpt4`).
    case number
}

/// A token as text, for callers outside the hot path.
public struct Token: Sendable, Hashable {
    /// The case-folded token; apostrophes are ASCII.
    public var text: String
    /// Whether it is a word or a number.
    public var kind: TokenKind
}

/// Receives tokens and sentence boundaries from ``Tokenizer/scan(_:into:)``.
protocol TokenSink {
    /// A token: its case-folded UTF-8 bytes (valid only during the call), and whether it holds a digit.
    mutating func token(_ bytes: UnsafeBufferPointer<UInt8>, numeric: Bool)
    /// A sentence or line ends here.
    mutating func boundary()
}

/// Unicode-aware word tokenizer over UTF-8: letters of any script, inner apostrophes (`don't`, `l'amour`),
/// case folding, numbers recognised; ASCII takes a fast path.
public struct Tokenizer: Sendable {
    /// Lower-case UTF-8 bytes and class of each non-ASCII scalar seen so far.
    private var scalarCache: [UInt32: (bytes: [UInt8], kind: ScalarClass)] = [:]
    private var buffer: [UInt8] = Array(repeating: 0, count: 256)

    enum ScalarClass {
        case letter, digit, apostrophe, terminator, other
    }

    /// Creates a tokenizer.
    public init() {}

    /// The tokens of `text`, in order.
    public mutating func tokens(in text: String) -> [Token] {
        struct Collect: TokenSink {
            var tokens: [Token] = []
            mutating func token(_ bytes: UnsafeBufferPointer<UInt8>, numeric: Bool) {
                tokens.append(Token(text: String(decoding: bytes, as: UTF8.self), kind: numeric ? .number : .word))
            }
            mutating func boundary() {}
        }
        var sink = Collect()
        var copy = text
        _ = copy.withUTF8 { scan($0, into: &sink) }
        return sink.tokens
    }

    /// The text split into sentences (boundaries at `.`, `!`, `?` and line breaks), trimmed.
    public static func sentences(in text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "\n"
                || ((character == "." || character == "!" || character == "?")
                    && (next == text.endIndex || text[next].isWhitespace))
            {
                let piece = text[start..<next].trimmingCharacters(in: .whitespacesAndNewlines)
                if !piece.isEmpty { result.append(Substring(piece)) }
                start = next
            }
            index = next
        }
        let tail = text[start...].trimmingCharacters(in: .whitespacesAndNewlines)
        if !tail.isEmpty { result.append(Substring(tail)) }
        return result
    }

    @inline(__always) static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26
    }

    @inline(__always) static func isASCIIDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// Decodes the scalar starting at `index` of valid UTF-8; returns it and its length.
    @inline(__always) static func decode(_ p: UnsafeBufferPointer<UInt8>, _ index: Int) -> (UInt32, Int) {
        let lead = UInt32(p[index])
        if lead < 0xE0 {
            return ((lead & 0x1F) << 6 | UInt32(p[index + 1] & 0x3F), 2)
        } else if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(p[index + 1] & 0x3F) << 6 | UInt32(p[index + 2] & 0x3F), 3)
        }
        return (
            (lead & 0x07) << 18 | UInt32(p[index + 1] & 0x3F) << 12 | UInt32(p[index + 2] & 0x3F) << 6
                | UInt32(p[index + 3] & 0x3F), 4
        )
    }

    /// Class and lower-case bytes of a non-ASCII scalar (cached).
    @inline(__always) mutating func classify(_ value: UInt32) -> (bytes: [UInt8], kind: ScalarClass) {
        if let cached = scalarCache[value] { return cached }
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        let properties = scalar.properties
        let kind: ScalarClass
        if value == 0x2019 || value == 0x02BC || value == 0x2018 {
            kind = .apostrophe
        } else if properties.isAlphabetic
            || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
        {
            kind = .letter
        } else if properties.generalCategory == .decimalNumber {
            kind = .digit
        } else if value == 0x2029 || value == 0x2028 || value == 0x3002 || value == 0xFF01 || value == 0xFF1F
            || value == 0x2026 || value == 0x0085
        {
            kind = .terminator
        } else {
            kind = .other
        }
        // Case folding: lower case, with Greek final sigma folded like sigma.
        let lower =
            value == 0x03C2
            ? Array("σ".utf8)
            : kind == .letter ? Array(properties.lowercaseMapping.utf8) : Array(String(scalar).utf8)
        let entry = (lower, kind)
        scalarCache[value] = entry
        return entry
    }

    /// Scans valid UTF-8 `text`, passing tokens and boundaries to `sink`; returns the number of scalars.
    @discardableResult
    mutating func scan<Sink: TokenSink>(_ text: UnsafeBufferPointer<UInt8>, into sink: inout Sink) -> Int {
        let count = text.count
        var continuationBytes = 0
        var index = 0
        var length = 0
        var numeric = false
        var lastWasLetter = false
        /// Index just past a pending apostrophe inside a token (-1 when none).
        var pendingApostrophe = false

        @inline(__always) func append(_ byte: UInt8) {
            if length == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            buffer[length] = byte
            length += 1
        }

        @inline(__always) func flush() {
            if length > 0 {
                buffer.withUnsafeBufferPointer {
                    sink.token(UnsafeBufferPointer(rebasing: $0[0..<length]), numeric: numeric)
                }
            }
            length = 0
            numeric = false
            lastWasLetter = false
            pendingApostrophe = false
        }

        while index < count {
            let byte = text[index]
            if length == 0 && Self.isASCIILetter(byte) {
                // Fast path: a whole token of ASCII letters followed by ASCII that cannot continue it. Lower-case
                // tokens are passed without copying, others are lower-cased into the buffer first.
                var end = index + 1
                var lowerBits = byte
                while end < count && Self.isASCIILetter(text[end]) {
                    lowerBits &= text[end]
                    end += 1
                }
                let stop = end < count ? text[end] : 0x20
                if stop < 0x80 && !Self.isASCIILetter(stop) && !Self.isASCIIDigit(stop) && stop != 0x27
                    && end - index <= buffer.count
                {
                    if lowerBits & 0x20 != 0 {
                        // Every letter has the lower-case bit set.
                        sink.token(UnsafeBufferPointer(rebasing: text[index..<end]), numeric: false)
                    } else {
                        let length = end - index
                        buffer.withUnsafeMutableBufferPointer { folded in
                            for offset in 0..<length { folded[offset] = text[index + offset] | 0x20 }
                            sink.token(UnsafeBufferPointer(rebasing: folded[0..<length]), numeric: false)
                        }
                    }
                    // A space (by far the most common separator) ends nothing else.
                    index = stop == 0x20 && end < count ? end + 1 : end
                    continue
                }
            }
            if byte < 0x80 {
                if Self.isASCIILetter(byte) {
                    if pendingApostrophe {
                        append(0x27)
                        pendingApostrophe = false
                    }
                    append(byte | 0x20)
                    lastWasLetter = true
                    index += 1
                    continue
                }
                if Self.isASCIIDigit(byte) {
                    if pendingApostrophe { flush() }
                    append(byte)
                    numeric = true
                    lastWasLetter = false
                    index += 1
                    continue
                }
                if byte == 0x27 && lastWasLetter && !pendingApostrophe {
                    pendingApostrophe = true
                    index += 1
                    continue
                }
                if (byte == 0x2E || byte == 0x2C) && length > 0 && numeric && !lastWasLetter && index + 1 < count
                    && Self.isASCIIDigit(text[index + 1])
                {
                    // Decimal point or thousands separator inside a number.
                    append(byte)
                    index += 1
                    continue
                }
                flush()
                if byte == 0x0A || byte == 0x21 || byte == 0x3F
                    || (byte == 0x2E && (index + 1 == count || text[index + 1] <= 0x20))
                {
                    sink.boundary()
                }
                index += 1
                continue
            }
            let (value, width) = Self.decode(text, index)
            continuationBytes += width - 1
            let (bytes, kind) = classify(value)
            switch kind {
            case .letter:
                if pendingApostrophe {
                    append(0x27)
                    pendingApostrophe = false
                }
                for b in bytes { append(b) }
                lastWasLetter = true
            case .digit:
                if pendingApostrophe { flush() }
                for b in bytes { append(b) }
                numeric = true
                lastWasLetter = false
            case .apostrophe:
                if lastWasLetter && !pendingApostrophe {
                    pendingApostrophe = true
                } else {
                    flush()
                }
            case .terminator:
                flush()
                sink.boundary()
            case .other:
                flush()
            }
            index += width
        }
        flush()
        return count - continuationBytes
    }
}
