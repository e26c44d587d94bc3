import Foundation

/// Reads human-written text for building a baseline: plain text files (one document each), or JSON
/// Lines (`.jsonl`, `.json`, optionally `.gz`) whose records carry the text in `text` or `output`.
public enum HumanTextReader {
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
}
