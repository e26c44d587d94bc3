import Testing

@testable import Phylogeny

/// Checks on trees shared by the builder tests.
enum TreeChecks {
    static func close(_ value: Double?, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
        guard let value else { return false }
        return abs(value - expected) <= tolerance
    }
    /// The summed branch lengths on the path between two named leaves.
    static func pathLength(_ tree: Tree, _ a: String, _ b: String) -> Double {
        guard let x = tree.leaf(named: a), let y = tree.leaf(named: b) else { return .nan }
        var ancestors = Set<Int>()
        var node: Int? = x
        while let current = node {
            ancestors.insert(current)
            node = tree.nodes[current].parent
        }
        var meeting = y
        while !ancestors.contains(meeting) { meeting = tree.nodes[meeting].parent! }
        func lengthUp(from start: Int) -> Double {
            var total = 0.0
            var current = start
            while current != meeting {
                total += tree.nodes[current].length ?? 0
                current = tree.nodes[current].parent!
            }
            return total
        }
        return lengthUp(from: x) + lengthUp(from: y)
    }
    /// The leaf names below each node, by node index.
    static func leafSets(_ tree: Tree) -> [Int: Set<String>] {
        var sets: [Int: Set<String>] = [:]
        for node in tree.postorder() {
            let current = tree.nodes[node]
            sets[node] =
                current.isLeaf
                ? [current.name ?? ""] : current.children.reduce(into: Set<String>()) { $0.formUnion(sets[$1]!) }
        }
        return sets
    }
}
