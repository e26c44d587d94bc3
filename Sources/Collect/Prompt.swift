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

    /// The identifier of a plain-text prompt: the first 16 hex digits of the SHA-256 of its UTF-8 text.
    public static func textID(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
