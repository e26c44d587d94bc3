import Analysis
import ArgumentParser
import Corpus
import Fingerprint
import Foundation
import Phylogeny

extension TreeMethod: ExpressibleByArgument {}
extension DistanceMetric: ExpressibleByArgument {}
extension ParsimonySearch.Rearrangement: ExpressibleByArgument {}

/// Tree method, characters, bootstrap and rooting options shared by `tree` and `analyze`.
struct TreeOptions: ParsableArguments {
    @Option(help: "Tree method: \(TreeMethod.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: TreeMethod = .parsimony

    @Option(help: "Distance: \(DistanceMetric.allCases.map(\.rawValue).joined(separator: ", ")).")
    var distance: DistanceMetric = .jaccard

    @Option(help: "Bootstrap replicates (0 for none).")
    var bootstrap = 100

    @Option(help: "Seed of the bootstrap and the parsimony search.")
    var seed: UInt64 = 1

    @Option(help: "Root on this model (repeat for a group); default: midpoint rooting of unrooted trees.")
    var outgroup: [String] = []

    @Option(help: "Top over-represented words per model used as characters.")
    var words = 1000

    @Option(help: "Top bigrams per model used as characters.")
    var bigrams = 200

    @Option(help: "Top trigrams per model used as characters.")
    var trigrams = 200

    @Option(help: "Parsimony: random addition sequences.")
    var additionSequences = 10

    @Option(help: "Parsimony: random addition sequences in each bootstrap replicate.")
    var replicateAdditionSequences = 2

    @Option(help: "Parsimony: branch swapping, spr or tbr.")
    var rearrangement: ParsimonySearch.Rearrangement = .tbr

    func validate() throws {
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more") }
        if additionSequences < 1 || replicateAdditionSequences < 1 {
            throw ValidationError("addition sequences must be at least 1")
        }
        if words < 0 || bigrams < 0 || trigrams < 0 { throw ValidationError("feature counts must be 0 or more") }
        if words + bigrams + trigrams == 0 { throw ValidationError("choose at least one feature per model") }
    }

    var characterSettings: CharacterSettings { CharacterSettings(words: words, bigrams: bigrams, trigrams: trigrams) }

    var analysisOptions: TreeAnalysisOptions {
        var search = ParsimonySearch.Options()
        search.additionSequences = additionSequences
        search.rearrangement = rearrangement
        search.seed = seed
        return TreeAnalysisOptions(
            inference: TreeInference(method: method, distance: distance, search: search), replicates: bootstrap,
            seed: seed, outgroup: outgroup, replicateAdditionSequences: replicateAdditionSequences)
    }

    /// Profiles from profile files, or computed from outputs with room below each list's cut for the bootstrap.
    func loadProfiles(input: InputOptions, profileOptions: ProfileOptions) throws -> [Profile] {
        let files = try CorpusReader.inputFiles(input.inputs)
        if let given = try ProfileInputs.load(files) { return given.profiles }
        let baseline = try profileOptions.loadBaseline()
        let settings = characterSettings.candidateSettings(base: profileOptions.settings(baseline: baseline))
        let result = try Fingerprinting.run(
            inputs: files, options: input.readOptions, baseline: baseline, settings: settings,
            progress: Terminal.progress("reading"))
        Terminal.reportSkipped(result.corpus.skipped)
        return result.profiles
    }

    /// A tree from a PHYLIP character matrix or distance matrix file.
    static func analyze(matrixFile path: String, options: TreeAnalysisOptions) throws -> TreeAnalysis {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw PhylogenyError(.unreadableFile, file: path, FileProblem.reason(error))
        }
        let characters: FeatureMatrix
        do {
            characters = try PhylipCharacterFile.read(text, file: path)
        } catch let characterError {
            guard options.inference.method == .parsimony else {
                return try TreeAnalysis.run(distances: try PhylipDistanceFile.read(text, file: path), options: options)
            }
            if (try? PhylipDistanceFile.read(text, file: path)) != nil {
                throw PhylogenyError(
                    .invalidMatrix, file: path,
                    "this is a distance matrix, and parsimony needs characters: use --method nj or --method upgma")
            }
            throw characterError
        }
        return try TreeAnalysis.run(matrix: characters, options: options)
    }
}
