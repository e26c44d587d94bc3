import Corpus
import Crypto
import Foundation

/// One prompt to send: its identifier (unique within its set) and its text.
public struct Prompt: Sendable, Hashable {
    /// The identifier written as `prompt_id` in the output.
    public var id: String
    /// The text sent as the user message.
    public var text: String

    /// Creates a prompt.
    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// A list of prompts read from a file or a shipped set, with what identifies its source.
public struct PromptList: Sendable {
    /// The prompts in file order.
    public var prompts: [Prompt]
    /// The file path, or the shipped set's name.
    public var name: String
    /// True for a prompt set shipped with Lineage.
    public var isBuiltIn: Bool
    /// SHA-256 of the file's bytes (lowercase hex).
    public var sha256: String

    /// Creates a list.
    public init(prompts: [Prompt], name: String, isBuiltIn: Bool, sha256: String) {
        self.prompts = prompts
        self.name = name
        self.isBuiltIn = isBuiltIn
        self.sha256 = sha256
    }

    /// Reads prompts from `path`: JSON Lines `{"prompt_id": ..., "prompt": ...}` when the first non-blank
    /// character is `{`, else plain text with one prompt a line.
    ///
    /// Plain-text prompts get the first 16 hex digits of the SHA-256 of their text as identifier, so ids stay
    /// the same when lines are added or moved. Blank lines are skipped; ids must be unique.
    public static func read(file path: String, name: String? = nil, isBuiltIn: Bool = false) throws(CollectError)
        -> PromptList
    {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CollectError(.invalidPrompts, at: SourceLocation(file: path), error.localizedDescription)
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let prompts = try parse(data, file: name ?? path)
        return PromptList(prompts: prompts, name: name ?? path, isBuiltIn: isBuiltIn, sha256: digest)
    }

    /// Parses prompt-file bytes; `file` names the source in errors.
    public static func parse(_ data: Data, file: String) throws(CollectError) -> [Prompt] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw CollectError(.invalidPrompts, at: SourceLocation(file: file), "the file is not valid UTF-8")
        }
        // `\r\n` is one Character in Swift, so split on line breaks rather than on "\n".
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        let isJSONLines = lines.first { !$0.allSatisfy(\.isWhitespace) }?.drop { $0.isWhitespace }.first == "{"
        var prompts: [Prompt] = []
        var firstLine: [String: Int] = [:]
        for (index, line) in lines.enumerated() {
            if line.allSatisfy(\.isWhitespace) { continue }
            let location = SourceLocation(file: file, line: index + 1)
            let prompt =
                isJSONLines
                ? try jsonPrompt(String(line), at: location)
                : Prompt(id: textID(String(line)), text: String(line))
            if let previous = firstLine[prompt.id] {
                throw CollectError(
                    .invalidPrompts, at: location,
                    "prompt id \"\(prompt.id)\" already appears on line \(previous)"
                        + (isJSONLines ? "" : " (the same text)"))
            }
            firstLine[prompt.id] = index + 1
            prompts.append(prompt)
        }
        guard !prompts.isEmpty else {
            throw CollectError(.invalidPrompts, at: SourceLocation(file: file), "the file holds no prompts")
        }
        return prompts
    }

    /// The identifier of a plain-text prompt: the first 16 hex digits of the SHA-256 of its UTF-8 text.
    public static func textID(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    private static func jsonPrompt(_ line: String, at location: SourceLocation) throws(CollectError) -> Prompt {
        let record: PromptRecord
        do {
            record = try JSONDecoder().decode(PromptRecord.self, from: Data(line.utf8))
        } catch {
            throw CollectError(
                .invalidPrompts, at: location,
                "expected a JSON object with a string or integer \"prompt_id\" and a string \"prompt\"")
        }
        guard let id = record.promptID ?? record.id, !id.text.isEmpty else {
            throw CollectError(.invalidPrompts, at: location, "the record has no non-empty \"prompt_id\"")
        }
        guard let text = record.prompt ?? record.instruction, !text.isEmpty else {
            throw CollectError(.invalidPrompts, at: location, "the record has no non-empty \"prompt\"")
        }
        return Prompt(id: id.text, text: text)
    }
}

/// One line of a JSON Lines prompt file (`id` and `instruction` are accepted as in the Corpus formats).
private struct PromptRecord: Decodable {
    var promptID: Identifier?
    var id: Identifier?
    var prompt: String?
    var instruction: String?

    enum CodingKeys: String, CodingKey {
        case promptID = "prompt_id"
        case id, prompt, instruction
    }

    /// A prompt id given as a string or an integer.
    struct Identifier: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                text = String(number)
            } else {
                text = try container.decode(String.self)
            }
        }
    }
}
