/// A bipartition of a fixed list of taxa, as defined by one branch of a tree.
///
/// Held as the set of taxon indices on the side that does not contain taxon 0, so the same branch gives the same split
/// however the tree is rooted or drawn.
public struct Split: Sendable, Hashable {
    /// The number of taxa split.
    public let taxonCount: Int
    /// Bit `i` set when taxon `i` is on the side without taxon 0; 64 taxa per word.
    let words: [UInt64]

    /// The split that separates `side` (taxon indices, each below `taxonCount`) from the other taxa.
    public init(_ side: some Sequence<Int>, taxonCount: Int) {
        var words = [UInt64](repeating: 0, count: (taxonCount + 63) / 64)
        for taxon in side {
            precondition(taxon >= 0 && taxon < taxonCount, "taxon \(taxon) outside 0..<\(taxonCount)")
            words[taxon >> 6] |= 1 << UInt64(taxon & 63)
        }
        self.init(words: words, taxonCount: taxonCount)
    }

    /// The split from a bit set, normalised to the side without taxon 0.
    init(words: [UInt64], taxonCount: Int) {
        self.taxonCount = taxonCount
        if let first = words.first, first & 1 != 0 {
            var flipped = words.map { ~$0 }
            if taxonCount & 63 != 0 { flipped[flipped.count - 1] &= (1 << UInt64(taxonCount & 63)) - 1 }
            self.words = flipped
        } else {
            self.words = words
        }
    }

    /// Whether `taxon` is on the side without taxon 0.
    public func contains(_ taxon: Int) -> Bool {
        taxon >= 0 && taxon < taxonCount && words[taxon >> 6] & (1 << UInt64(taxon & 63)) != 0
    }

    /// The taxa on the side without taxon 0, ascending.
    public var members: [Int] { (0..<taxonCount).filter(contains) }

    /// The number of taxa on the side without taxon 0.
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Whether one side has fewer than two taxa (a branch to a leaf, or no branch at all).
    public var isTrivial: Bool { count < 2 || taxonCount - count < 2 }

    /// Whether both splits can be branches of one tree.
    ///
    /// As both are held by the side without taxon 0, that is when those sides are disjoint or nested.
    public func isCompatible(with other: Split) -> Bool {
        precondition(taxonCount == other.taxonCount, "splits of different taxon sets")
        var disjoint = true
        var inOther = true
        var holdsOther = true
        for (a, b) in zip(words, other.words) {
            if a & b != 0 { disjoint = false }
            if a & ~b != 0 { inOther = false }
            if b & ~a != 0 { holdsOther = false }
        }
        return disjoint || inOther || holdsOther
    }

    /// Whether every taxon of `other`'s side without taxon 0 is on this split's side without taxon 0.
    func holds(_ other: Split) -> Bool {
        zip(words, other.words).allSatisfy { $1 & ~$0 == 0 }
    }
}

extension Tree {
    /// The non-trivial splits (both sides at least two taxa) defined by the branches of the tree, each with the node
    /// below its branch.
    ///
    /// The two children of a two-child root both stand for the one branch through the root, so they are listed with
    /// the same split; likewise a node with one child and that child.
    ///
    /// - Parameter taxa: the taxa, fixing the taxon indices of the splits.
    /// - Throws: ``PhylogenyError`` `.unknownTaxon` for a leaf not in `taxa`, `.invalidTree` for an unnamed or
    ///   repeated leaf or a taxon without a leaf.
    public func splits(taxa: [String]) throws -> [(split: Split, node: Int)] {
        let index = try Tree.taxonIndex(taxa)
        let below = try leafSets(index: index, taxonCount: taxa.count)
        var result: [(split: Split, node: Int)] = []
        for node in preorder() where node != root {
            let split = Split(words: below[node], taxonCount: taxa.count)
            if !split.isTrivial { result.append((split, node)) }
        }
        return result
    }

