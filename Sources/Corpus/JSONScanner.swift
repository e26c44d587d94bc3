/// A JSON value as far as record reading cares: strings and integers are kept, other values are
/// validated and remembered only by kind.
enum ScannedValue: Equatable {
    case string(String)
    case integer(Int)
    case number
    case bool
    case null
    case array
    case object

    var kindName: String {
        switch self {
        case .string: "a string"
        case .integer, .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Why scanning stopped, with the byte offset where it did.
struct JSONSyntaxError: Error {
    var offset: Int
    var message: String
    /// The problem is a byte sequence that is not UTF-8 rather than JSON syntax.
    var invalidUTF8 = false
}

/// A strict (RFC 8259) JSON scanner over UTF-8 bytes that reads flat records quickly.
///
/// Only top-level string and integer members of an object are materialised; nested values are checked
/// for syntax and skipped. Input must already be valid UTF-8.
struct JSONScanner: ~Copyable {
    let base: UnsafePointer<UInt8>
    let end: Int
    var position: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int = 0) {
        // A non-null base even for empty input keeps the arithmetic simple.
        base = buffer.baseAddress.map { UnsafePointer($0) } ?? UnsafePointer(bitPattern: 1)!
        end = buffer.count
        position = start
    }

    /// The byte at the cursor, or nil at the end.
    @inline(__always) var current: UInt8? { position < end ? base[position] : nil }

    mutating func skipWhitespace() {
        while position < end {
            let byte = base[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: position, message: message)
    }

    func unexpected(_ what: String) -> JSONSyntaxError {
        guard position < end else { return error("unexpected end of input, expected \(what)") }
        let byte = base[position]
        if byte >= 0x80 {
            let rest = UnsafeBufferPointer(start: base + position, count: min(4, end - position))
            var iterator = rest.makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            if case .error = parser.parseScalar(from: &iterator) {
                return JSONSyntaxError(offset: position, message: "invalid UTF-8", invalidUTF8: true)
            }
        }
        let shown =
            byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        return error("unexpected \(shown), expected \(what)")
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard position < end, base[position] == byte else { throw unexpected(what) }
        position += 1
    }

    /// Reads an object and returns its top-level members in order (duplicate keys: last wins).
    mutating func readObject() throws(JSONSyntaxError) -> [(key: String, value: ScannedValue)] {
        skipWhitespace()
        try expect(UInt8(ascii: "{"), "'{' to start a record")
        var members: [(key: String, value: ScannedValue)] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return members
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw unexpected("a quoted member name") }
            let key = try readString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after a member name")
            skipWhitespace()
            let value = try readValue(depth: 1, materialise: true)
            members.append((key, value))
            skipWhitespace()
            guard let byte = current else { throw unexpected("',' or '}'") }
            position += 1
            if byte == UInt8(ascii: "}") { return members }
            guard byte == UInt8(ascii: ",") else {
                position -= 1
                throw unexpected("',' or '}'")
            }
        }
    }

    /// Reads any value; strings and integers are materialised only when `materialise` is true.
    mutating func readValue(depth: Int, materialise: Bool) throws(JSONSyntaxError) -> ScannedValue {
        guard depth < 512 else { throw error("values nested deeper than 512 levels") }
        guard let byte = current else { throw unexpected("a value") }
        switch byte {
        case UInt8(ascii: "\""):
            if materialise { return .string(try readString()) }
            try skipString()
            return .string("")
        case UInt8(ascii: "{"):
            position += 1
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                position += 1
                return .object
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw unexpected("a quoted member name") }
                try skipString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after a member name")
                skipWhitespace()
                _ = try readValue(depth: depth + 1, materialise: false)
                skipWhitespace()
                guard let next = current else { throw unexpected("',' or '}'") }
                position += 1
                if next == UInt8(ascii: "}") { return .object }
                guard next == UInt8(ascii: ",") else {
                    position -= 1
                    throw unexpected("',' or '}'")
                }
            }
        case UInt8(ascii: "["):
            position += 1
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                position += 1
                return .array
            }
            while true {
                skipWhitespace()
                _ = try readValue(depth: depth + 1, materialise: false)
                skipWhitespace()
                guard let next = current else { throw unexpected("',' or ']'") }
                position += 1
                if next == UInt8(ascii: "]") { return .array }
                guard next == UInt8(ascii: ",") else {
                    position -= 1
                    throw unexpected("',' or ']'")
                }
            }
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try readNumber()
        default:
            throw unexpected("a value")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= end else { throw unexpected("'\(word)'") }
        for index in 0..<count where base[position + index] != word.utf8Start[index] {
            position += index
            throw unexpected("'\(word)'")
        }
        position += count
    }

    private mutating func readNumber() throws(JSONSyntaxError) -> ScannedValue {
        let start = position
        var isInteger = true
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, first >= 0x30 && first <= 0x39 else { throw unexpected("a digit") }
        if first == 0x30 {
            position += 1
        } else {
            while let digit = current, digit >= 0x30 && digit <= 0x39 { position += 1 }
        }
        if current == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard let digit = current, digit >= 0x30 && digit <= 0x39 else { throw unexpected("a digit after '.'") }
            while let digit = current, digit >= 0x30 && digit <= 0x39 { position += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard let digit = current, digit >= 0x30 && digit <= 0x39 else {
                throw unexpected("a digit in the exponent")
            }
            while let digit = current, digit >= 0x30 && digit <= 0x39 { position += 1 }
        }
        if isInteger {
            let text = String(
                decoding: UnsafeBufferPointer(start: base + start, count: position - start), as: UTF8.self)
            if let value = Int(text) { return .integer(value) }
        }
        return .number
    }

    /// Skips a string, checking escapes and rejecting raw control characters.
    private mutating func skipString() throws(JSONSyntaxError) {
        position += 1
        let start = position
        var nonASCII = false
        while position < end {
            let byte = base[position]
            if byte == UInt8(ascii: "\"") {
                if nonASCII { try validateUTF8(from: start) }
                position += 1
                return
            }
            if byte >= 0x80 { nonASCII = true }
            if byte == UInt8(ascii: "\\") {
                _ = try decodeEscape()
                continue
            }
            guard byte >= 0x20 else { throw error("unescaped control character in a string") }
            position += 1
        }
        throw error("unterminated string")
    }

    /// Throws `invalidUTF8` when the bytes from `start` to the cursor are not valid UTF-8.
    private func validateUTF8(from start: Int) throws(JSONSyntaxError) {
        let span = UnsafeBufferPointer(start: base + start, count: position - start)
        if String(validating: span, as: UTF8.self) == nil {
            throw JSONSyntaxError(offset: start, message: "invalid UTF-8 in a string", invalidUTF8: true)
        }
    }

    /// Reads a string at the cursor (which is on its opening quote), checking its UTF-8.
    mutating func readString() throws(JSONSyntaxError) -> String {
        position += 1
        let start = position
        // First pass: find the closing quote, note escapes, reject raw control characters.
        var escapes = false
        var nonASCII: UInt64 = 0
        while true {
            // Eight bytes at a time while none is a quote, a backslash or a control character.
            while position &+ 8 <= end {
                let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                if Self.holdsStringSpecial(word) { break }
                nonASCII |= word
                position += 8
            }
            guard position < end else { break }
            let byte = base[position]
            nonASCII |= UInt64(byte)
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                escapes = true
                position += 2
                continue
            }
            guard byte >= 0x20 else { throw error("unescaped control character in a string") }
            position += 1
        }
        guard position < end else { throw error("unterminated string") }
        let raw = UnsafeBufferPointer(start: base + start, count: position - start)
        // Escapes are ASCII, so the raw bytes are valid UTF-8 exactly when the decoded string is.
        let closing = position
        position += 1
        if !escapes {
            // ASCII needs no validation (the common case, and far cheaper than validating).
            if nonASCII & 0x8080_8080_8080_8080 == 0 { return String(decoding: raw, as: UTF8.self) }
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw JSONSyntaxError(offset: start, message: "invalid UTF-8 in a string", invalidUTF8: true)
            }
            return text
        }
        if nonASCII & 0x8080_8080_8080_8080 != 0 && String(validating: raw, as: UTF8.self) == nil {
            throw JSONSyntaxError(offset: start, message: "invalid UTF-8 in a string", invalidUTF8: true)
        }
        // Second pass: decode escapes; the result is never longer than the raw bytes.
        var failure: JSONSyntaxError?
        let text = String(unsafeUninitializedCapacity: raw.count) { output -> Int in
            var written = 0
            var cursor = start
            while cursor < closing {
                let byte = base[cursor]
                if byte != UInt8(ascii: "\\") {
                    output[written] = byte
                    written += 1
                    cursor += 1
                    continue
                }
                position = cursor
                do throws(JSONSyntaxError) {
                    let scalar = try decodeEscape()
                    for unit in UTF8.encode(scalar)! {
                        output[written] = unit
                        written += 1
                    }
                } catch {
                    failure = error
                    return 0
                }
                cursor = position
            }
            return written
        }
        if let failure { throw failure }
        position = closing + 1
        return text
    }

    /// Whether any of the eight bytes of `word` is a quote, a backslash or a control character (below 0x20).
    @inline(__always) static func holdsStringSpecial(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // A byte of x is zero exactly when x has a byte below 1; below n: (x - n·ones) & ~x & highs ≠ 0 (n ≤ 128).
        @inline(__always) func holdsByteBelow(_ x: UInt64, _ n: UInt64) -> Bool { (x &- n &* ones) & ~x & highs != 0 }
        return holdsByteBelow(word ^ (0x22 &* ones), 1) || holdsByteBelow(word ^ (0x5C &* ones), 1)
            || holdsByteBelow(word, 0x20)
    }

    /// Decodes the escape at the cursor (a backslash) and returns the character it stands for.
    private mutating func decodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        position += 1
        guard let byte = current else { throw error("unterminated escape") }
        position += 1
        let simple: UInt8?
        switch byte {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default:
            position -= 1
            throw error("invalid escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
        if let simple { return Unicode.Scalar(simple) }
        var code = try hex4()
        if code >= 0xD800 && code < 0xDC00 {
            // A high surrogate must be followed by an escaped low surrogate.
            if position + 1 < end && base[position] == UInt8(ascii: "\\") && base[position + 1] == UInt8(ascii: "u") {
                position += 2
                let low = try hex4()
                guard low >= 0xDC00 && low < 0xE000 else { throw error("unpaired surrogate in \\u escape") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else {
                throw error("unpaired surrogate in \\u escape")
            }
        } else if code >= 0xDC00 && code < 0xE000 {
            throw error("unpaired surrogate in \\u escape")
        }
        return Unicode.Scalar(code)!
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= end else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = base[position]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}

extension JSONScanner {
    /// Reads a whole document that is a JSON array, handing each element to `element` (which must consume exactly
    /// one value); only whitespace may follow the closing bracket.
    mutating func readDocumentArray(
        _ element: (inout JSONScanner) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        skipWhitespace()
        try expect(UInt8(ascii: "["), "'[' to start the array")
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                try element(&self)
                skipWhitespace()
                guard let next = current else { throw unexpected("',' or ']'") }
                position += 1
                if next == UInt8(ascii: "]") { break }
                guard next == UInt8(ascii: ",") else {
                    position -= 1
                    throw unexpected("',' or ']'")
                }
            }
        }
        skipWhitespace()
        if position < end { throw error("unexpected content after the array") }
    }

    /// Reads any value in full (strings decoded, numbers converted, arrays and objects built).
    mutating func readTree(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < 512 else { throw error("values nested deeper than 512 levels") }
        guard let byte = current else { throw unexpected("a value") }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "{"):
            position += 1
            var members: [JSONMember] = []
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw unexpected("a quoted member name") }
                let key = try readString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after a member name")
                skipWhitespace()
                members.append(JSONMember(key: key, value: try readTree(depth: depth + 1)))
                skipWhitespace()
                guard let next = current else { throw unexpected("',' or '}'") }
                position += 1
                if next == UInt8(ascii: "}") { return .object(members) }
                guard next == UInt8(ascii: ",") else {
                    position -= 1
                    throw unexpected("',' or '}'")
                }
            }
        case UInt8(ascii: "["):
            position += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try readTree(depth: depth + 1))
                skipWhitespace()
                guard let next = current else { throw unexpected("',' or ']'") }
                position += 1
                if next == UInt8(ascii: "]") { return .array(elements) }
                guard next == UInt8(ascii: ",") else {
                    position -= 1
                    throw unexpected("',' or ']'")
                }
            }
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = position
            if case .integer(let value) = try readNumber() { return .integer(value) }
            let text = String(
                decoding: UnsafeBufferPointer(start: base + start, count: position - start), as: UTF8.self)
            return .number(Double(text) ?? .nan)
        default:
            throw unexpected("a value")
        }
    }
}
