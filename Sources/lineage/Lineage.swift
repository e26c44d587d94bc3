import ArgumentParser

@main
struct Lineage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineage",
        abstract: "Where did this language model's behaviour come from? Evidence a third party can check.",
        version: Lineage.version,
        subcommands: [
            AnalyzeCommand.self, ProfileCommand.self, SlopListCommand.self, TreeCommand.self, AttributeCommand.self,
            EvaluateCommand.self,
            BaselineCommand.self,
            WeightsCommand.self,
            AttestCommand.self, LogCommand.self, AuditCommand.self,
            CollectCommand.self, PromptsCommand.self,
            ServeCommand.self,
        ]
    )

    /// The tool's version, shown by `--version` and written into run files.
    static let version = "0.1.0"
}
