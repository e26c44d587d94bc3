import Attribution
import Corpus
import Dispatch
import Fingerprint
import Lexicon
import Phylogeny
import Synchronization

/// Settings of the main job (`lineage analyze`).
public struct MainAnalysisOptions: Sendable {
    /// How strictly inputs are read.
    public var read: ReadOptions
    /// Profile thresholds (each list is deepened for the bootstrap, see ``CharacterSettings``).
    public var profile: ProfileSettings
    /// The human baseline; nil for the shipped English one.
    public var baseline: Baseline?
    /// Top features per model used as tree characters.
    public var characters: CharacterSettings
    /// Tree method, bootstrap, seed, rooting.
    public var tree: TreeAnalysisOptions
    /// Suspects to attribute; empty: every model against all the others.
    public var suspects: [String]
    /// Attribution settings (bootstrap replicates, seed, style weight).
    public var attribution: AttributionSettings
    /// Lineage labels: leaves coloured by family, and the evaluation table.
    public var labels: LineageLabels?
    /// The tool's name and version, written into run.json and the report.
    public var tool: String

    /// Creates options.
    public init(
        read: ReadOptions = ReadOptions(), profile: ProfileSettings = ProfileSettings(), baseline: Baseline? = nil,
        characters: CharacterSettings = CharacterSettings(), tree: TreeAnalysisOptions = TreeAnalysisOptions(),
        suspects: [String] = [], attribution: AttributionSettings = AttributionSettings(replicates: 50),
        labels: LineageLabels? = nil, tool: String = "lineage"
    ) {
        self.read = read
        self.profile = profile
        self.baseline = baseline
        self.characters = characters
        self.tree = tree
        self.suspects = suspects
        self.attribution = attribution
        self.labels = labels
        self.tool = tool
    }
}

/// Where the main job is: stage `stage` of `stages` (named `name`), `done` of `total` steps.
public struct MainAnalysisProgress: Sendable, Hashable {
    public var stage: Int
    public var stages: Int
    public var name: String
    public var done: Int
    public var total: Int

    /// The last stage, writing the report: `done` of 1.
    public static func writing(done: Int) -> MainAnalysisProgress {
        MainAnalysisProgress(
            stage: MainAnalysis.stages.count, stages: MainAnalysis.stages.count, name: MainAnalysis.stages.last!,
            done: done, total: 1)
    }
}

/// The main job's results: profiles, the tree with bootstrap support, attributions, and the evaluation when labels
/// were given.
public struct MainAnalysis: Sendable {
    /// Stages reported through the progress callback.
    public static let stages = [
        "profiles: reading", "answers: features", "tree: bootstrap", "attribution: suspects", "report: writing",
    ]

    /// One profile per model, sorted by model name.
    public var profiles: [Profile]
    /// Every input file with its SHA-256.
    public var inputs: [SourceFile]
    /// Prompts in the corpus.
    public var promptCount: Int
    /// The tree over the models.
    public var tree: TreeAnalysis
    /// One attribution per suspect.
    public var attributions: [AttributionResult]
    /// The evaluation against the labels, when given.
    public var evaluation: EvaluationReport?
    /// The settings used.
    public var options: MainAnalysisOptions

