import Testing

@testable import Phylogeny

@Suite struct BootstrapTests {
    /// Eight taxa; taxa 0–3 share `planted` characters no one else has, every other character is random noise.
    func plantedMatrix(planted: Int, noise: Int, seed: UInt64) throws -> FeatureMatrix {
        var generator = SeededGenerator(seed: seed)
        let taxa = (0..<8).map { "t\($0)" }
        let rows = taxa.indices.map { taxon -> [Double] in
            let shared = (0..<planted).map { _ in taxon < 4 ? 1.0 : 0.0 }
            let random = (0..<noise).map { _ in Double(generator.next() & 1) }
            return shared + random
        }
        return try FeatureMatrix(taxa: taxa, rows: rows)
    }

    func support(of members: [Int], in result: BootstrapResult) -> Double {
        result.counts.frequency(of: Split(members, taxonCount: 8))
    }

    @Test(arguments: [TreeMethod.parsimony, .nj, .upgma])
    func plantedCladeIsNearCertainAndRandomSplitsAreNot(method: TreeMethod) throws {
        let matrix = try plantedMatrix(planted: 40, noise: 200, seed: 7)
        let inference = TreeInference(method: method, distance: .hamming)
        let reference = try inference.infer(matrix).tree
        let result = try Bootstrap.run(reference: reference, taxa: matrix.taxa, replicates: 100, seed: 3) {
            _, generator in
            let columns = Bootstrap.resampleCharacters(count: matrix.characterCount, using: &generator)
            return try inference.infer(matrix.selectingCharacters(columns)).tree
        }
        #expect(support(of: [0, 1, 2, 3], in: result) >= 0.95)
        // A split the data do not hold: taxa from both sides of the planted clade.
        #expect(support(of: [0, 4], in: result) <= 0.2)
        let supported = try result.counts.annotatingSupport(of: reference)
        #expect(supported.nodes.contains { $0.support != nil })
    }

    @Test func pureNoiseGivesSupportNearChance() throws {
        let matrix = try plantedMatrix(planted: 0, noise: 300, seed: 11)
        let inference = TreeInference(method: .nj, distance: .hamming)
        let reference = try inference.infer(matrix).tree
        let result = try Bootstrap.run(reference: reference, taxa: matrix.taxa, replicates: 100, seed: 5) {
            _, generator in
            let columns = Bootstrap.resampleCharacters(count: matrix.characterCount, using: &generator)
            return try inference.infer(matrix.selectingCharacters(columns)).tree
        }
        let supports = result.supported.nodes.compactMap(\.support)
        #expect(!supports.isEmpty)
        // With no signal, the reference tree's own branches recur in a minority of replicates on average.
        #expect(supports.reduce(0, +) / Double(supports.count) < 0.6)
    }

    @Test func sameSeedGivesTheSameTreesByteForByte() throws {
        let matrix = try plantedMatrix(planted: 10, noise: 60, seed: 1)
        let inference = TreeInference(method: .parsimony)
        func run() throws -> [String] {
            let reference = try inference.infer(matrix).tree
            let result = try Bootstrap.run(reference: reference, taxa: matrix.taxa, replicates: 20, seed: 9) {
                _, generator in
                let columns = Bootstrap.resampleCharacters(count: matrix.characterCount, using: &generator)
                var seeded = inference
                seeded.search.seed = generator.next()
                return try seeded.infer(matrix.selectingCharacters(columns)).tree
            }
            return result.replicates.map { Newick.string($0) } + [Newick.string(result.majorityRule)]
        }
        #expect(try run() == run())
    }

    @Test func resampledWeightsSumToTheCount() {
        var generator = SeededGenerator(seed: 1)
        let weights = Bootstrap.resampleWeights(count: 805, using: &generator)
        #expect(weights.reduce(0, +) == 805)
        #expect(weights.contains(0))  // about a third of prompts are left out of a replicate
    }
}
