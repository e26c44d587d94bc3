import Testing

@testable import Phylogeny

@Suite struct UPGMATests {
    // MARK: Published examples

    /// Wikipedia, "UPGMA", working example: JC69 distances between the 5S rRNA of Bacillus subtilis (a),
    /// B. stearothermophilus (b), Lactobacillus viridescens (c), Acholeplasma modicum (d) and Micrococcus luteus (e).
    /// Published tree: ((((a:8.5,b:8.5):2.5,e:11):5.5,(c:14,d:14):2.5)), root at height 16.5 (WPGMA's would be 17.5).
    @Test func wikipedia5SRibosomalRNA() throws {
        let matrix = try Self.matrix(
            ["a", "b", "c", "d", "e"],
            [
                [0, 17, 21, 31, 23],
                [17, 0, 30, 34, 21],
                [21, 30, 0, 28, 39],
                [31, 34, 28, 0, 43],
                [23, 21, 39, 43, 0],
            ])
        let tree = try UPGMA.tree(matrix)
        #expect(tree.isRooted)
        #expect(tree.nodes[tree.root].children.count == 2)
        for (leaf, length) in [("a", 8.5), ("b", 8.5), ("e", 11), ("c", 14), ("d", 14)] {
            let node = try #require(tree.leaf(named: leaf))
            #expect(TreeChecks.close(tree.nodes[node].length, length), "\(leaf)")
        }
        let ab = try #require(Self.clade(tree, ["a", "b"]))
        let abe = try #require(Self.clade(tree, ["a", "b", "e"]))
        let cd = try #require(Self.clade(tree, ["c", "d"]))
        #expect(TreeChecks.close(tree.nodes[ab].length, 2.5))
        #expect(TreeChecks.close(tree.nodes[abe].length, 5.5))
        #expect(TreeChecks.close(tree.nodes[cd].length, 2.5))
        #expect(TreeChecks.close(TreeChecks.pathLength(tree, "a", "c"), 33))  // root height 16.5
        #expect(tree.leafNames == ["a", "b", "e", "c", "d"])  // children ordered by their smallest taxon
    }

    /// Rosalind BA7D ("Implement UPGMA", from Compeau & Pevzner, Bioinformatics Algorithms) sample dataset and
    /// published output: 0->5:7.000, 1->6:8.833, 2->4:5.000, 3->4:5.000, 4->5:2.000, 5->6:1.833.
    @Test func rosalindSample() throws {
        let matrix = try Self.matrix(
            ["0", "1", "2", "3"],
            [
                [0, 20, 17, 11],
                [20, 0, 20, 13],
                [17, 20, 0, 10],
                [11, 13, 10, 0],
            ])
        let tree = try UPGMA.tree(matrix)
        let expected: [(String, Double)] = [("0", 7), ("1", 8.833), ("2", 5), ("3", 5)]
        for (leaf, length) in expected {
            let node = try #require(tree.leaf(named: leaf))
            #expect(TreeChecks.close(tree.nodes[node].length, length, tolerance: 5e-4), "\(leaf)")
        }
        let node4 = try #require(Self.clade(tree, ["2", "3"]))
        let node5 = try #require(Self.clade(tree, ["0", "2", "3"]))
        #expect(TreeChecks.close(tree.nodes[node4].length, 2))
        #expect(TreeChecks.close(tree.nodes[node5].length, 1.833, tolerance: 5e-4))
        #expect(tree.nodes[tree.root].children.contains(node5))
    }

    /// S. M. Carr, Memorial University, "UPGMA vs WPGMA" (mun.ca/biology/scarr): the last UPGMA distance between
    /// (AB) and C+(DE) is [55 + 2 × 90] / 3 = 78.33 (WPGMA: 72.5); earlier joins at 20, 30 and 45.
    @Test func memorialUniversityExampleIsUnweighted() throws {
        let matrix = try Self.matrix(
            ["A", "B", "C", "D", "E"],
            [
                [0, 20, 60, 100, 90],
                [20, 0, 50, 90, 80],
                [60, 50, 0, 40, 50],
                [100, 90, 40, 0, 30],
                [90, 80, 50, 30, 0],
            ])
        let tree = try UPGMA.tree(matrix)
        #expect(TreeChecks.close(TreeChecks.pathLength(tree, "A", "B"), 20))
        #expect(TreeChecks.close(TreeChecks.pathLength(tree, "D", "E"), 30))
        #expect(TreeChecks.close(TreeChecks.pathLength(tree, "C", "D"), 45))
        #expect(TreeChecks.close(TreeChecks.pathLength(tree, "A", "C"), 235.0 / 3, tolerance: 1e-9))
        #expect(Self.clade(tree, ["C", "D", "E"]) != nil)
        #expect(Self.clade(tree, ["A", "B"]) != nil)
    }

    // MARK: Properties

