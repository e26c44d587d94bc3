import Corpus
import Foundation

extension PromptList {
    /// The most bytes a gzip-compressed prompt file may inflate to.
    static let maximumInflatedBytes = 1 << 30

    /// Reads prompts from `path`, gzip-compressed or not: a JSON array of records when the whole file is one,
    /// JSON Lines records when the first non-blank character is `{`, else plain text with one prompt a line.
    ///
    /// A record gives its text as `prompt` or `instruction` and its id as `prompt_id` or `id` (a string or an
    /// integer), so that Corpus files (JSON Lines, an AlpacaEval `model_outputs.json`, a collected file) serve as
    /// prompt files. A prompt without an id, and every plain-text prompt, gets ``textID(_:)`` of its text, so ids
    /// stay the same when lines are added or moved. Blank lines and `lineage_metadata` records are skipped. An id
    /// seen again with the same text is the same prompt again (another sample, another model's answer) and is
    /// skipped; with another text, or a plain-text line given twice, it is an error.
    public static func read(file path: String, name: String? = nil, isBuiltIn: Bool = false) throws(CollectError)
        -> PromptList
    {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CollectError(.invalidPrompts, at: SourceLocation(file: path), FileProblem.reason(error))
        }
        let stored = [UInt8](data)
        let bytes: [UInt8]
        do {
            bytes = try CorpusReader.payload(of: stored, file: name ?? path, inflatedLimit: maximumInflatedBytes)
        } catch {
            throw CollectError(.invalidPrompts, at: error.location, "\(error.kind.rawValue): \(error.detail)")
        }
        let digest = CorpusReader.sha256(bytes: stored)
        let prompts = try parse(Data(bytes), file: name ?? path)
        return PromptList(prompts: prompts, name: name ?? path, isBuiltIn: isBuiltIn, sha256: digest)
    }

    /// Parses prompt-file bytes (not compressed); `file` names the source in errors. See
    /// ``read(file:name:isBuiltIn:)``.
    public static func parse(_ data: Data, file: String) throws(CollectError) -> [Prompt] {
        let bytes = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw CollectError(.invalidPrompts, at: SourceLocation(file: file), "the file is not valid UTF-8")
        }
        var collected = Collected(file: file)
        // A JSON array only when the whole file is one: a plain-text prompt may start with "[" ("[INST] …").
        let first = text.first { !$0.isWhitespace }
        var array: [JSONValue]?
        if first == "[" {
            do {
                array = try JSONValue.parse([UInt8](bytes)).array
            } catch  where [".json", ".json.gz"].contains(where: file.lowercased().hasSuffix) {
                // A .json file is meant as JSON: say where it breaks rather than read its lines as prompts.
                throw CollectError(
                    .invalidPrompts, at: SourceLocation(file: file, line: error.line),
                    "malformed JSON: column \(error.column): \(error.message)")
            } catch {}
        }
        if let array {
            for (index, element) in array.enumerated() {
                try collected.add(record: element, at: SourceLocation(file: file, record: index))
            }
        } else if first == "{" {
            for (index, line) in lines(of: text).enumerated() where !line.allSatisfy(\.isWhitespace) {
                let location = SourceLocation(file: file, line: index + 1)
                let record: JSONValue
                do {
                    record = try JSONValue.parse(Array(line.utf8))
                } catch {
                    throw CollectError(
                        .invalidPrompts, at: location,
                        "malformed JSON: column \(error.column): \(error.message) (JSON Lines holds one record a line)")
                }
                try collected.add(record: record, at: location)
            }
        } else {
            for (index, line) in lines(of: text).enumerated() where !line.allSatisfy(\.isWhitespace) {
                try collected.add(Prompt(id: textID(String(line)), text: String(line)), at: index + 1)
            }
        }
        guard !collected.prompts.isEmpty else {
            throw CollectError(.invalidPrompts, at: SourceLocation(file: file), "the file holds no prompts")
        }
        return collected.prompts
    }

    /// The lines of `text`; `\r\n` is one Character in Swift, so it splits on line breaks rather than on "\n".
    private static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    /// The prompts read so far and where each id was first seen.
    private struct Collected {
        let file: String
        var prompts: [Prompt] = []
        var firstSeen: [String: (place: SourceLocation, text: String)] = [:]

        init(file: String) {
            self.file = file
        }

        /// Adds the prompt of a JSON record, unless it is a `lineage_metadata` record or repeats a prompt.
        mutating func add(record: JSONValue, at location: SourceLocation) throws(CollectError) {
            guard case .object(let members) = record else {
                throw CollectError(
                    .invalidPrompts, at: location, "found \(record.kindName); expected a JSON object with a \"prompt\"")
            }
            if members.contains(where: { $0.key == "lineage_metadata" }) { return }
            let textField = members.first { $0.key == "prompt" } ?? members.first { $0.key == "instruction" }
            guard let textField else {
                throw CollectError(.invalidPrompts, at: location, "the record has no \"prompt\" (or \"instruction\")")
            }
            guard let text = textField.value.string, !text.isEmpty else {
                throw CollectError(.invalidPrompts, at: location, "\"\(textField.key)\" must be a non-empty string")
            }
            var id = PromptList.textID(text)
            if let idField = members.first(where: { $0.key == "prompt_id" }) ?? members.first(where: { $0.key == "id" })
            {
                switch idField.value {
                case .string(let value) where !value.isEmpty: id = value
                case .integer(let value): id = String(value)
                default:
                    throw CollectError(
                        .invalidPrompts, at: location, "\"\(idField.key)\" must be a non-empty string or an integer")
                }
            }
            if let first = firstSeen[id], first.text == text { return }
            try add(Prompt(id: id, text: text), at: location)
        }

        /// Adds a plain-text prompt read at `line`.
        mutating func add(_ prompt: Prompt, at line: Int) throws(CollectError) {
            try add(prompt, at: SourceLocation(file: file, line: line))
        }

        private mutating func add(_ prompt: Prompt, at location: SourceLocation) throws(CollectError) {
            if let first = firstSeen[prompt.id] {
                let place = first.place.line.map { "line \($0)" } ?? "record \(first.place.record ?? 0)"
                let sameText = first.text == prompt.text ? " (the same text)" : " with another text"
                throw CollectError(
                    .invalidPrompts, at: location, "prompt id \"\(prompt.id)\" already appears on \(place)\(sameText)")
            }
            firstSeen[prompt.id] = (location, prompt.text)
            prompts.append(prompt)
        }
    }
}
