import Testing

@testable import Phylogeny

@Suite struct SplitsConsensusTests {
    static let taxa = ["A", "B", "C", "D", "E", "F"]

    static func tree(_ newick: String) throws -> Tree {
        try #require(try Newick.parse(newick).first)
    }

    /// (A,B) in trees 1–3, (E,F) in trees 1, 3 and 4, (C,D) in trees 1 and 3.
    static func fourTrees() throws -> [Tree] {
        [
            try tree("((A,B),(C,D),(E,F));"),
            try tree("((A,B),(C,E),(D,F));"),
            try tree("(((B,A),(D,C)),(F,E));"),  // rooted: both root children stand for the (E,F) split
            try tree("((A,C),(B,D),(E,F));"),
        ]
    }

    @Test func splitsAreNormalisedAwayFromTaxonZero() {
        #expect(Split([0, 1], taxonCount: 5) == Split([2, 3, 4], taxonCount: 5))
        #expect(Split([0, 1], taxonCount: 5).members == [2, 3, 4])
        #expect(Split([3, 4], taxonCount: 5).count == 2)
        #expect(Split([1], taxonCount: 5).isTrivial)
        #expect(Split(0..<65, taxonCount: 70) == Split(65..<70, taxonCount: 70))
        #expect(Split(0..<65, taxonCount: 70).members == Array(65..<70))
        #expect(Split([1, 2], taxonCount: 6).isCompatible(with: Split([1, 2, 3], taxonCount: 6)))
        #expect(Split([1, 2], taxonCount: 6).isCompatible(with: Split([0, 1, 2, 3], taxonCount: 6)))
        #expect(!Split([1, 2], taxonCount: 6).isCompatible(with: Split([2, 3], taxonCount: 6)))
    }

    @Test func treeSplitsDoNotDependOnRooting() throws {
        let unrooted = try Self.tree("((A,B),(C,D),(E,F));")
        let rooted = try Self.tree("(((A,B),(C,D)),(E,F));")
        let a = Set(try unrooted.splits(taxa: Self.taxa).map(\.split))
        let b = Set(try rooted.splits(taxa: Self.taxa).map(\.split))
        #expect(a == b)
        #expect(a.count == 3)
        #expect(try rooted.splits(taxa: Self.taxa).count == 4)  // the root's two children share one split
    }

    @Test func leavesMustBeTheTaxa() throws {
        let tree = try Self.tree("((A,B),(C,D),(E,Z));")
        #expect(throws: PhylogenyError(.unknownTaxon, "leaf \"Z\" is not one of the 6 taxa")) {
            try tree.splits(taxa: Self.taxa)
        }
        let missing = try Self.tree("((A,B),(C,D),E);")
        #expect(#expect(throws: PhylogenyError.self) { try missing.splits(taxa: Self.taxa) }?.kind == .invalidTree)
        let twice = try Self.tree("((A,B),(C,D),(E,F),A);")
        #expect(#expect(throws: PhylogenyError.self) { try twice.splits(taxa: Self.taxa) }?.kind == .invalidTree)
    }

    @Test func countsAndAnnotatesSupport() throws {
        var counts = SplitCounts(taxa: Self.taxa)
        for tree in try Self.fourTrees() { try counts.add(tree) }
        #expect(counts.treeCount == 4)
        #expect(counts.frequency(of: Split([0, 1], taxonCount: 6)) == 0.75)
        #expect(counts.frequency(of: Split([4, 5], taxonCount: 6)) == 0.75)
        #expect(counts.frequency(of: Split([2, 3], taxonCount: 6)) == 0.5)
        #expect(counts.frequency(of: Split([1, 2], taxonCount: 6)) == 0)

        let rooted = try counts.annotatingSupport(of: try Self.tree("(((A,B)10,(C,D)),(E,F));"))
        #expect(Newick.string(rooted) == "(((A,B)75,(C,D)50)75,(E,F)75);")
        let unrooted = try counts.annotatingSupport(of: try Self.tree("((A,B),(C,D),(E,F));"))
        #expect(Newick.string(unrooted) == "((A,B)75,(C,D)50,(E,F)75);")
    }

    @Test func majorityKeepsCladesOfThreeTreesInFourStrictDropsThem() throws {
        let trees = try Self.fourTrees()
        let majority = try Consensus.majorityRule(trees, taxa: Self.taxa)
        // Unrooted, drawn from taxon A: the (A,B) split is the branch above (C,D,E,F).
        #expect(Newick.string(majority) == "(A,B,(C,D,(E,F)75)75);")
        #expect(!majority.isRooted)
        #expect(majority.nodes.allSatisfy { $0.length == nil })
        let strict = try Consensus.strict(trees, taxa: Self.taxa)
        #expect(Newick.string(strict) == "(A,B,C,D,E,F);")

        // A lower threshold adds (C,D), held by half the trees.
        let greedy = try Consensus.majorityRule(trees, taxa: Self.taxa, threshold: 0.4)
        #expect(Newick.string(greedy) == "(A,B,((C,D)50,(E,F)75)75);")
    }

    @Test func strictKeepsWhatEveryTreeHolds() throws {
        let trees = [
            try Self.tree("(((A,B),C),(D,E),F);"),
            try Self.tree("((A,B),(C,(D,E)),F);"),
            try Self.tree("((D,E),((B,A),F),C);"),
        ]
        let strict = try Consensus.strict(trees, taxa: Self.taxa)
        #expect(Newick.string(strict) == "(A,B,(C,(D,E)100,F)100);")
        let majority = try Consensus.majorityRule(trees, taxa: Self.taxa)  // adds (C,D,E), in 2 of 3
        #expect(Newick.string(majority) == "(A,B,((C,(D,E)100)66.7,F)100);")
    }

    @Test func consensusIsOrderedAndNested() throws {
        let trees = [
            try Self.tree("((F,(E,(D,C))),B,A);"),
            try Self.tree("(A,B,(((C,D),E),F));"),
        ]
        let majority = try Consensus.majorityRule(trees, taxa: Self.taxa)
        #expect(Newick.string(majority) == "(A,B,(((C,D)100,E)100,F)100);")
    }
}