    @Test func recoversRandomUltrametricTreesExactly() throws {
        var generator = SeededGenerator(seed: 20_240_611)
        for round in 0..<20 {
            let n = Int.random(in: 3...40, using: &generator)
            let names = (0..<n).map { "t\($0)" }
            // Random merges at strictly increasing heights; the distance of two taxa is twice their merge height.
            var clusters: [[Int]] = (0..<n).map { [$0] }
            var expectedClades: Set<Set<String>> = []
            var rows = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            var height = 0.0
            while clusters.count > 1 {
                let first = clusters.remove(at: Int.random(in: 0..<clusters.count, using: &generator))
                let second = clusters.remove(at: Int.random(in: 0..<clusters.count, using: &generator))
                height += Double.random(in: 0.01...1, using: &generator)
                for i in first {
                    for j in second {
                        rows[i][j] = 2 * height
                        rows[j][i] = 2 * height
                    }
                }
                clusters.append(first + second)
                expectedClades.insert(Set((first + second).map { names[$0] }))
            }
            let tree = try UPGMA.tree(try DistanceMatrix(names: names, rows: rows))

            #expect(tree.isRooted)
            #expect(Set(Self.clades(tree).filter { $0.count > 1 }) == expectedClades, "round \(round)")
            for i in 0..<n {
                for j in (i + 1)..<n {
                    let path = TreeChecks.pathLength(tree, names[i], names[j])
                    #expect(abs(path - rows[i][j]) <= 1e-9 * max(1, rows[i][j]), "round \(round): \(i)–\(j)")
                }
            }
            let depths = tree.depths()
            let leafDepths = tree.leaves.map { depths[$0] }
            #expect(leafDepths.max()! - leafDepths.min()! < 1e-9, "ultrametric")
            #expect(Self.childrenAreCanonical(tree, names: names))
        }
    }

    @Test func branchLengthsAreNonNegativeOnNoisyData() throws {
        var generator = SeededGenerator(seed: 7)
        let n = 30
        var rows = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                rows[i][j] = Double.random(in: 0...1, using: &generator)
                rows[j][i] = rows[i][j]
            }
        }
        let names = (0..<n).map { "taxon \($0)" }
        let tree = try UPGMA.tree(try DistanceMatrix(names: names, rows: rows))
        for node in tree.preorder() where node != tree.root {
            let length = try #require(tree.nodes[node].length)
            #expect(length >= 0)
        }
        #expect(tree.leaves.count == n)
        #expect(tree.nodes.count == 2 * n - 1)
        #expect(Self.childrenAreCanonical(tree, names: names))
        #expect(try UPGMA.tree(try DistanceMatrix(names: names, rows: rows)) == tree)
    }

    @Test func tiesGoToTheLowestPair() throws {
        // Every pair is equally far: merges go (a, b), then (ab, c), then (abc, d).
        let names = ["a", "b", "c", "d"]
        let rows = (0..<4).map { i in (0..<4).map { j in i == j ? 0.0 : 2.0 } }
        let tree = try UPGMA.tree(try DistanceMatrix(names: names, rows: rows))
        #expect(Self.clade(tree, ["a", "b"]) != nil)
        #expect(Self.clade(tree, ["a", "b", "c"]) != nil)
        #expect(tree.leafNames == names)
        // (a, d) and (b, c) tie at 1: (a, d) merges first, and the root lists the cluster holding a first.
        let tied = try Self.matrix(
            ["a", "b", "c", "d"],
            [
                [0, 5, 5, 1],
                [5, 0, 1, 5],
                [5, 1, 0, 5],
                [1, 5, 5, 0],
            ])
        let tiedTree = try UPGMA.tree(tied)
        #expect(Self.clade(tiedTree, ["a", "d"]) != nil)
        #expect(Self.clade(tiedTree, ["b", "c"]) != nil)
        #expect(tiedTree.leafNames == ["a", "d", "b", "c"])
    }

    @Test func twoTaxaAndInvalidInput() throws {
        let two = try UPGMA.tree(try Self.matrix(["x", "y"], [[0, 3], [3, 0]]))
        #expect(two.isRooted)
        #expect(two.leafNames == ["x", "y"])
        #expect(TreeChecks.close(TreeChecks.pathLength(two, "x", "y"), 3))

        #expect(throws: PhylogenyError.self) { try UPGMA.tree(DistanceMatrix(names: ["only"])) }
        #expect(throws: PhylogenyError.self) { try UPGMA.tree(DistanceMatrix(names: [])) }
        var broken = DistanceMatrix(names: ["a", "b", "c"])
        broken[0, 1] = .nan
        do {
            _ = try UPGMA.tree(broken)
            Issue.record("a NaN distance was accepted")
        } catch let error as PhylogenyError {
            #expect(error.kind == .invalidMatrix)
        }
    }

    // MARK: Helpers

    static func matrix(_ names: [String], _ rows: [[Double]]) throws -> DistanceMatrix {
        try DistanceMatrix(names: names, rows: rows)
    }

    static func clades(_ tree: Tree) -> [Set<String>] { Array(TreeChecks.leafSets(tree).values) }

    /// The node whose leaves are exactly `names`, if any.
    static func clade(_ tree: Tree, _ names: Set<String>) -> Int? {
        TreeChecks.leafSets(tree).first { $0.value == names }?.key
    }

    /// Whether every node's children come in order of the smallest taxon index below them.
    static func childrenAreCanonical(_ tree: Tree, names: [String]) -> Bool {
        let sets = TreeChecks.leafSets(tree)
        func smallest(_ node: Int) -> Int { sets[node]!.map { names.firstIndex(of: $0)! }.min()! }
        return tree.nodes.indices.allSatisfy { node in
            let keys = tree.nodes[node].children.map(smallest)
            return keys == keys.sorted()
        }
    }
}