    /// Taxon name → index, failing when names repeat.
    static func taxonIndex(_ taxa: [String]) throws -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, name) in taxa.enumerated() {
            guard index.updateValue(position, forKey: name) == nil else {
                throw PhylogenyError(.invalidTree, "taxon \"\(name)\" is listed twice")
            }
        }
        return index
    }

    /// For each reachable node, the bit set of the taxa below it; checks that the leaves are exactly the taxa.
    func leafSets(index: [String: Int], taxonCount: Int) throws -> [[UInt64]] {
        let wordCount = (taxonCount + 63) / 64
        var below = [[UInt64]](repeating: [], count: nodes.count)
        var seen = [Bool](repeating: false, count: taxonCount)
        for node in postorder() {
            var words = [UInt64](repeating: 0, count: wordCount)
            if nodes[node].isLeaf {
                guard let name = nodes[node].name else { throw PhylogenyError(.invalidTree, "a leaf has no name") }
                guard let taxon = index[name] else {
                    throw PhylogenyError(.unknownTaxon, "leaf \"\(name)\" is not one of the \(taxonCount) taxa")
                }
                guard !seen[taxon] else { throw PhylogenyError(.invalidTree, "two leaves are named \"\(name)\"") }
                seen[taxon] = true
                words[taxon >> 6] |= 1 << UInt64(taxon & 63)
            } else {
                for child in nodes[node].children {
                    for word in 0..<wordCount { words[word] |= below[child][word] }
                }
            }
            below[node] = words
        }
        if let missing = seen.firstIndex(of: false) {
            let name = index.first { $0.value == missing }!.key
            throw PhylogenyError(.invalidTree, "taxon \"\(name)\" has no leaf in the tree")
        }
        return below
    }
}

/// How often each split occurs among a collection of trees over the same taxa (bootstrap replicates, a posterior
/// sample), for support values and consensus trees.
public struct SplitCounts: Sendable {
    /// The taxa, fixing the taxon indices of the splits.
    public let taxa: [String]
    /// The number of trees added.
    public private(set) var treeCount: Int = 0
    /// How many added trees hold each split.
    public private(set) var counts: [Split: Int] = [:]

    /// An empty count over `taxa` (names must be unique for ``add(_:)`` to succeed).
    public init(taxa: [String]) {
        self.taxa = taxa
    }

    /// Counts the non-trivial splits of `tree`, each once.
    ///
    /// - Throws: ``PhylogenyError`` when the tree's leaves are not exactly the taxa.
    public mutating func add(_ tree: Tree) throws {
        let splits = Set(try tree.splits(taxa: taxa).map(\.split))
        for split in splits { counts[split, default: 0] += 1 }
        treeCount += 1
    }

    /// The number of added trees holding `split`.
    public func count(of split: Split) -> Int { counts[split] ?? 0 }

    /// The share 0…1 of the added trees that hold `split` (0 before any tree is added).
    public func frequency(of split: Split) -> Double {
        treeCount == 0 ? 0 : Double(count(of: split)) / Double(treeCount)
    }

    /// The splits seen, most frequent first (ties in a fixed order: smaller side first, then by lowest taxa).
    public var sortedSplits: [(split: Split, count: Int)] {
        counts.map { (split: $0.key, count: $0.value) }.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            if a.split.count != b.split.count { return a.split.count < b.split.count }
            return a.split.members.lexicographicallyPrecedes(b.split.members)
        }
    }

    /// A copy of `tree` whose internal branches carry as support the frequency of their split among the added trees.
    ///
    /// Branches whose split is trivial (a root child holding all taxa but one) and the root get no support; leaves
    /// keep theirs. Both children of a two-child root get the support of the one split they share.
    ///
    /// - Throws: ``PhylogenyError`` when the tree's leaves are not exactly the taxa.
    public func annotatingSupport(of tree: Tree) throws -> Tree {
        var result = tree
        let splits = try tree.splits(taxa: taxa)
        for node in tree.nodes.indices where !tree.nodes[node].isLeaf { result.nodes[node].support = nil }
        for (split, node) in splits { result.nodes[node].support = frequency(of: split) }
        return result
    }
}
