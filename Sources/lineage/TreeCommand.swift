import Analysis
import ArgumentParser
import Corpus
import Fingerprint
import Foundation
import Phylogeny

struct TreeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        abstract: "Build a tree of models from their over-used features, with bootstrap support.",
        discussion: """
            INPUT is model outputs (any format profile reads) or profile files written by `lineage profile`. \
            Each model's top over-represented words, bigrams and trigrams become presence/absence characters; \
            the tree is built by parsimony, neighbour-joining or UPGMA, and every internal branch carries the \
            share of bootstrap replicates (prompts drawn with replacement, features recomputed) that hold it. \
            Writes tree.nwk, tree.nex (with majority-rule and strict consensus), distances.phy, tree.json and, \
            for binary characters, characters.phy (a PHYLIP infile). --matrix reads a PHYLIP binary-character \
            matrix or distance matrix instead of INPUT.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var treeOptions: TreeOptions

    @Option(help: "A PHYLIP binary-character matrix (any method) or distance matrix (nj, upgma) instead of INPUT.")
    var matrix: String?

    @Option(help: "Directory for the tree files.")
    var out: String

    func validate() throws {
        if (matrix == nil) == input.inputs.isEmpty {
            throw ValidationError("give output or profile files, or --matrix FILE (not both)")
        }
    }

    func run() throws {
        try Terminal.run {
            try OutputLocation.checkDirectory(out)
            let options = treeOptions.analysisOptions
            let analysis: TreeAnalysis
            if let matrix {
                analysis = try TreeOptions.analyze(matrixFile: matrix, options: options)
            } else {
                let profiles = try treeOptions.loadProfiles(input: input, profileOptions: profileOptions)
                let selection = FeatureSelection(profiles: profiles, settings: treeOptions.characterSettings)
                if options.replicates > 0 && !selection.canResamplePrompts {
                    let lacking = profiles.filter { !$0.hasPromptCounts }.map(\.model)
                    let which =
                        lacking.count == profiles.count
                        ? "the profiles lack"
                        : "\(lacking.count) of \(profiles.count) profiles ("
                            + lacking.prefix(3).joined(separator: ", ") + (lacking.count > 3 ? ", …" : "") + ") lack"
                    Terminal.note(
                        "lineage: \(which) per-prompt counts (imported from slop-forensics?), so the bootstrap "
                            + "redraws characters instead of prompts")
                }
                analysis = try TreeAnalysis.run(
                    selection: selection, options: options, progress: Terminal.counter("bootstrap", options.replicates))
            }
            // AtomicFile creates the directory.
            for (name, contents) in analysis.files() {
                try AtomicFile.write(contents, to: (out as NSString).appendingPathComponent(name))
            }
            print(TextTree.render(analysis.tree))
            var summary =
                "lineage: \(options.inference.method.rawValue) tree of \(analysis.inferred.distances.count) taxa"
            if let length = analysis.inferred.parsimonyLength { summary += ", length \(length)" }
            if let bootstrap = analysis.bootstrap {
                summary += ", \(bootstrap.replicates.count) bootstrap replicates over \(analysis.resampling.rawValue)"
            }
            Terminal.note(summary + "; wrote \(out)")
        }
    }
}
