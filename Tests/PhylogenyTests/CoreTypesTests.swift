import Testing

@testable import Phylogeny

@Suite struct CoreTypesTests {
    @Test func distancesOnHandWorkedRows() throws {
        let matrix = try FeatureMatrix(taxa: ["a", "b", "c"], rows: [[1, 1, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0]])
        let jaccard = DistanceMatrix(matrix, metric: .jaccard)
        #expect(abs(jaccard[0, 1] - 2.0 / 3.0) < 1e-12)  // 1 shared of 3 present
        #expect(jaccard[0, 2] == 1)
        #expect(jaccard[1, 0] == jaccard[0, 1])
        let hamming = DistanceMatrix(matrix, metric: .hamming)
        #expect(hamming[0, 1] == 0.5)
        let cosine = DistanceMatrix(matrix, metric: .cosine)
        #expect(abs(cosine[0, 1] - 0.5) < 1e-12)
        #expect(cosine[0, 2] == 1)
        let correlation = DistanceMatrix(matrix, metric: .correlation)
        // a and b: centred (.5,.5,-.5,-.5) and (.5,-.5,.5,-.5): orthogonal, correlation 0.
        #expect(abs(correlation[0, 1] - 1) < 1e-12)
        #expect(correlation[0, 2] == 1)  // constant row
    }

    @Test func raggedAndAsymmetricInputsAreRejected() {
        #expect(throws: PhylogenyError.self) { try FeatureMatrix(taxa: ["a", "b"], rows: [[1, 0], [1]]) }
        #expect(throws: PhylogenyError.self) { try FeatureMatrix(taxa: ["a", "a"], rows: [[1], [0]]) }
        #expect(throws: PhylogenyError.self) {
            try DistanceMatrix(names: ["a", "b"], rows: [[0, 1], [2, 0]])
        }
        #expect(throws: PhylogenyError.self) {
            try DistanceMatrix(names: ["a", "b"], rows: [[0, -1], [-1, 0]])
        }
    }

    @Test func presenceBitsPackSixtyFourCharactersPerWord() throws {
        var row = [Double](repeating: 0, count: 70)
        row[0] = 1
        row[63] = 1
        row[64] = 1
        let matrix = try FeatureMatrix(taxa: ["a"], rows: [row])
        #expect(matrix.presenceBits() == [[1 | (1 << 63), 1]])
    }

    @Test func traversalsVisitChildrenInOrder() {
        var tree = Tree()
        let inner = tree.addChild(to: tree.root, length: 1)
        tree.addChild(to: inner, name: "a", length: 2)
        tree.addChild(to: inner, name: "b", length: 3)
        tree.addChild(to: tree.root, name: "c", length: 4)
        #expect(tree.leafNames == ["a", "b", "c"])
        #expect(tree.postorder().map { tree[$0].name ?? "·" } == ["a", "b", "·", "c", "·"])
        #expect(tree.depths()[tree.leaf(named: "b")!] == 4)
    }

    @Test func seededGeneratorRepeatsItsSequence() {
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        var other = SeededGenerator(seed: 43)
        let a = (0..<5).map { _ in first.next() }
        #expect(a == (0..<5).map { _ in second.next() })
        #expect(a != (0..<5).map { _ in other.next() })
        var streamA = SeededGenerator(seed: 42, stream: 1)
        var streamB = SeededGenerator(seed: 42, stream: 2)
        #expect(streamA.next() != streamB.next())
    }
}

@Suite struct BinaryDistanceTests {
    @Test(arguments: DistanceMetric.allCases)
    func countsFormulaMatchesTheRowFormula(metric: DistanceMetric) throws {
        var generator = SeededGenerator(seed: 4)
        let rows = (0..<6).map { taxon in
            (0..<150).map { _ in taxon == 5 ? 0.0 : Double(generator.next() % 3 == 0 ? 1 : 0) }
        }
        let matrix = try FeatureMatrix(taxa: (0..<6).map { "t\($0)" }, rows: rows)
        let fast = DistanceMatrix(matrix, metric: metric)  // binary: computed from bit counts
        for i in 0..<6 {
            for j in 0..<6 where i != j {
                #expect(abs(fast[i, j] - metric.distance(matrix.row(i), matrix.row(j))) < 1e-12)
            }
        }
    }
}
