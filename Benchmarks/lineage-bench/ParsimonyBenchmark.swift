import Dispatch
import Foundation
import Phylogeny

/// Times ``ParsimonySearch/run(_:options:)`` on a simulated matrix and writes the matrix as a PHYLIP `pars`
/// infile, so that `phylip pars` can be timed on the same data:
///   lineage-bench parsimony --taxa 228 --characters 10000 --seed 1 --infile /tmp/infile
/// With `bootstrap` > 0, also times that many searches on column-resampled replicates, one after the other.
func runParsimonyBenchmark(
    taxa: Int, characters: Int, seed: UInt64, flipProbability: Double = 0.05, infile: String? = nil,
    sequences: Int = 10, spr: Bool = false, bootstrap: Int = 0
) throws {
    let (matrix, truth) = SimulatedCharacters.evolve(
        taxa: taxa, characters: characters, flipProbability: flipProbability, seed: seed)
    if let infile {
        try PhylipCharacterFile.string(matrix).write(toFile: infile, atomically: true, encoding: .utf8)
    }
    let trueLength = try FitchParsimony(matrix).length(of: truth)
    let options = ParsimonySearch.Options(additionSequences: sequences, rearrangement: spr ? .spr : .tbr, seed: seed)
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try ParsimonySearch.run(matrix, options: options)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(
        "parsimony \(taxa) taxa × \(characters) characters, \(options.additionSequences) sequences,",
        "\(options.rearrangement.rawValue): length \(result.length) (true tree \(trueLength)),",
        String(format: "%.3f s,", seconds), "\(result.treesExamined) trees examined")
    guard bootstrap > 0 else { return }
    var generator = SeededGenerator(seed: seed)
    let replicates = (0..<bootstrap).map { _ in
        matrix.selectingCharacters((0..<characters).map { _ in Int(generator.next() % UInt64(characters)) })
    }
    let bootstrapStart = DispatchTime.now().uptimeNanoseconds
    for replicate in replicates { _ = try ParsimonySearch.run(replicate, options: options) }
    let bootstrapSeconds = Double(DispatchTime.now().uptimeNanoseconds - bootstrapStart) / 1e9
    print("bootstrap: \(bootstrap) replicates", String(format: "%.3f s", bootstrapSeconds))
}
