import Testing

@testable import Phylogeny

@Suite struct ParsimonyTests {
    // MARK: Helpers

    /// Four taxa, three characters:
    ///
    ///         c1 c2 c3
    ///     A    1  1  0
    ///     B    1  0  0
    ///     C    0  1  1
    ///     D    0  0  1
    static let fourTaxa = try! FeatureMatrix(
        taxa: ["A", "B", "C", "D"], rows: [[1, 1, 0], [1, 0, 0], [0, 1, 1], [0, 0, 1]])

    /// The matrix above with E = 1 1 1 added.
    static let fiveTaxa = try! FeatureMatrix(
        taxa: ["A", "B", "C", "D", "E"], rows: [[1, 1, 0], [1, 0, 0], [0, 1, 1], [0, 0, 1], [1, 1, 1]])

    /// A tree from nested arrays: a String is a leaf, an array an internal node.
    static func tree(_ shape: [Any], rooted: Bool = false) -> Tree {
        var tree = Tree(isRooted: rooted)
        func add(_ item: Any, under parent: Int) {
            if let name = item as? String {
                tree.addChild(to: parent, name: name)
            } else if let items = item as? [Any] {
                let node = tree.addChild(to: parent)
                for child in items { add(child, under: node) }
            }
        }
        for item in shape { add(item, under: 0) }
        return tree
    }

    /// Every unrooted binary tree on the taxa of `matrix`, built by inserting taxa one by one on every edge.
    static func allTrees(_ taxa: [String]) -> [Tree] {
        // Edge lists over nodes: leaves 0..<n, internal nodes n...
        var shapes: [[(Int, Int)]] = [[(0, taxa.count), (1, taxa.count), (2, taxa.count)]]
        for leaf in 3..<taxa.count {
            let joint = taxa.count + leaf - 2
            shapes = shapes.flatMap { edges in
                edges.indices.map { index -> [(Int, Int)] in
                    var next = edges
                    let (a, b) = edges[index]
                    next[index] = (a, joint)
                    next.append((joint, b))
                    next.append((leaf, joint))
                    return next
                }
            }
        }
        return shapes.map { edges in
            var neighbours: [Int: [Int]] = [:]
            for (a, b) in edges {
                neighbours[a, default: []].append(b)
                neighbours[b, default: []].append(a)
            }
            var tree = Tree(isRooted: false)
            func add(_ node: Int, from: Int, under parent: Int) {
                let index = tree.addChild(to: parent, name: node < taxa.count ? taxa[node] : nil)
                for next in neighbours[node]! where next != from { add(next, from: node, under: index) }
            }
            for next in neighbours[taxa.count]! { add(next, from: taxa.count, under: 0) }
            return tree
        }
    }

    static func randomMatrix(taxa: Int, characters: Int, seed: UInt64) -> FeatureMatrix {
        var generator = SeededGenerator(seed: seed)
        let rows = (0..<taxa).map { _ in (0..<characters).map { _ in Double(generator.next() & 1) } }
        return try! FeatureMatrix(taxa: (0..<taxa).map { "t\($0)" }, rows: rows)
    }

    // MARK: Fitch lengths worked by hand

    @Test func fitchLengthOfRootedTrees() throws {
        let fitch = FitchParsimony(Self.fourTaxa)
        // ((A,B),(C,D)):
        //   c1: (A,B) = {1}, (C,D) = {0}, root {1}∩{0} empty → 1 change.
        //   c2: (A,B) = {1}∩{0} empty → {0,1}, 1; (C,D) likewise, 1; root {0,1} → 0. Total 2.
        //   c3: (A,B) = {0}, (C,D) = {1}, root empty → 1.
        //   Length 1 + 2 + 1 = 4.
        #expect(try fitch.length(of: Self.tree([["A", "B"], ["C", "D"]], rooted: true)) == 4)
        // ((A,C),(B,D)):
        //   c1: (A,C) {1}∩{0} → 1; (B,D) → 1; root {0,1} → 0. Total 2.
        //   c2: (A,C) = {1}, (B,D) = {0}, root → 1.
        //   c3: (A,C) → 1; (B,D) → 1; root 0. Total 2.
        //   Length 2 + 1 + 2 = 5.
        #expect(try fitch.length(of: Self.tree([["A", "C"], ["B", "D"]], rooted: true)) == 5)
        // (((A,B),C),D): c1: (A,B) {1}, +C {0} → 1, {0,1}; +D {0} → {0}: 1.
        //   c2: (A,B) → 1, {0,1}; +C → {1}; +D {0} → 1. Total 2.
        //   c3: (A,B) {0}; +C → 1, {0,1}; +D → {1}. Total 1. Length 4.
        #expect(try fitch.length(of: Self.tree([[["A", "B"], "C"], "D"], rooted: true)) == 4)
    }

