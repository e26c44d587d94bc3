import ArgumentParser
import Collect
import Foundation

struct PromptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompts",
        abstract: "The prompt sets shipped for `lineage collect`.",
        subcommands: [List.self, Show.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the shipped prompt sets: name, size, what they are for, origin and license.")

        func run() throws {
            try Terminal.run {
                for set in PromptSet.all {
                    let count = try set.load().prompts.count
                    print("\(set.name)\t\(count) prompts\t\(set.summary)")
                    print("\tsource: \(set.origin); license: \(set.license)")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a shipped prompt set as JSON Lines ({\"prompt_id\", \"prompt\"}), as --prompts reads it.")

        @Argument(help: "The set's name (see `lineage prompts list`).")
        var name: String

        func run() throws {
            try Terminal.run {
                guard let set = PromptSet.named(name) else {
                    throw CollectError(
                        .unknownPromptSet,
                        "\"\(name)\" (shipped: \(PromptSet.all.map(\.name).joined(separator: ", ")))")
                }
                FileHandle.standardOutput.write(try Data(contentsOf: URL(fileURLWithPath: set.resourcePath)))
            }
        }
    }
}
