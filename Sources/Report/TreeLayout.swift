import Phylogeny

/// Positions of a tree's nodes for drawing: depth from the root and a leaf-order coordinate.
public struct TreeLayout: Sendable {
    /// The tree laid out.
    public let tree: Tree
    /// Leaf node indices in drawing order.
    public let leaves: [Int]
    /// Distance of each node from the root, scaled so the deepest leaf is at 1.
    public let depth: [Double]
    /// Position of each node along the leaf axis: the leaf's rank for leaves, the mean of the first and last
    /// child's for internal nodes.
    public let position: [Double]
    /// Whether depths are branch lengths (false: the tree had no lengths and each edge counts 1).
    public let usesLengths: Bool

    /// Lays out `tree`. Trees without branch lengths are drawn as cladograms.
    public init(_ tree: Tree) {
        self.tree = tree
        leaves = tree.leaves
        let hasLengths = tree.nodes.contains { ($0.length ?? 0) > 0 }
        usesLengths = hasLengths
        var depth = [Double](repeating: 0, count: tree.nodes.count)
        for node in tree.preorder() where node != tree.root {
            let length = hasLengths ? max(0, tree.nodes[node].length ?? 0) : 1
            depth[node] = depth[tree.nodes[node].parent!] + length
        }
        let deepest = leaves.map { depth[$0] }.max() ?? 0
        if deepest > 0 { depth = depth.map { $0 / deepest } }
        self.depth = depth
        var position = [Double](repeating: 0, count: tree.nodes.count)
        for (rank, leaf) in leaves.enumerated() { position[leaf] = Double(rank) }
        for node in tree.postorder() where !tree.nodes[node].isLeaf {
            let children = tree.nodes[node].children
            position[node] = (position[children.first!] + position[children.last!]) / 2
        }
        self.position = position
    }

    /// Leaf names in drawing order.
    public var leafNames: [String] { leaves.map { tree.nodes[$0].name ?? "" } }

    /// Internal nodes other than the root that carry support, with the support as a fraction 0…1.
    public var supportedNodes: [(node: Int, support: Double)] {
        tree.preorder().compactMap { node in
            let n = tree.nodes[node]
            guard node != tree.root, !n.isLeaf, let support = n.support else { return nil }
            return (node, support > 1 ? support / 100 : support)
        }
    }

    /// The total branch length from the root to the deepest leaf, in the tree's units (1 for cladograms).
    public var height: Double {
        let depths = tree.depths()
        return usesLengths ? (leaves.map { depths[$0] }.max() ?? 0) : 1
    }
}
