import Fingerprint
import Phylogeny

/// What a bootstrap replicate resamples.
public enum Resampling: String, Sendable, Hashable, Codable {
    /// Prompts with replacement; every model's top features are recomputed from its per-prompt counts.
    case prompts
    /// Characters (matrix columns) with replacement: the classical bootstrap, used when per-prompt counts are
    /// missing (imported profiles, a matrix file).
    case characters
    /// No bootstrap was run.
    case none
}

/// Settings of a tree analysis.
public struct TreeAnalysisOptions: Sendable, Hashable {
    /// Method, distance and parsimony search.
    public var inference: TreeInference
    /// Bootstrap replicates; 0 for none.
    public var replicates: Int
    /// Seed of the bootstrap and of the parsimony search.
    public var seed: UInt64
    /// Taxa to root on; empty for midpoint rooting of unrooted methods.
    public var outgroup: [String]
    /// Random addition sequences of the parsimony search in each bootstrap replicate (at most the main search's).
    public var replicateAdditionSequences: Int

    /// Creates options.
    public init(
        inference: TreeInference = .init(), replicates: Int = 100, seed: UInt64 = 1, outgroup: [String] = [],
        replicateAdditionSequences: Int = 2
    ) {
        self.inference = inference
        self.replicates = replicates
        self.seed = seed
        self.outgroup = outgroup
        self.replicateAdditionSequences = replicateAdditionSequences
    }

    /// The inference used inside bootstrap replicates: the same, with a lighter parsimony search.
    var replicateInference: TreeInference {
        var inference = self.inference
        inference.search.additionSequences = max(1, min(replicateAdditionSequences, inference.search.additionSequences))
        return inference
    }
}

/// A tree over models with bootstrap support, and the matrix and distances it was built from.
public struct TreeAnalysis: Sendable {
    /// The presence/absence (or value) matrix the tree was built from; nil when built from distances alone.
    public var matrix: FeatureMatrix?
    /// The inferred tree before rooting, its distances and parsimony length.
    public var inferred: InferredTree
    /// The tree to show: support on its internal branches (when bootstrapped), rooted by outgroup or midpoint.
    public var tree: Tree
    /// The bootstrap, when run.
    public var bootstrap: BootstrapResult?
    /// What the bootstrap resampled.
    public var resampling: Resampling
    /// How the displayed tree was rooted: "outgroup", "midpoint", "method" (UPGMA) or "none".
    public var rooting: String
    /// The settings used.
    public var options: TreeAnalysisOptions

    /// Builds the tree from profiles' top features, bootstrapping over prompts when every profile has per-prompt
    /// counts and over characters otherwise.
    public static func run(
        selection: FeatureSelection, options: TreeAnalysisOptions, progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> TreeAnalysis {
        try checkOutgroup(options.outgroup, in: selection.models)
        let (features, rows) = selection.presence()
        let matrix = try FeatureMatrix(taxa: selection.models, presence: rows, characterNames: features)
        guard selection.canResamplePrompts, options.replicates > 0 else {
            return try run(matrix: matrix, options: options, progress: progress)
        }
        let inference = options.inference.seeded(options.seed)
        let inferred = try inference.infer(matrix)
        let promptCount = selection.prompts.count
        let bootstrap = try Bootstrap.run(
            reference: inferred.tree, taxa: matrix.taxa, replicates: options.replicates, seed: options.seed,
            progress: progress
        ) { index, generator in
            let weights = Bootstrap.resampleWeights(count: promptCount, using: &generator)
            let (_, replicateRows) = selection.presence(weights: weights)
            let replicate = try FeatureMatrix(taxa: selection.models, presence: replicateRows)
            return try options.replicateInference.seeded(generator.next()).infer(replicate).tree
        }
        return try finish(matrix: matrix, inferred: inferred, bootstrap: bootstrap, resampling: .prompts, options)
    }

    /// Builds the tree from a matrix, bootstrapping over characters.
    public static func run(
        matrix: FeatureMatrix, options: TreeAnalysisOptions, progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> TreeAnalysis {
        try checkOutgroup(options.outgroup, in: matrix.taxa)
        let inference = options.inference.seeded(options.seed)
        let inferred = try inference.infer(matrix)
        guard options.replicates > 0, matrix.characterCount > 0 else {
            return try finish(matrix: matrix, inferred: inferred, bootstrap: nil, resampling: .none, options)
        }
        let bootstrap = try Bootstrap.run(
            reference: inferred.tree, taxa: matrix.taxa, replicates: options.replicates, seed: options.seed,
            progress: progress
        ) { index, generator in
            let columns = Bootstrap.resampleCharacters(count: matrix.characterCount, using: &generator)
            return try options.replicateInference.seeded(generator.next()).infer(matrix.selectingCharacters(columns))
                .tree
        }
        return try finish(matrix: matrix, inferred: inferred, bootstrap: bootstrap, resampling: .characters, options)
    }

    /// Builds the tree from distances alone (UPGMA or neighbour-joining; no bootstrap is possible).
    public static func run(distances: DistanceMatrix, options: TreeAnalysisOptions) throws -> TreeAnalysis {
        try checkOutgroup(options.outgroup, in: distances.names)
        let inferred = try options.inference.infer(distances)
        return try finish(matrix: nil, inferred: inferred, bootstrap: nil, resampling: .none, options)
    }

    /// Throws when an outgroup name is not among `taxa`, listing the taxa present.
    static func checkOutgroup(_ outgroup: [String], in taxa: [String]) throws {
        for name in outgroup where !taxa.contains(name) {
            throw PhylogenyError(
                .unknownTaxon,
                "outgroup \"\(name)\" is not among the \(taxa.count) models: \(taxa.joined(separator: ", "))")
        }
    }

    private static func finish(
        matrix: FeatureMatrix?, inferred: InferredTree, bootstrap: BootstrapResult?, resampling: Resampling,
        _ options: TreeAnalysisOptions
    ) throws -> TreeAnalysis {
        var tree = bootstrap?.supported ?? inferred.tree
        var rooting = tree.isRooted ? "method" : "none"
        if !options.outgroup.isEmpty {
            tree = try tree.unrooted().rooted(outgroup: options.outgroup)
            rooting = "outgroup"
        } else if !tree.isRooted, tree.nodes.contains(where: { $0.length != nil }),
            tree.leaves.count > 2
        {
            tree = try tree.rootedAtMidpoint()
            rooting = "midpoint"
        }
        return TreeAnalysis(
            matrix: matrix, inferred: inferred, tree: tree, bootstrap: bootstrap, resampling: resampling,
            rooting: rooting, options: options)
    }
}

extension TreeInference {
    /// The same settings with the parsimony search seeded by `seed`.
    func seeded(_ seed: UInt64) -> TreeInference {
        var copy = self
        copy.search.seed = seed
        return copy
    }
}
