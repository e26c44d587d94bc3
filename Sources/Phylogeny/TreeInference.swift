/// The tree-building methods Lineage offers.
public enum TreeMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// Average-linkage clustering on distances; rooted and ultrametric.
    case upgma
    /// Saitou–Nei neighbour-joining on distances; unrooted.
    case nj
    /// Maximum parsimony (Fitch) on binary characters with a heuristic search; unrooted.
    case parsimony
}

/// A tree inferred from a character matrix, with the distances and (for parsimony) the tree length.
public struct InferredTree: Sendable {
    /// The tree.
    public var tree: Tree
    /// Distances between the taxa under the chosen metric (computed for every method).
    public var distances: DistanceMatrix
    /// Fitch length of the tree in character changes, for parsimony.
    public var parsimonyLength: Int?
}

/// Builds a tree from a ``FeatureMatrix`` with one method and one distance metric.
public struct TreeInference: Sendable, Hashable {
    /// The method.
    public var method: TreeMethod
    /// The distance metric (distance methods, and the distances reported alongside parsimony).
    public var distance: DistanceMetric
    /// Search settings for parsimony.
    public var search: ParsimonySearch.Options

    /// Creates an inference setting.
    public init(
        method: TreeMethod = .parsimony, distance: DistanceMetric = .jaccard,
        search: ParsimonySearch.Options = .init()
    ) {
        self.method = method
        self.distance = distance
        self.search = search
    }

    /// Infers a tree from `matrix`.
    public func infer(_ matrix: FeatureMatrix) throws -> InferredTree {
        guard matrix.taxa.count >= 2 else {
            throw PhylogenyError(.invalidMatrix, "a tree needs at least 2 taxa, got \(matrix.taxa.count)")
        }
        let distances = DistanceMatrix(matrix, metric: distance)
        switch method {
        case .upgma:
            return InferredTree(tree: try UPGMA.tree(distances), distances: distances)
        case .nj:
            return InferredTree(tree: try NeighborJoining.tree(distances), distances: distances)
        case .parsimony:
            guard matrix.isBinary else {
                throw PhylogenyError(.invalidMatrix, "parsimony needs binary (0/1) characters")
            }
            let result = try ParsimonySearch.run(matrix, options: search)
            return InferredTree(tree: result.tree, distances: distances, parsimonyLength: result.length)
        }
    }

    /// Infers a tree from distances alone (UPGMA or neighbour-joining).
    public func infer(_ distances: DistanceMatrix) throws -> InferredTree {
        switch method {
        case .upgma: return InferredTree(tree: try UPGMA.tree(distances), distances: distances)
        case .nj: return InferredTree(tree: try NeighborJoining.tree(distances), distances: distances)
        case .parsimony:
            throw PhylogenyError(.invalidMatrix, "parsimony needs characters, not distances")
        }
    }
}
