import Testing

@testable import Phylogeny

@Suite struct NeighborJoiningTests {
    // MARK: Published examples

    /// Wikipedia, "Neighbor joining", example with five taxa: Q₁(a, b) = −50 joins a and b with branches 2 and 3; the
    /// tied Q₂ = −28 joins u = (a, b) and c with branches 3 and 4; the last three (v, d, e) meet with branches 2, 2
    /// and 1. The matrix is additive, so every path in the tree equals the input distance.
    @Test func wikipediaFiveTaxa() throws {
        let names = ["a", "b", "c", "d", "e"]
        let rows: [[Double]] = [
            [0, 5, 9, 9, 8],
            [5, 0, 10, 10, 9],
            [9, 10, 0, 8, 7],
            [9, 10, 8, 0, 3],
            [8, 9, 7, 3, 0],
        ]
        let tree = try NeighborJoining.tree(try DistanceMatrix(names: names, rows: rows))
        #expect(!tree.isRooted)
        #expect(tree.nodes[tree.root].children.count == 3)
        for (leaf, length) in [("a", 2.0), ("b", 3.0), ("c", 4.0), ("d", 2.0), ("e", 1.0)] {
            let node = try #require(tree.leaf(named: leaf))
            #expect(TreeChecks.close(tree.nodes[node].length, length), "\(leaf)")
        }
        let u = try #require(Self.splitNode(tree, ["a", "b"]))
        let v = try #require(Self.splitNode(tree, ["a", "b", "c"]))
        #expect(TreeChecks.close(tree.nodes[u].length, 3))
        #expect(TreeChecks.close(tree.nodes[v].length, 2))
        #expect(tree.nodes.count == 8)
        for i in 0..<5 {
            for j in (i + 1)..<5 {
                #expect(
                    TreeChecks.close(TreeChecks.pathLength(tree, names[i], names[j]), rows[i][j]),
                    "\(names[i])–\(names[j])")
            }
        }
        #expect(tree.leafNames == names)
    }

    /// Wikipedia, "Neighbor joining" (earlier revision, as mirrored by liquisearch.com): four taxa A–D; Q ties at
    /// −40 for (A, B) and (C, D); joining A and B gives branches 6 and 1, and the additive matrix is fitted exactly.
    @Test func wikipediaFourTaxa() throws {
        let names = ["A", "B", "C", "D"]
        let rows: [[Double]] = [
            [0, 7, 11, 14],
            [7, 0, 6, 9],
            [11, 6, 0, 7],
            [14, 9, 7, 0],
        ]
        let tree = try NeighborJoining.tree(try DistanceMatrix(names: names, rows: rows))
        #expect(TreeChecks.close(tree.nodes[tree.leaf(named: "A")!].length, 6))
        #expect(TreeChecks.close(tree.nodes[tree.leaf(named: "B")!].length, 1))
        #expect(Self.splitNode(tree, ["A", "B"]) != nil)
        for i in 0..<4 {
            for j in (i + 1)..<4 {
                #expect(TreeChecks.close(TreeChecks.pathLength(tree, names[i], names[j]), rows[i][j]))
            }
        }
    }

    /// Rosalind BA7E ("Implement the Neighbor Joining Algorithm", from Compeau & Pevzner, Bioinformatics Algorithms)
    /// sample: a matrix that is not additive. Published output: 0->4:8, 3->4:12, 4->5:2, 1->5:13.5, 2->5:16.5.
    @Test func rosalindSample() throws {
        let names = ["0", "1", "2", "3"]
        let rows: [[Double]] = [
            [0, 23, 27, 20],
            [23, 0, 30, 28],
            [27, 30, 0, 30],
            [20, 28, 30, 0],
        ]
        let tree = try NeighborJoining.tree(try DistanceMatrix(names: names, rows: rows))
        for (leaf, length) in [("0", 8.0), ("1", 13.5), ("2", 16.5), ("3", 12.0)] {
            #expect(TreeChecks.close(tree.nodes[tree.leaf(named: leaf)!].length, length), "\(leaf)")
        }
        let inner = try #require(Self.splitNode(tree, ["0", "3"]))
        #expect(TreeChecks.close(tree.nodes[inner].length, 2))
    }

    // MARK: Properties

    @Test func recoversRandomAdditiveTreesExactly() throws {
        var generator = SeededGenerator(seed: 1987)
        for round in 0..<20 {
            let n = Int.random(in: 4...40, using: &generator)
            let (model, names) = Self.randomUnrootedTree(leaves: n, using: &generator)
            var rows = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for i in 0..<n {
                for j in (i + 1)..<n {
                    rows[i][j] = TreeChecks.pathLength(model, names[i], names[j])
                    rows[j][i] = rows[i][j]
                }
            }
            let tree = try NeighborJoining.tree(try DistanceMatrix(names: names, rows: rows))

            #expect(!tree.isRooted)
            #expect(tree.nodes[tree.root].children.count == 3)
            #expect(tree.leaves.count == n)
            #expect(Self.splits(tree, reference: names[0]) == Self.splits(model, reference: names[0]), "round \(round)")
            for i in 0..<n {
                for j in (i + 1)..<n {
                    let path = TreeChecks.pathLength(tree, names[i], names[j])
                    #expect(abs(path - rows[i][j]) <= 1e-9 * max(1, rows[i][j]), "round \(round): \(i)–\(j)")
                }
            }
            #expect(Self.childrenAreCanonical(tree, names: names))
        }
    }

    @Test func branchLengthsAreClampedAtZeroOnNoisyData() throws {
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<10 {
            let n = Int.random(in: 3...30, using: &generator)
            var rows = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for i in 0..<n {
                for j in (i + 1)..<n {
                    // Far from additive: some distances violate the triangle inequality.
                    rows[i][j] = Double.random(in: 0...1, using: &generator) * (j % 5 == 0 ? 10 : 1)
                    rows[j][i] = rows[i][j]
                }
            }
            let names = (0..<n).map { "m\($0)" }
            let matrix = try DistanceMatrix(names: names, rows: rows)
            let tree = try NeighborJoining.tree(matrix)
            for node in tree.preorder() where node != tree.root {
                let length = try #require(tree.nodes[node].length)
                #expect(length >= 0)
            }
            #expect(tree.nodes.count == 2 * n - 2)
            #expect(Self.childrenAreCanonical(tree, names: names))
            #expect(try NeighborJoining.tree(matrix) == tree)
        }
    }

    @Test func twoAndThreeTaxa() throws {
        let two = try NeighborJoining.tree(try DistanceMatrix(names: ["x", "y"], rows: [[0, 4], [4, 0]]))
        #expect(!two.isRooted)
        #expect(two.leafNames == ["x", "y"])
        #expect(two.nodes[two.root].children.count == 2)
        #expect(TreeChecks.close(TreeChecks.pathLength(two, "x", "y"), 4))

        let three = try NeighborJoining.tree(
            try DistanceMatrix(names: ["a", "b", "c"], rows: [[0, 3, 4], [3, 0, 5], [4, 5, 0]]))
        #expect(!three.isRooted)
        #expect(three.leafNames == ["a", "b", "c"])
        #expect(three.nodes[three.root].children.count == 3)
        for (leaf, length) in [("a", 1.0), ("b", 2.0), ("c", 3.0)] {
            #expect(TreeChecks.close(three.nodes[three.leaf(named: leaf)!].length, length), "\(leaf)")
        }
    }

    @Test func oneTaxonIsAnInvalidMatrix() {
        do {
            _ = try NeighborJoining.tree(DistanceMatrix(names: ["alone"]))
            Issue.record("one taxon was accepted")
        } catch let error as PhylogenyError {
            #expect(error.kind == .invalidMatrix)
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(throws: PhylogenyError.self) { try NeighborJoining.tree(DistanceMatrix(names: [])) }
    }

    // MARK: Helpers

    /// The non-root node whose branch separates `side` from the other leaves (either side may lie below it).
    static func splitNode(_ tree: Tree, _ side: Set<String>) -> Int? {
        let sets = TreeChecks.leafSets(tree)
        let all = sets[tree.root]!
        let other = all.subtracting(side)
        return sets.first { $0.key != tree.root && ($0.value == side || $0.value == other) }?.key
    }

    /// The non-trivial splits of an unrooted tree, each written as the side without `reference`.
    static func splits(_ tree: Tree, reference: String) -> Set<Set<String>> {
        let sets = TreeChecks.leafSets(tree)
        let all = sets[tree.root]!
        var result = Set<Set<String>>()
        for (node, leaves) in sets where node != tree.root {
            let side = leaves.contains(reference) ? all.subtracting(leaves) : leaves
            if side.count > 1 && side.count < all.count - 1 { result.insert(side) }
        }
        return result
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

    /// A random unrooted binary tree (root of degree 3) with branch lengths in 0.05…1, grown by attaching each new
    /// leaf to the middle of a random branch; leaves are named t0, t1, ….
    static func randomUnrootedTree(leaves n: Int, using generator: inout SeededGenerator) -> (Tree, [String]) {
        let names = (0..<n).map { "t\($0)" }
        func length() -> Double { Double.random(in: 0.05...1, using: &generator) }
        var tree = Tree(isRooted: false)
        for k in 0..<3 { tree.addChild(to: tree.root, name: names[k], length: length()) }
        for k in 3..<n {
            let candidates = tree.nodes.indices.filter { $0 != tree.root }
            let below = candidates[Int.random(in: 0..<candidates.count, using: &generator)]
            let parent = tree.nodes[below].parent!
            let middle = tree.nodes.count
            tree.nodes.append(Tree.Node(length: length(), parent: parent, children: [below]))
            let position = tree.nodes[parent].children.firstIndex(of: below)!
            tree.nodes[parent].children[position] = middle
            tree.nodes[below].parent = middle
            tree.addChild(to: middle, name: names[k], length: length())
        }
        return (tree, names)
    }
}
