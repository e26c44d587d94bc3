import Foundation

extension CorpusError {
    /// The error for a JSON syntax error (or invalid UTF-8) found by the corpus parser in `file`, at its line and
    /// column.
    public init(parsing error: JSONParseError, file: String) {
        self.init(
            error.invalidUTF8 ? .invalidUTF8 : .malformedJSON, at: SourceLocation(file: file, line: error.line),
            "column \(error.column): \(error.message)")
    }

    /// The error for a JSON file that could not be decoded as the expected document (`expected`, e.g. "a Lineage
    /// profile"): a syntax error with its line and column, or the missing key or the bad value by its path in the
    /// document (`metrics.slop_score`, `words[3].count`), instead of the decoder's debug text.
    public init(decoding error: any Error, file: String, bytes: Data, expected: String) {
        guard let decoding = error as? DecodingError else {
            self.init(.malformedJSON, at: SourceLocation(file: file), "\(error)")
            return
        }
        let location = SourceLocation(file: file)
        switch decoding {
        case .keyNotFound(let key, let context):
            let path = DecodingProblem.path(context.codingPath + [key])
            self.init(.missingField, at: location, "'\(path)' (not \(expected))")
        case .typeMismatch(let type, let context):
            self.init(
                .wrongFieldType, at: location,
                "\(DecodingProblem.place(context.codingPath)) should be \(DecodingProblem.name(of: type)) (not \(expected))"
            )
        case .valueNotFound(let type, let context):
            self.init(
                .wrongFieldType, at: location,
                "\(DecodingProblem.place(context.codingPath)) should be \(DecodingProblem.name(of: type)), not null "
                    + "(not \(expected))")
        case .dataCorrupted(let context):
            if !context.codingPath.isEmpty {
                self.init(
                    .wrongFieldType, at: location,
                    "\(DecodingProblem.place(context.codingPath)): \(context.debugDescription) (not \(expected))")
                return
            }
            // The decoder names neither line nor cause of a syntax error: find it with the corpus parser.
            do throws(JSONParseError) {
                _ = try JSONValue.parse([UInt8](bytes))
                // Valid JSON the decoder refused: a number that does not fit its field.
                self.init(
                    .wrongFieldType, at: location,
                    "a number does not fit its field: a fraction or a value out of range (not \(expected))")
            } catch {
                self.init(parsing: error, file: file)
            }
        @unknown default:
            self.init(.malformedJSON, at: SourceLocation(file: file), "\(decoding)")
        }
    }
}

/// Short, path-based wording for what a JSON decoder refused.
enum DecodingProblem {
    /// The path of a value in the document: `metrics.slop_score`, `words[3].count`.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    /// "'a.b'", or "the top level" for the document itself.
    static func place(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top level" : "'\(path(keys))'"
    }

    /// The JSON kind a Swift type is read from, in words.
    static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt64.Type, is UInt32.Type, is UInt.Type:
            "a whole number"
        case is Double.Type, is Float.Type: "a number"
        default:
            String(describing: type).hasPrefix("Array") || String(describing: type).hasPrefix("[")
                ? "an array" : "an object"
        }
    }
}
