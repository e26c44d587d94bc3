import Corpus
import Foundation

/// A prompt set shipped with Lineage, selectable by name (`--prompts identity`).
public struct PromptSet: Sendable, Hashable {
    /// The name given to `--prompts` and `lineage prompts show`.
    public var name: String
    /// What the prompts are for.
    public var summary: String
    /// Where the prompts come from.
    public var origin: String
    /// The license of the prompt texts.
    public var license: String

    /// Every shipped set, in the order `lineage prompts list` shows them.
    public static let all: [PromptSet] = [
        PromptSet(
            name: "identity",
            summary: "short questions about the model itself: who made it, its name, its knowledge cutoff",
            origin: ownWork, license: ownLicense),
        PromptSet(
            name: "creative-writing",
            summary: "short-story and scene prompts in the manner of writing-prompt collections (long free text)",
            origin: ownWork, license: ownLicense),
        PromptSet(
            name: "instructions",
            summary: "general instructions: explain, summarise, plan, compare, rewrite, advise",
            origin: ownWork, license: ownLicense),
    ]

    private static let ownWork = "written for Lineage by its authors (Sources/Collect/Resources/NOTICE.md)"
    private static let ownLicense = "CC0-1.0 (public-domain dedication)"

    /// The shipped set called `name`, or nil.
    public static func named(_ name: String) -> PromptSet? {
        all.first { $0.name == name }
    }

    /// The path of the set's JSON Lines resource.
    public var resourcePath: String {
        get throws(CollectError) {
            guard let url = Bundle.module.url(forResource: name, withExtension: "jsonl", subdirectory: "prompts")
            else {
                throw CollectError(.unknownPromptSet, "the resource for \"\(name)\" is missing from the build")
            }
            return url.path
        }
    }

    /// The set's prompts.
    public func load() throws(CollectError) -> PromptList {
        try PromptList.read(file: resourcePath, name: name, isBuiltIn: true)
    }
}

extension PromptList {
    /// The prompts named by `argument`: an existing file, else a shipped set of that name.
    public static func resolve(_ argument: String) throws(CollectError) -> PromptList {
        if FileManager.default.fileExists(atPath: argument) { return try read(file: argument) }
        if let set = PromptSet.named(argument) { return try set.load() }
        let names = PromptSet.all.map(\.name).joined(separator: ", ")
        throw CollectError(
            .unknownPromptSet, at: SourceLocation(file: argument),
            "no such file, and no shipped prompt set of that name (shipped: \(names))")
    }
}
