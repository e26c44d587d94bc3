import ArgumentParser
import Attribution
import Corpus
import Foundation

/// Output format of attribution commands.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct AttributeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attribute",
        abstract: "Rank a suspect model's likely teachers, with bootstrap intervals, a verdict and evidence.",
        discussion: """
            Compares the suspect with each candidate on two signals: shared over-used features (words, bigrams, \
            style markers) relative to the pool, and the similarity of their answers to the same prompts. Both are \
            corrected for candidates that resemble every model. Prompts are resampled for intervals and support.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "The model under suspicion.")
    var suspect: String

    @Option(
        help: "Candidate teachers, comma-separated (default: every other model in the input).",
        transform: { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } })
    var candidates: [String]?

    @Option(
        help: ArgumentHelp(
            "Models to measure the candidates against, comma-separated, best those known to be unrelated to them "
                + "(default: every model in the input that is neither the suspect nor a candidate; '' for none): "
                + "with at least 5, the scores are measured against how these resemble each candidate (with fewer, "
                + "the other candidates join them, and versions of one model among the candidates hide each other)."),
        transform: { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } })
    var reference: [String]?

    @Option(help: "Bootstrap replicates over prompts.")
    var bootstrap = 200

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 1

    @Option(help: "Weight of the stylometric signals (0–1); the paired-response signals get the rest.")
    var styleWeight = 0.1

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    func validate() throws {
        if input.inputs.isEmpty { throw ValidationError("give the outputs of the suspect and the candidates") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more") }
        if !(0...1).contains(styleWeight) { throw ValidationError("--style-weight must be between 0 and 1") }
        // Name lists checked before the corpus is read (the attribution checks them again, for library callers).
        if let conflict = Attributor.nameListConflict(
            suspect: suspect, candidates: candidates ?? [], reference: reference ?? [])
        {
            throw ValidationError(conflict)
        }
    }

    func run() throws {
        try Terminal.run {
            let data = try AnswerFeatures.read(inputs: input.inputs, options: input.readOptions)
            let attributor = Attributor(data)
            let result = try attributor.attribute(
                suspect: suspect, candidates: candidates, reference: reference,
                settings: AttributionSettings(replicates: bootstrap, seed: seed, styleWeight: styleWeight))
            print(format == .json ? result.jsonText() : result.text(), terminator: "")
        }
    }
}
