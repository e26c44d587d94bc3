import Attribution
import Corpus
import Fingerprint
import Phylogeny

/// Everything the report shows, computed elsewhere: the report only lays it out.
public struct ReportContent: Sendable {
    /// The tool's name and version, e.g. "lineage 0.1.0".
    public var tool: String
    /// Input files with their formats, record counts and SHA-256.
    public var inputs: [SourceFile]
    /// One profile per model.
    public var profiles: [Profile]
    /// Prompts in the corpus.
    public var promptCount: Int
    /// Presence/absence characters the tree was built from (0 when built from distances).
    public var characterCount: Int
    /// Settings shown in the summary, in order (name, value).
    public var settings: [(name: String, value: String)]
    /// The tree, with support on internal branches.
    public var tree: Tree
    /// The distances between models.
    public var distances: DistanceMatrix
    /// Tree method (parsimony, nj, upgma), distance name, replicates, what was resampled and the parsimony length.
    public var treeMethod: String
    public var distanceName: String
    public var bootstrapReplicates: Int
    public var resampling: String
    public var parsimonyLength: Int?
    /// Attribution results, one per suspect.
    public var attributions: [AttributionResult]
    /// Bootstrap replicates of the attributions.
    public var attributionReplicates: Int
    /// The evaluation against lineage labels, when labels were given.
    public var evaluation: EvaluationReport?
    /// Model → family (from labels) for colouring leaves; empty without labels.
    public var families: [String: String]
    /// Files written beside the report, linked from it (relative names).
    public var files: [String]
    /// The rule that turned the attributions' scores into verdicts.
    public var rule: VerdictRule

    /// Creates content.
    public init(
        tool: String, inputs: [SourceFile], profiles: [Profile], promptCount: Int, characterCount: Int,
        settings: [(name: String, value: String)], tree: Tree, distances: DistanceMatrix, treeMethod: String,
        distanceName: String, bootstrapReplicates: Int, resampling: String, parsimonyLength: Int?,
        attributions: [AttributionResult], attributionReplicates: Int, evaluation: EvaluationReport?,
        families: [String: String], files: [String], rule: VerdictRule = .standard
    ) {
        self.tool = tool
        self.inputs = inputs
        self.profiles = profiles
        self.promptCount = promptCount
        self.characterCount = characterCount
        self.settings = settings
        self.tree = tree
        self.distances = distances
        self.treeMethod = treeMethod
        self.distanceName = distanceName
        self.bootstrapReplicates = bootstrapReplicates
        self.resampling = resampling
        self.parsimonyLength = parsimonyLength
        self.attributions = attributions
        self.attributionReplicates = attributionReplicates
        self.evaluation = evaluation
        self.families = families
        self.files = files
        self.rule = rule
    }
}

extension ReportContent {
    /// Whether the tree's bootstrap redrew characters rather than prompts.
    public var redrawsCharacters: Bool { resampling == "characters" }

    /// Whether the models came as profiles rather than answers (then there is no attribution).
    public var isFromProfiles: Bool {
        inputs.areLineageProfiles
    }
}

extension ReportContent {
    /// Suspects called distilled from a model that is itself called distilled from the suspect: relatives whose
    /// direction the resemblance cannot tell.
    public var mutualPairs: Set<String> {
        var teacherOf: [String: String] = [:]
        for result in attributions where result.verdict.kind == .distilled {
            if let teacher = result.verdict.teacher { teacherOf[result.suspect] = teacher }
        }
        return Set(teacherOf.filter { teacherOf[$0.value] == $0.key }.keys)
    }
}