    @Test func fitchLengthOfUnrootedTreeEqualsRootedLength() throws {
        let fitch = FitchParsimony(Self.fourTaxa)
        // (A,B,(C,D)) with a root of degree 3:
        //   c1: children {1},{1},{0}: two can be 1, one only 0 → root 1, 1 change.
        //   c2: (C,D) = {0,1} with 1 change; root children {1},{0},{0,1}: one only-1, one only-0 → 1. Total 2.
        //   c3: children {0},{0},{1} → 1.
        //   Length 4, as for the rooted ((A,B),(C,D)).
        #expect(try fitch.length(of: Self.tree(["A", "B", ["C", "D"]])) == 4)
        #expect(try fitch.length(of: Self.tree(["C", ["D", ["A", "B"]]])) == 4)
    }

    @Test func fitchLengthOfPolytomies() throws {
        // Star (A,B,C,D): each character has two children only-0 and two only-1: min(2,2) = 2 changes each → 6.
        #expect(try FitchParsimony(Self.fourTaxa).length(of: Self.tree(["A", "B", "C", "D"])) == 6)
        let fitch = FitchParsimony(Self.fiveTaxa)
        // Star (A,B,C,D,E): c1 1,1,0,0,1 → min(3 ones, 2 zeros) = 2; c2 1,0,1,0,1 → 2; c3 0,0,1,1,1 → 2. Total 6.
        #expect(try fitch.length(of: Self.tree(["A", "B", "C", "D", "E"])) == 6)
        // (A,B,C,(D,E)): (D,E): c1 {0}∩{1} → 1, {0,1}; c2 → 1, {0,1}; c3 {1}.
        //   Root c1: A1 B1 C0 DE{0,1}: only-1 2, only-0 1 → 1.  c2: A1 B0 C1 DE{0,1} → 1.
        //   c3: A0 B0 C1 DE{1} → min(2,2) = 2.  Total (1+1) + (1+1) + 2 = 6.
        #expect(try fitch.length(of: Self.tree(["A", "B", "C", ["D", "E"]])) == 6)
        // A node with one child passes its set on: ((A),B,(C,D,E)).
        //   (C,D,E): c1 0,0,1 → 1, {0}; c2 1,0,1 → 1, {1}; c3 1,1,1 → 0, {1}.
        //   Root: c1 A1 B1 {0} → 1; c2 A1 B0 {1} → 1; c3 A0 B0 {1} → 1. Total 2 + 3 = 5.
        #expect(try fitch.length(of: Self.tree([["A"], "B", ["C", "D", "E"]])) == 5)
    }