    /// Runs profile → tree with bootstrap → attribution (→ evaluation) on `inputs` (files or directories).
    public static func run(
        inputs: [String], options: MainAnalysisOptions,
        progress: (@Sendable (MainAnalysisProgress) -> Void)? = nil
    ) throws -> MainAnalysis {
        let report = reporter(progress)
        var reading: (@Sendable (Int, Int) -> Void)?
        if progress != nil { reading = { report(0, $0, $1) } }
        let settings = options.characters.candidateSettings(base: options.profile)
        let fingerprints = try Fingerprinting.run(
            inputs: inputs, options: options.read, baseline: options.baseline, settings: settings,
            keepingOutputs: true, progress: reading)
        let profiles = fingerprints.profiles

        report(1, 0, 1)
        let answers = try AnswerFeatures(outputs: fingerprints.corpus.outputs)
        report(1, 1, 1)
        let attributor = Attributor(answers)
        for suspect in options.suspects { _ = try answers.index(of: suspect) }
        // Labels that cannot be evaluated on these models fail now, not after the tree and the attributions.
        if let labels = options.labels { _ = try Evaluation.checkedPlan(models: answers.models, labels: labels) }

        let selection = FeatureSelection(profiles: profiles, settings: options.characters)
        let replicates = options.tree.replicates
        var bootstrapped: (@Sendable (Int) -> Void)?
        if progress != nil { bootstrapped = { report(2, $0, replicates) } }
        let tree = try TreeAnalysis.run(selection: selection, options: options.tree, progress: bootstrapped)

        let suspects = options.suspects.isEmpty ? answers.models : options.suspects
        var attributed: (@Sendable (Int) -> Void)?
        if progress != nil { attributed = { report(3, $0, suspects.count) } }
        let attributions = try attributeAll(
            attributor, suspects: suspects, settings: options.attribution, progress: attributed)
        var evaluation: EvaluationReport?
        if let labels = options.labels {
            evaluation = try Evaluation.run(attributor: attributor, labels: labels, settings: options.attribution)
        }
        return MainAnalysis(
            profiles: profiles, inputs: answers.sources, promptCount: answers.prompts.count, tree: tree,
            attributions: attributions, evaluation: evaluation, options: options)
    }

    /// Runs the tree with bootstrap on `profiles`, read from the files `sources` describes, without attribution,
    /// which compares the models' answers and profiles carry none (`options.suspects` is not used; labels colour
    /// the leaves but are not evaluated). Profiles with per-prompt counts are bootstrapped over prompts, others
    /// over characters.
    public static func run(
        profiles: [Profile], sources: [SourceFile], options: MainAnalysisOptions,
        progress: (@Sendable (MainAnalysisProgress) -> Void)? = nil
    ) throws -> MainAnalysis {
        let selection = FeatureSelection(profiles: profiles, settings: options.characters)
        let replicates = options.tree.replicates
        let report = reporter(progress)
        var bootstrapped: (@Sendable (Int) -> Void)?
        if progress != nil { bootstrapped = { report(2, $0, replicates) } }
        let tree = try TreeAnalysis.run(selection: selection, options: options.tree, progress: bootstrapped)
        return MainAnalysis(
            profiles: profiles.sorted { $0.model < $1.model }, inputs: sources,
            promptCount: Set(profiles.flatMap(\.prompts)).count, tree: tree, attributions: [], evaluation: nil,
            options: options)
    }

    /// Reports to `progress` that stage `stage` (0-based, in ``stages``) has done `done` of `total` steps.
    static func reporter(
        _ progress: (@Sendable (MainAnalysisProgress) -> Void)?
    ) -> @Sendable (_ stage: Int, _ done: Int, _ total: Int) -> Void {
        { stage, done, total in
            progress?(
                MainAnalysisProgress(
                    stage: stage + 1, stages: stages.count, name: stages[stage], done: done, total: total))
        }
    }

    /// Attributes each suspect against every other model, suspects in parallel; results in `suspects` order.
    static func attributeAll(
        _ attributor: Attributor, suspects: [String], settings: AttributionSettings,
        progress: (@Sendable (Int) -> Void)?
    ) throws -> [AttributionResult] {
        let results = Mutex<[Int: Result<AttributionResult, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: suspects.count) { index in
            let result = Result { try attributor.attribute(suspect: suspects[index], settings: settings) }
            let done = results.withLock { table in
                table[index] = result
                return table.count
            }
            progress?(done)
        }
        let table = results.withLock { $0 }
        return try suspects.indices.map { try table[$0]!.get() }
    }
}
