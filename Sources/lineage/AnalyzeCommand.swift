import Analysis
import ArgumentParser
import Attribution
import Corpus
import Fingerprint
import Foundation

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "The main job: profiles, a tree with bootstrap support and attribution, in one HTML report.",
        discussion: """
            Runs profile → tree with bootstrap → attribution (each --suspect against every other model; by default \
            every model against all the others) and writes DIR/index.html, a self-contained report that opens \
            offline, with tree.svg, tree-circular.svg, heatmap.svg, tree.nwk, distances.csv, attribution.json, \
            profiles/*.json and run.json (settings, version, seed and the SHA-256 of every input file). With \
            --labels, leaves are coloured by family and the report holds the evaluation against the labels. \
            Given profile files instead (lineage profile, or profile --import of slop-forensics' results), it writes \
            the report with the tree, heatmap and fingerprints and no attribution, which needs the answers.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var treeOptions: TreeOptions

    @Option(help: "Directory for the report and its files.")
    var out: String

    @Option(help: "A model to attribute (repeat for several); default: every model against all the others.")
    var suspect: [String] = []

    @Option(help: "Lineage label file (the schema of alpacaeval-dev/labels.json): family colours and evaluation.")
    var labels: String?

    @Option(
        help: """
            Bootstrap replicates over prompts per attribution (default: 200 with --suspect, 50 for the \
            every-model table).
            """)
    var attributionBootstrap: Int?

    @Option(help: "Weight of the stylometric signals in attribution (0–1).")
    var styleWeight = 0.1

    @Flag(help: "No progress and no summary line.")
    var quiet = false

    func validate() throws {
        if input.inputs.isEmpty { throw ValidationError("give model outputs or profiles (files or directories)") }
        if let attributionBootstrap, attributionBootstrap < 0 {
            throw ValidationError("--attribution-bootstrap must be 0 or more")
        }
        if !(0...1).contains(styleWeight) { throw ValidationError("--style-weight must be between 0 and 1") }
    }

    func run() throws {
        try Terminal.run {
            try OutputLocation.checkDirectory(out)
            // Profiles: the tree, heatmap and fingerprints; attribution needs the answers themselves.
            // The directories are walked once: the analysis reads the files found here.
            let files = try CorpusReader.inputFiles(input.inputs)
            let given = try ProfileInputs.load(files)
            if given != nil {
                guard suspect.isEmpty else {
                    throw ValidationError(
                        "--suspect attributes a model by its answers, and profiles carry none: give the model outputs")
                }
                guard profileOptions.baseline == nil else {
                    throw ValidationError(
                        "--baseline makes profiles from outputs; these profiles were made with their own baseline")
                }
            }
            let baseline = try profileOptions.loadBaseline()
            let replicates = attributionBootstrap ?? (suspect.isEmpty ? 50 : 200)
            let options = MainAnalysisOptions(
                read: input.readOptions, profile: profileOptions.settings(baseline: baseline), baseline: baseline,
                characters: treeOptions.characterSettings, tree: treeOptions.analysisOptions, suspects: suspect,
                attribution: AttributionSettings(
                    replicates: replicates, seed: treeOptions.seed, styleWeight: styleWeight),
                labels: try labels.map { try LineageLabels.load(path: $0) }, tool: "lineage \(Lineage.version)")
            let progress = quiet ? nil : Terminal.stageProgress()
            let analysis =
                try given.map { given in
                    try MainAnalysis.run(
                        profiles: given.profiles, sources: given.sources, options: options, progress: progress)
                } ?? MainAnalysis.run(inputs: files, options: options, progress: progress)
            progress?(.writing(done: 0))
            try analysis.write(to: out)
            progress?(.writing(done: 1))
            if !quiet {
                let distilled = analysis.attributions.filter { $0.verdict.kind == .distilled }.count
                let attributed =
                    analysis.isFromProfiles
                    ? "no attribution (profiles carry no answers)"
                    : "\(analysis.attributions.count) attributed (\(distilled) distilled)"
                Terminal.note(
                    "lineage: \(analysis.profiles.count) models, \(attributed); open "
                        + (out as NSString).appendingPathComponent("index.html"))
            }
        }
    }
}
