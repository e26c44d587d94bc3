/// Consensus trees: one unrooted tree summarising the splits shared by a collection of trees.
public enum Consensus {
    /// The majority-rule consensus: the splits held by more than `threshold` of the trees, each internal branch
    /// carrying its split's frequency as support.
    ///
    /// With a threshold of 0.5 or more the chosen splits always fit in one tree. With a lower threshold, splits are
    /// taken from the most frequent down and one that conflicts with a split already taken is left out (the greedy
    /// consensus). The tree is unrooted, without branch lengths, its children ordered by their smallest taxon index.
    public static func majorityRule(_ counts: SplitCounts, threshold: Double = 0.5) -> Tree {
        let total = Double(counts.treeCount)
        var chosen: [(split: Split, frequency: Double)] = []
        for (split, count) in counts.sortedSplits where counts.treeCount > 0 && Double(count) / total > threshold {
            if chosen.allSatisfy({ $0.split.isCompatible(with: split) }) {
                chosen.append((split, Double(count) / total))
            }
        }
        return tree(taxa: counts.taxa, splits: chosen)
    }

    /// The strict consensus: the splits held by every tree, each internal branch with support 1.
    public static func strict(_ counts: SplitCounts) -> Tree {
        let chosen = counts.sortedSplits.filter { counts.treeCount > 0 && $0.count == counts.treeCount }
        return tree(taxa: counts.taxa, splits: chosen.map { ($0.split, 1) })
    }

    /// The majority-rule consensus of `trees` over `taxa`; see ``majorityRule(_:threshold:)``.
    ///
    /// - Throws: ``PhylogenyError`` when a tree's leaves are not exactly the taxa.
    public static func majorityRule(_ trees: [Tree], taxa: [String], threshold: Double = 0.5) throws -> Tree {
        majorityRule(try counting(trees, taxa: taxa), threshold: threshold)
    }

    /// The strict consensus of `trees` over `taxa`; see ``strict(_:)``.
    ///
    /// - Throws: ``PhylogenyError`` when a tree's leaves are not exactly the taxa.
    public static func strict(_ trees: [Tree], taxa: [String]) throws -> Tree {
        strict(try counting(trees, taxa: taxa))
    }

    private static func counting(_ trees: [Tree], taxa: [String]) throws -> SplitCounts {
        var counts = SplitCounts(taxa: taxa)
        for tree in trees { try counts.add(tree) }
        return counts
    }

    /// The unrooted tree holding exactly `splits` (pairwise compatible), taxon 0 at the root.
    static func tree(taxa: [String], splits: [(split: Split, frequency: Double)]) -> Tree {
        // The sides without taxon 0 are nested or disjoint: a cluster's parent is the smallest cluster holding it.
        let clusters = splits.sorted { a, b in
            if a.split.count != b.split.count { return a.split.count > b.split.count }
            return a.split.members.lexicographicallyPrecedes(b.split.members)
        }
        // Node 0 is the root; cluster k is node k + 1; taxon t is node clusters.count + 1 + t.
        var parent = [Int](repeating: 0, count: clusters.count + 1 + taxa.count)
        for (k, cluster) in clusters.enumerated() {
            if let holder = (0..<k).last(where: { clusters[$0].split.holds(cluster.split) }) {
                parent[k + 1] = holder + 1
            }
        }
        for taxon in taxa.indices {
            if let holder = clusters.indices.last(where: { clusters[$0].split.contains(taxon) }) {
                parent[clusters.count + 1 + taxon] = holder + 1
            }
        }
        // Smallest taxon below each node, to order children.
        var smallest = [Int](repeating: Int.max, count: parent.count)
        for taxon in taxa.indices.reversed() {
            var node = clusters.count + 1 + taxon
            while true {
                smallest[node] = min(smallest[node], taxon)
                if node == 0 { break }
                node = parent[node]
            }
        }
        var nodes = (0..<parent.count).map { node -> Tree.Node in
            if node == 0 { return Tree.Node() }
            if node <= clusters.count { return Tree.Node(support: clusters[node - 1].frequency, parent: parent[node]) }
            return Tree.Node(name: taxa[node - clusters.count - 1], parent: parent[node])
        }
        for node in (1..<max(1, parent.count)).sorted(by: { smallest[$0] < smallest[$1] }) {
            nodes[parent[node]].children.append(node)
        }
        return Tree(nodes: nodes, root: 0, isRooted: false).compacted()
    }
}
