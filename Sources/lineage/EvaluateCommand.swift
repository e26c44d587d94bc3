import ArgumentParser
import Attribution
import Corpus
import Foundation

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score attribution against lineage labels: accuracy, false-teacher rates, calibration.",
        discussion: """
            Attributes every labelled student (candidates: the label file's teachers present in the corpus), every \
            human-data control, and every student again with its teacher's vendor removed. Verdict thresholds and \
            confidence are refitted without each lineage group and applied to it (cross-validation).
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Lineage label file (the schema of alpacaeval-dev/labels.json).")
    var labels: String

    @Option(help: "Bootstrap replicates over prompts per attribution.")
    var bootstrap = 100

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 1

    @Option(help: "Weight of the stylometric signals (0–1); the paired-response signals get the rest.")
    var styleWeight = 0.1

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    func validate() throws {
        if input.inputs.isEmpty { throw ValidationError("give the outputs of the labelled models") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more") }
        if !(0...1).contains(styleWeight) { throw ValidationError("--style-weight must be between 0 and 1") }
    }

    func run() throws {
        try Terminal.run {
            let labelSet = try LineageLabels.load(path: labels)
            let data = try AnswerFeatures.read(inputs: input.inputs, options: input.readOptions)
            let report = try Evaluation.run(
                attributor: Attributor(data), labels: labelSet,
                settings: AttributionSettings(
                    replicates: bootstrap, seed: seed,
                    styleWeight: styleWeight),
                progress: Terminal.progress("attributing"))
            print(format == .json ? report.jsonText() : report.text(), terminator: "")
        }
    }
}