    @Test func fitchRejectsLeavesThatDoNotMatchTheTaxa() {
        let fitch = FitchParsimony(Self.fourTaxa)
        #expect(throws: PhylogenyError.self) { try fitch.length(of: Self.tree(["A", "B", ["C", "X"]])) }
        do {
            _ = try fitch.length(of: Self.tree(["A", "B", ["C", "X"]]))
        } catch let error as PhylogenyError {
            #expect(error.kind == .unknownTaxon)
        } catch {}
        for shape: [Any] in [["A", "B", "C"], ["A", "B", ["C", "D", "D"]], ["A", "B", ["C", "D", [] as [Any]]]] {
            do {
                _ = try fitch.length(of: Self.tree(shape))
                Issue.record("expected an error for \(shape)")
            } catch let error as PhylogenyError {
                #expect(error.kind == .invalidTree)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func fitchHandlesManyWords() throws {
        // 130 characters (three words): the four-taxon pattern repeated; ((A,B),(C,D)) costs 4 per 3 columns.
        let rows = Self.fourTaxa.taxa.indices.map { taxon in
            (0..<130).map { Self.fourTaxa[taxon, $0 % 3] }
        }
        let matrix = try FeatureMatrix(taxa: Self.fourTaxa.taxa, rows: rows)
        // Columns 0..<129 hold 43 copies of (c1,c2,c3): 43 × 4 = 172; column 129 is c1 again: +1.
        #expect(try FitchParsimony(matrix).length(of: Self.tree([["A", "B"], ["C", "D"]])) == 173)
    }

    // MARK: Search

    @Test(arguments: [(6, UInt64(1)), (7, 2), (7, 3), (6, 4), (7, 5)])
    func searchFindsTheExhaustiveOptimum(taxa: Int, seed: UInt64) throws {
        let matrices = [
            SimulatedCharacters.evolve(taxa: taxa, characters: 60, flipProbability: 0.15, seed: seed).matrix,
            Self.randomMatrix(taxa: taxa, characters: 25, seed: seed),
        ]
        for matrix in matrices {
            let fitch = FitchParsimony(matrix)
            let trees = Self.allTrees(matrix.taxa)
            #expect(trees.count == (taxa == 6 ? 105 : 945))
            let optimum = try trees.map { try fitch.length(of: $0) }.min()!
            for rearrangement in ParsimonySearch.Rearrangement.allCases {
                let result = try ParsimonySearch.run(
                    matrix, options: .init(additionSequences: 3, rearrangement: rearrangement, seed: seed))
                #expect(result.length == optimum, "\(rearrangement)")
                #expect(try fitch.length(of: result.tree) == result.length)
            }
        }
    }

    @Test func resultTreeIsCanonicalUnrootedAndCarriesChangeCounts() throws {
        let (matrix, _) = SimulatedCharacters.evolve(taxa: 25, characters: 300, flipProbability: 0.05, seed: 9)
        let result = try ParsimonySearch.run(matrix)
        let tree = result.tree
        #expect(!tree.isRooted)
        #expect(tree[tree.root].children.count == 3)
        #expect(tree[tree[tree.root].children[0]].name == matrix.taxa[0])
        #expect(Set(tree.leafNames) == Set(matrix.taxa))
        #expect(tree.leafNames.count == matrix.taxa.count)
        for node in tree.nodes.indices where node != tree.root {
            #expect(tree[node].isLeaf || tree[node].children.count == 2)
        }
        let total = tree.nodes.reduce(0.0) { $0 + ($1.length ?? 0) }
        #expect(Int(total) == result.length)
        #expect(try FitchParsimony(matrix).length(of: tree) == result.length)
        #expect(result.treesExamined > 0)
        // Children ordered by the smallest taxon index below them.
        let index = Dictionary(uniqueKeysWithValues: matrix.taxa.enumerated().map { ($1, $0) })
        var smallest = [Int](repeating: Int.max, count: tree.nodes.count)
        for node in tree.postorder() {
            smallest[node] =
                tree[node].isLeaf ? index[tree[node].name!]! : tree[node].children.map { smallest[$0] }.min()!
            let order = tree[node].children.map { smallest[$0] }
            #expect(order == order.sorted())
        }
    }

    @Test func searchIsDeterministic() throws {
        let (matrix, _) = SimulatedCharacters.evolve(taxa: 30, characters: 400, flipProbability: 0.08, seed: 5)
        for rearrangement in ParsimonySearch.Rearrangement.allCases {
            let options = ParsimonySearch.Options(additionSequences: 6, rearrangement: rearrangement, seed: 42)
            let first = try ParsimonySearch.run(matrix, options: options)
            let second = try ParsimonySearch.run(matrix, options: options)
            #expect(first.tree == second.tree)
            #expect(first.length == second.length)
            #expect(first.treesExamined == second.treesExamined)
        }
    }

    @Test func sprAndTbrBothImproveOnAddition() throws {
        let (matrix, truth) = SimulatedCharacters.evolve(taxa: 40, characters: 600, flipProbability: 0.1, seed: 11)
        let fitch = FitchParsimony(matrix)
        let spr = try ParsimonySearch.run(matrix, options: .init(additionSequences: 4, rearrangement: .spr))
        let tbr = try ParsimonySearch.run(matrix, options: .init(additionSequences: 4, rearrangement: .tbr))
        #expect(try fitch.length(of: spr.tree) == spr.length)
        #expect(try fitch.length(of: tbr.tree) == tbr.length)
        // TBR starts from each SPR optimum of the same addition sequences.
        #expect(tbr.length <= spr.length)
        #expect(tbr.treesExamined > spr.treesExamined)
        // The tree the characters evolved on is a fair benchmark for a good search.
        #expect(spr.length <= (try fitch.length(of: truth)))
    }

    @Test func smallMatrices() throws {
        let one = try FeatureMatrix(taxa: ["A"], rows: [[1, 0]])
        let single = try ParsimonySearch.run(one)
        #expect(single.tree.leafNames == ["A"])
        #expect(single.length == 0)
        let two = try FeatureMatrix(taxa: ["A", "B"], rows: [[1, 0, 1], [0, 0, 0]])
        let pair = try ParsimonySearch.run(two)
        #expect(pair.tree.leafNames == ["A", "B"])
        #expect(pair.length == 2)
        let three = try FeatureMatrix(taxa: ["A", "B", "C"], rows: [[1, 0, 1], [0, 0, 0], [1, 1, 0]])
        let triple = try ParsimonySearch.run(three)
        #expect(triple.tree.leafNames == ["A", "B", "C"])
        #expect(triple.length == 3)
        #expect(try FitchParsimony(three).length(of: triple.tree) == 3)
        // No informative character: every tree has the same length.
        let flat = try FeatureMatrix(taxa: ["A", "B", "C", "D", "E"], rows: (0..<5).map { [$0 == 2 ? 1 : 0, 0] })
        let flatResult = try ParsimonySearch.run(flat)
        #expect(flatResult.length == 1)
        #expect(try FitchParsimony(flat).length(of: flatResult.tree) == 1)
    }

    @Test func duplicatedColumnsAreWeighted() throws {
        // Bootstrap-like matrix: repeated columns must count as often as they appear.
        let (matrix, _) = SimulatedCharacters.evolve(taxa: 20, characters: 200, flipProbability: 0.1, seed: 3)
        var generator = SeededGenerator(seed: 8)
        let columns = (0..<200).map { _ in Int(generator.next() % 200) }
        let replicate = matrix.selectingCharacters(columns)
        let result = try ParsimonySearch.run(replicate, options: .init(additionSequences: 3))
        #expect(try FitchParsimony(replicate).length(of: result.tree) == result.length)
    }

    // MARK: PHYLIP files

    @Test func phylipRoundTrip() throws {
        let (matrix, _) = SimulatedCharacters.evolve(taxa: 12, characters: 150, flipProbability: 0.1, seed: 2)
        let text = PhylipCharacterFile.string(matrix)
        #expect(text.hasPrefix("12 150\nT001      "))
        #expect(try PhylipCharacterFile.read(text) == matrix)
        // Long names become codes, which map back by position.
        let long = try FeatureMatrix(
            taxa: ["gpt-4o-2024-08-06", "claude-3-5-sonnet", "x"], rows: [[1, 0], [0, 1], [1, 1]])
        let codes = PhylipCharacterFile.codes(for: long.taxa)
        #expect(codes == ["T0001", "T0002", "T0003"])
        let read = try PhylipCharacterFile.read(PhylipCharacterFile.string(long))
        #expect(read.taxa == codes)
        #expect(read.values == long.values)
        #expect(PhylipCharacterFile.codes(for: ["a", "b"]) == ["a", "b"])
        #expect(PhylipCharacterFile.codes(for: ["a(1)", "b"]) == ["T0001", "T0002"])
        #expect(PhylipCharacterFile.string(long, codes: ["a", "b", "c"]).hasPrefix("3 2\na         10\n"))
    }

    @Test func phylipReadsSequentialContinuationAndInterleaved() throws {
        let expected = try FeatureMatrix(
            taxa: ["Alpha", "Beta two", "Gamma"], rows: [[1, 1, 0, 1, 1, 0], [1, 1, 0, 0, 0, 0], [0, 0, 1, 1, 1, 0]])
        let sequential = "3 6\nAlpha     1 1 0\n110\nBeta two  110000\nGamma     00\n1\n110\n"
        #expect(try PhylipCharacterFile.read(sequential) == expected)
        let interleaved = "  3   6\r\nAlpha     110\r\nBeta two  110\r\nGamma     001\r\n\r\n110\r\n000\r\n1 10\r\n"
        #expect(try PhylipCharacterFile.read(interleaved) == expected)
    }

    @Test(arguments: [
        ("", 1, "empty"),
        ("3\nA         1\n", 1, "numbers of taxa"),
        ("x 2\n", 1, "numbers of taxa"),
        ("2 2 W\n", 1, "options"),
        ("0 2\n", 1, "positive"),
        ("2 3\nA         101\nB         1x1\n", 3, "unexpected character"),
        ("2 3\nA         101\nB         1011\n", 3, "more characters"),
        ("3 3\nA         101\nB         111\n", 3, "end of file"),
        ("2 3\nA         101\n\nA         111\n", 4, "already used"),
        ("2 3\n          101\nB         111\n", 2, "empty taxon name"),
        ("2 3\nA         101\nB         111\nC         000\n", 4, "unexpected text"),
    ])
    func phylipErrorsNameFileAndLine(text: String, line: Int, detail: String) {
        do {
            _ = try PhylipCharacterFile.read(text, file: "infile")
            Issue.record("expected an error")
        } catch let error as PhylogenyError {
            #expect(error.kind == .malformedFile)
            #expect(error.file == "infile")
            #expect(error.line == line, "\(error)")
            #expect(error.detail.contains(detail), "\(error)")
            #expect(error.description.hasPrefix("infile:\(line): "))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func simulatedCharactersAreSeeded() {
        let first = SimulatedCharacters.evolve(taxa: 10, characters: 70, flipProbability: 0.1, seed: 4)
        let second = SimulatedCharacters.evolve(taxa: 10, characters: 70, flipProbability: 0.1, seed: 4)
        #expect(first.matrix == second.matrix)
        #expect(first.tree == second.tree)
        #expect(first.matrix.isBinary)
        #expect(Set(first.tree.leafNames) == Set(first.matrix.taxa))
        #expect(first.tree.nodes.count == 19)
        let third = SimulatedCharacters.evolve(taxa: 10, characters: 70, flipProbability: 0.1, seed: 5)
        #expect(third.matrix != first.matrix)
    }
}
