import Testing

@testable import Phylogeny

@Suite struct RootingTests {
    static func tree(_ newick: String) throws -> Tree {
        try #require(try Newick.parse(newick).first)
    }

    /// Each split of the tree with the support of its branch (-1 for none); both children of a two-child root must
    /// agree.
    static func supportBySplit(_ tree: Tree) throws -> [Split: Double] {
        let taxa = tree.leafNames.sorted()
        var result: [Split: Double] = [:]
        for (split, node) in try tree.splits(taxa: taxa) {
            let support = tree.nodes[node].support ?? -1
            if let seen = result[split] { #expect(seen == support, "two branches of one split differ") }
            result[split] = support
        }
        return result
    }

    static func totalLength(_ tree: Tree) -> Double {
        tree.preorder().reduce(0) { $0 + (tree.nodes[$1].length ?? 0) }
    }

    @Test func midpointRootingWorkedByHand() throws {
        // Leaf distances: B–C = 2 + 1 + 4 = 7 is the longest; its midpoint is 3.5 from C, on C's branch.
        let tree = try Self.tree("((A:1,B:2):1,C:4,D:1);")
        let rooted = try tree.rootedAtMidpoint()
        #expect(rooted.isRooted)
        #expect(Newick.string(rooted) == "(C:3.5,((A:1,B:2):1,D:1):0.5);")
        let depth = rooted.depths()
        #expect(depth[rooted.leaf(named: "B")!] == 3.5)
        #expect(depth[rooted.leaf(named: "C")!] == 3.5)
        #expect(Self.totalLength(rooted) == Self.totalLength(tree))
    }

    @Test func midpointOfARootedTreeAndOnANode() throws {
        // Rooted input: the root's two branches are merged first. A–C = 1 + 0.5 + 0.5 + 3 = 5, midpoint on C's branch.
        let tree = try Self.tree("((A:1,B:1)60:0.5,(C:3,D:1)60:0.5);")
        let rooted = try tree.rootedAtMidpoint()
        #expect(rooted.nodes[rooted.root].children.count == 2)
        let depth = rooted.depths()
        #expect(depth[rooted.leaf(named: "A")!] == 2.5)
        #expect(depth[rooted.leaf(named: "C")!] == 2.5)
        #expect(Self.totalLength(rooted) == Self.totalLength(tree))
        #expect(try Self.supportBySplit(rooted) == (try Self.supportBySplit(tree)))

        // The midpoint of A–B falls on the node joining them: that node becomes the root.
        let onNode = try Self.tree("(A:1,B:1,(C:0.5,D:0.5):0.25);").rootedAtMidpoint()
        #expect(onNode.isRooted)
        #expect(Newick.string(onNode) == "(A:1,B:1,(C:0.5,D:0.5):0.25);")
    }

    @Test func midpointNeedsLengths() throws {
        let tree = try Self.tree("((A:1,B),C:1,D:1);")
        #expect(#expect(throws: PhylogenyError.self) { try tree.rootedAtMidpoint() }?.kind == .invalidTree)
    }

    @Test func outgroupRootingKeepsEverySplitAndItsSupport() throws {
        let tree = try Self.tree(
            "(((A:1,B:1)91:1,(C:1,D:1)82:1)73:1,(E:1,F:1)64:1,((G:1,H:1)55:1,I:1)46:1);")
        let before = try Self.supportBySplit(tree)
        #expect(before.count == 6)
        for outgroup in [["A"], ["C", "D"], ["E", "F"], ["I"], ["G", "H", "I"], ["A", "B", "C", "D", "E", "F"]] {
            let rooted = try tree.rooted(outgroup: outgroup)
            #expect(rooted.isRooted)
            let root = rooted.nodes[rooted.root]
            #expect(root.children.count == 2)
            let sides = root.children.map { Set(Tree(nodes: rooted.nodes, root: $0, isRooted: true).leafNames) }
            #expect(sides.contains(Set(outgroup)) || sides.contains(Set(tree.leafNames).subtracting(outgroup)))
            #expect(try Self.supportBySplit(rooted) == before, "outgroup \(outgroup)")
            #expect(Self.totalLength(rooted) == Self.totalLength(tree))
            // Unrooting again gives back the same splits and support.
            #expect(try Self.supportBySplit(rooted.unrooted()) == before)
            #expect(!rooted.unrooted().isRooted)
        }
    }

    @Test func outgroupRootingByHand() throws {
        let tree = try Self.tree("((A:1,B:2)90:0.5,C:3,(D:1,E:1)80:2);")
        let rooted = try tree.rooted(outgroup: ["D", "E"])
        #expect(Newick.string(rooted) == "((D:1,E:1)80:1,((A:1,B:2)90:0.5,C:3)80:1);")
        let leaf = try tree.rooted(outgroup: ["A"])
        #expect(Newick.string(leaf) == "(A:0.5,((C:3,(D:1,E:1)80:2)90:0.5,B:2):0.5);")
    }

    @Test func outgroupErrors() throws {
        let tree = try Self.tree("((A,B),C,(D,E));")
        #expect(#expect(throws: PhylogenyError.self) { try tree.rooted(outgroup: ["Z"]) }?.kind == .unknownTaxon)
        #expect(#expect(throws: PhylogenyError.self) { try tree.rooted(outgroup: ["A", "C"]) }?.kind == .invalidTree)
        #expect(#expect(throws: PhylogenyError.self) { try tree.rooted(outgroup: []) }?.kind == .invalidTree)
    }

    @Test func unrootingMergesTheRootBranches() throws {
        let tree = try Self.tree("((A:1,B:2)90:0.5,(C:1,D:1)90:0.25);")
        #expect(tree.isRooted)
        let unrooted = tree.unrooted()
        #expect(!unrooted.isRooted)
        #expect(Newick.string(unrooted) == "(A:1,B:2,(C:1,D:1)90:0.75);")
        #expect(Newick.string(try Self.tree("(A:1,B:2,C:3);").unrooted()) == "(A:1,B:2,C:3);")
    }

    @Test func ladderizing() throws {
        let tree = try Self.tree("(((A,B),C),D,(E,F));")
        #expect(Newick.string(tree.ladderized()) == "(D,(E,F),(C,(A,B)));")
        #expect(Newick.string(tree.ladderized(largestFirst: true)) == "(((A,B),C),(E,F),D);")
    }
}
