/// A JSON value held in full, as read by ``JSONValue/parse(_:)`` or ``JSONValue/parseArrayElements(_:)``.
///
/// For records with nested members (arrays of strings, sub-objects) where the flat record reader does not
/// suffice. Reading is strict RFC 8259 with UTF-8 validation, as for the corpus readers.
public enum JSONValue: Sendable, Equatable {
    /// A string, escapes decoded.
    case string(String)
    /// A number written without fraction or exponent that fits in `Int`.
    case integer(Int)
    /// Any other number.
    case number(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array, elements in order.
    case array([JSONValue])
    /// An object, members in the order written (a repeated name keeps every occurrence).
    case object([JSONMember])

    /// The value of member `key` when this is an object holding it (the last occurrence when repeated).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// The string, when this is one.
    public var string: String? {
        if case .string(let text) = self { text } else { nil }
    }

    /// The integer, when this is one.
    public var integer: Int? {
        if case .integer(let value) = self { value } else { nil }
    }

    /// The elements, when this is an array.
    public var array: [JSONValue]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// The kind of value with its article, for messages: "a string", "an object", ….
    public var kindName: String {
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

/// One member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    /// The member name.
    public var key: String
    /// The member value.
    public var value: JSONValue

    /// Creates a member.
    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// Why JSON text could not be read, and where.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 0-based byte offset where reading stopped.
    public var offset: Int
    /// The 1-based line of that byte.
    public var line: Int
    /// The 1-based column (byte) of that byte in its line.
    public var column: Int
    /// For ``JSONValue/parseArrayElements(_:)``: the 0-based index of the element being read.
    public var element: Int?
    /// What was wrong.
    public var message: String
    /// The problem is a byte sequence that is not UTF-8 rather than JSON syntax.
    public var invalidUTF8: Bool

    public var description: String { "line \(line), column \(column): \(message)" }
}

extension JSONValue {
    /// Reads one JSON document: a single value with nothing but whitespace around it.
    public static func parse(_ bytes: ArraySlice<UInt8>) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            do throws(JSONSyntaxError) {
                scanner.skipWhitespace()
                let value = try scanner.readTree(depth: 0)
                scanner.skipWhitespace()
                if scanner.position < scanner.end { throw scanner.error("unexpected content after the value") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error): throw JSONParseError(error, in: bytes, element: nil)
        }
    }

    /// Reads one JSON document: a single value with nothing but whitespace around it.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try parse(bytes[...])
    }

    /// Reads a document that is a JSON array and returns its elements; a syntax error names the element
    /// it was found in (``JSONParseError/element``).
    public static func parseArrayElements(_ bytes: [UInt8]) throws(JSONParseError) -> [JSONValue] {
        var elements: [JSONValue] = []
        let failure: JSONSyntaxError? = bytes.withUnsafeBufferPointer { buffer -> JSONSyntaxError? in
            var scanner = JSONScanner(buffer)
            do throws(JSONSyntaxError) {
                try scanner.readDocumentArray { scanner throws(JSONSyntaxError) in
                    elements.append(try scanner.readTree(depth: 1))
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw JSONParseError(failure, in: bytes[...], element: elements.count) }
        return elements
    }
}

extension JSONParseError {
    /// Places a scanner error in `bytes`.
    init(_ error: JSONSyntaxError, in bytes: ArraySlice<UInt8>, element: Int?) {
        let offset = min(error.offset, bytes.count)
        let before = bytes[bytes.startIndex..<(bytes.startIndex + offset)]
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? bytes.startIndex
        self.init(
            offset: offset, line: before.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) },
            column: bytes.startIndex + offset - lineStart + 1, element: element, message: error.message,
            invalidUTF8: error.invalidUTF8)
    }
}
