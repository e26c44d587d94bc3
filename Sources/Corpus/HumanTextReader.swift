import Foundation

/// Reads human-written text for building a baseline: plain text files (one document each), or JSON
/// (`.jsonl`, `.json`, optionally `.gz`): JSON Lines whose records carry the text in `text` or `output`, a JSON
/// array of such records or of strings, or one such record.
public enum HumanTextReader {
    /// What the JSON files must hold, for messages.
    static let expectedJSON =
        "expected JSON Lines records with a \"text\" or \"output\" field, or a JSON array of such records or of strings"

    /// The texts of one file (gzip allowed).
    public static func texts(file: String) throws(CorpusError) -> [String] {
        let bytes = try CorpusReader.payload(of: try CorpusReader.contents(of: file), file: file)
        let lower = file.lowercased()
        let structured = [".jsonl", ".json", ".jsonl.gz", ".json.gz"].contains { lower.hasSuffix($0) }
        if !structured {
            if let offset = RecordDecoding.firstInvalidUTF8(bytes[...]) {
                throw CorpusError(
                    .invalidUTF8,
                    at: SourceLocation(file: file, line: RecordDecoding.lineNumber(of: offset, in: bytes)),
                    "byte \(offset + 1) of the file is not valid UTF-8")
            }
            return [String(decoding: bytes, as: UTF8.self)]
        }
        if let texts = try documentTexts(bytes, file: file) { return texts }
        var texts: [String] = []
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            let location = SourceLocation(file: file, line: lineNumber)
            if RecordDecoding.firstInvalidUTF8(line) != nil {
                throw CorpusError(.invalidUTF8, at: location, "the line is not valid UTF-8")
            }
            let members: [(key: String, value: ScannedValue)]
            do {
                members = try Array(line).withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
                    var scanner = JSONScanner(buffer)
                    return try scanner.readObject()
                }
            } catch {
                throw CorpusError(.malformedJSON, at: location, "column \(error.offset + 1): \(error.message)")
            }
            guard let text = members.first(where: { $0.key == "text" || $0.key == "output" }) else {
                throw CorpusError(.missingField, at: location, "the record has no \"text\" or \"output\" field")
            }
            guard case .string(let value) = text.value else {
                throw CorpusError(.wrongFieldType, at: location, "\"\(text.key)\" must be a string")
            }
            texts.append(value)
        }
        return texts
    }

    /// The texts of a file that is one JSON document (an array, or a single object however it is laid out); nil
    /// for anything else, which is read as JSON Lines.
    static func documentTexts(_ bytes: [UInt8], file: String) throws(CorpusError) -> [String]? {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            return nil
        }
        if first == UInt8(ascii: "[") {
            let elements: [JSONValue]
            do {
                elements = try JSONValue.parseArrayElements(bytes)
            } catch {
                throw CorpusError(parsing: error, file: file)
            }
            return try elements.enumerated().map { index, element throws(CorpusError) in
                if let text = element.string { return text }
                return try text(of: element, at: SourceLocation(file: file, record: index))
            }
        }
        guard first == UInt8(ascii: "{") else { return nil }
        // An object spread over several lines: a pretty-printed record, or a JSON file of some other kind (then
        // say what is expected). JSON Lines, whose first line is a whole object, is read line by line.
        let start = bytes.firstIndex(of: first)!
        let firstLine = bytes[start..<(bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex)]
        if (try? JSONValue.parse(firstLine)) != nil { return nil }
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw CorpusError(parsing: error, file: file)
        }
        return [try text(of: document, at: SourceLocation(file: file))]
    }

    /// The `text` or `output` string of a record.
    static func text(of record: JSONValue, at location: SourceLocation) throws(CorpusError) -> String {
        guard case .object(let members) = record else {
            throw CorpusError(.wrongFieldType, at: location, "found \(record.kindName); \(expectedJSON)")
        }
        guard let member = members.first(where: { $0.key == "text" || $0.key == "output" }) else {
            throw CorpusError(
                .missingField, at: location,
                "an object with no \"text\" or \"output\" field (its keys: \(CorpusError.keyList(members))); "
                    + expectedJSON)
        }
        guard let text = member.value.string else {
            throw CorpusError(.wrongFieldType, at: location, "\"\(member.key)\" must be a string")
        }
        return text
    }
}
