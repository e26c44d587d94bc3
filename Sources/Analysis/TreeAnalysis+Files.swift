import Corpus
import Phylogeny

extension TreeAnalysis {
    /// The files `lineage tree` writes, by name: `tree.nwk`, `tree.nex`, `distances.phy`, `tree.json`, and for
    /// binary matrices `characters.phy` (the PHYLIP infile, so other tools can be run on the same characters) with
    /// `characters-taxa.tsv`, which gives the model behind each of its 10-character names.
    public func files() -> [(name: String, contents: String)] {
        var files: [(String, String)] = [
            ("tree.nwk", Newick.string(tree) + "\n"),
            ("tree.nex", nexus()),
            ("distances.phy", PhylipDistanceFile.string(inferred.distances)),
            ("tree.json", json()),
        ]
        if let matrix, matrix.isBinary {
            let codes = PhylipCharacterFile.codes(for: matrix.taxa)
            files.append(("characters.phy", PhylipCharacterFile.string(matrix, codes: codes)))
            // A tab or line break inside a model name would break the table's rows: written as a space.
            let rows = zip(codes, matrix.taxa).map { code, model in
                "\(code)\t\(String(model.map { $0 == "\t" || $0.isNewline ? " " : $0 }))\n"
            }.joined()
            files.append(("characters-taxa.tsv", "code\tmodel\n" + rows))
        }
        return files
    }

    /// Nexus with the tree and, after a bootstrap, the majority-rule and strict consensus trees.
    public func nexus() -> String {
        var trees: [(name: String, tree: Tree)] = [("lineage", tree)]
        if let bootstrap {
            trees.append(("majority_rule", bootstrap.majorityRule))
            trees.append(("strict", bootstrap.strict))
        }
        return Nexus.string(trees: trees, taxa: inferred.distances.names)
    }

    /// `tree.json`: method, distance, taxa, parsimony length, bootstrap settings, Newick trees.
    public func json() -> String {
        var json = JSONWriter()
        json.beginObject()
        json.member("method", options.inference.method.rawValue)
        // A tree built from a given distance matrix did not compute its distances.
        json.member("distance", matrix == nil ? nil : options.inference.distance.rawValue)
        json.member("taxa", array: inferred.distances.names)
        json.member("characters", matrix?.characterCount)
        json.member("length", inferred.parsimonyLength)
        json.member("bootstrap", bootstrap?.replicates.count ?? 0)
        json.member("resampling", resampling.rawValue)
        json.member("seed", Int(truncatingIfNeeded: options.seed))
        json.member("rooting", rooting)
        if options.outgroup.isEmpty {
            json.member("outgroup", nil as String?)
        } else {
            json.member("outgroup", array: options.outgroup)
        }
        if options.inference.method == .parsimony {
            json.key("search")
            json.beginObject(singleLine: true)
            json.member("addition_sequences", options.inference.search.additionSequences)
            json.member("replicate_addition_sequences", options.replicateInference.search.additionSequences)
            json.member("rearrangement", options.inference.search.rearrangement.rawValue)
            json.endObject()
        }
        json.member("newick", Newick.string(tree))
        json.member("majority_rule", bootstrap.map { Newick.string($0.majorityRule) })
        json.member("strict", bootstrap.map { Newick.string($0.strict) })
        json.endObject()
        return json.text + "\n"
    }
}
