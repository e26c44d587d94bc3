import Attribution
import Corpus
import Fingerprint
import Foundation
import Phylogeny
import Report

extension MainAnalysis {
    /// The report's content: these results, laid out by Report.
    public func reportContent() -> ReportContent {
        let inferred = tree.inferred
        return ReportContent(
            tool: options.tool, inputs: inputs, profiles: profiles, promptCount: promptCount,
            characterCount: tree.matrix?.characterCount ?? 0, settings: settings(), tree: tree.tree,
            distances: inferred.distances, treeMethod: options.tree.inference.method.rawValue,
            distanceName: options.tree.inference.distance.rawValue,
            bootstrapReplicates: tree.bootstrap?.replicates.count ?? 0, resampling: tree.resampling.rawValue,
            parsimonyLength: inferred.parsimonyLength, attributions: attributions,
            attributionReplicates: options.attribution.replicates, evaluation: evaluation,
            families: options.labels?.families ?? [:], files: MainAnalysis.fileNames, rule: options.attribution.rule)
    }

    /// Settings as shown in the report and written to run.json, in order.
    public func settings() -> [(name: String, value: String)] {
        let tree = options.tree
        var rows: [(String, String)] = [
            ("tree method", tree.inference.method.rawValue),
            ("distance", tree.inference.distance.rawValue),
            ("bootstrap replicates (tree)", String(tree.replicates)),
            ("resampling", self.tree.resampling.rawValue),
            ("seed", String(tree.seed)),
            ("rooting", self.tree.rooting),
            (
                "characters per model",
                "\(options.characters.words) words, \(options.characters.bigrams) bigrams, "
                    + "\(options.characters.trigrams) trigrams"
            ),
        ]
        if isFromProfiles {
            // Profiles bring their own thresholds and baseline, and no answers to attribute.
            rows.append(("input", "profiles as given (each with its own thresholds and baseline); no attribution"))
        } else {
            rows += [
                (
                    "profile thresholds",
                    "min count \(options.profile.minimumCount), min prompts \(options.profile.minimumPrompts), "
                        + "min word length \(options.profile.minimumWordLength)"
                ),
                (
                    "baseline",
                    options.baseline.map { baseline in
                        baseline.path.map { "\($0) (\(baseline.source))" } ?? baseline.source
                    } ?? "shipped English baseline"
                ),
                (
                    "suspects",
                    options.suspects.isEmpty
                        ? "every model against all others" : options.suspects.joined(separator: ", ")
                ),
                ("bootstrap replicates (attribution)", String(options.attribution.replicates)),
                ("attribution seed", String(options.attribution.seed)),
                ("style weight", Markup.number(options.attribution.styleWeight)),
            ]
        }
        if tree.inference.method == .parsimony {
            rows.append(
                (
                    "parsimony search",
                    "\(tree.inference.search.additionSequences) addition sequences "
                        + "(\(tree.replicateAdditionSequences) per replicate), \(tree.inference.search.rearrangement.rawValue)"
                ))
        }
        if !tree.outgroup.isEmpty { rows.append(("outgroup", tree.outgroup.joined(separator: ", "))) }
        rows.append(
            (
                "labels",
                options.labels == nil
                    ? "none"
                    : isFromProfiles
                        ? "given (leaf colours; no evaluation without answers)"
                        : "given (evaluation below)"
            ))
        return rows
    }

    /// Whether the models came as profiles rather than answers (then there is no attribution).
    public var isFromProfiles: Bool {
        inputs.areLineageProfiles
    }

    /// The files `lineage analyze` writes, in order.
    public static let fileNames = [
        "index.html", "tree.svg", "tree-circular.svg", "heatmap.svg", "tree.nwk", "distances.csv",
        "attribution.json", "run.json", "profiles/",
    ]

    /// Every file of the run by relative path: the report, SVGs, Newick, distances, attributions, run.json, profiles.
    public func files() throws(CorpusError) -> [(name: String, contents: String)] {
        let report = HTMLReport(reportContent())
        var files: [(String, String)] = [
            ("index.html", report.html()),
            ("tree.svg", report.treeSVG()),
            ("tree-circular.svg", report.circularTreeSVG()),
            ("heatmap.svg", report.heatmapSVG()),
            ("tree.nwk", Newick.string(tree.tree) + "\n"),
            ("distances.csv", MainAnalysis.csv(tree.inferred.distances)),
            ("attribution.json", attributionJSON()),
        ]
        var profileFiles: [(String, String)] = []
        var seen: [String: String] = [:]
        for profile in profiles {
            let name = Profile.fileName(for: profile.model)
            if let other = seen[name] {
                throw CorpusError(
                    .writeFailed, at: SourceLocation(file: "profiles/" + name),
                    "models \"\(other)\" and \"\(profile.model)\" would both be written to \(name)")
            }
            seen[name] = profile.model
            profileFiles.append(("profiles/" + name, profile.jsonText()))
        }
        let names = files.map(\.0) + ["run.json"] + profileFiles.map(\.0)
        files.append(("run.json", runJSON(files: names)))
        return files + profileFiles
    }

    /// Writes every file under `directory`, each atomically (temporary file, then rename).
    ///
    /// When the directory holds an earlier run, the files that run recorded in its run.json and this run does not
    /// write (the profiles of models no longer analysed) are removed; no other file is. run.json is written last:
    /// a run that stops half-way leaves the earlier run.json, whose files the next run still removes.
    public func write(to directory: String) throws(CorpusError) {
        let files = try files()
        let previous = MainAnalysis.recordedFiles(in: directory)
        try OutputLocation.createDirectory((directory as NSString).appendingPathComponent("profiles"))
        for (name, contents) in files where name != "run.json" {
            try AtomicFile.write(contents, to: (directory as NSString).appendingPathComponent(name))
        }
        let written = Set(files.map(\.name))
        for name in previous.sorted() where !written.contains(name) {
            let path = (directory as NSString).appendingPathComponent(name)
            if unlink(path) != 0 && errno != ENOENT {
                throw CorpusError(
                    .writeFailed, at: SourceLocation(file: path),
                    "cannot remove this file of the previous run: \(FileProblem.reason(errno: errno))")
            }
        }
        if let run = files.first(where: { $0.name == "run.json" }) {
            try AtomicFile.write(run.contents, to: (directory as NSString).appendingPathComponent(run.name))
        }
    }

    /// The files an earlier run recorded in `directory/run.json` (relative paths inside the directory, regular
    /// files only); empty when there is no run.json or it does not have the shape of one ``runJSON(files:)`` writes.
    static func recordedFiles(in directory: String) -> Set<String> {
        let path = (directory as NSString).appendingPathComponent("run.json")
        guard let data = FileManager.default.contents(atPath: path),
            let run = try? JSONValue.parse([UInt8](data)),
            run["tool"]?.string != nil, run["inputs"]?.array != nil, case .object = run["settings"],
            let names = run["files"]?.array
        else { return [] }
        var recorded: Set<String> = []
        for case .string(let name) in names {
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            guard !name.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
                continue
            }
            var isDirectory: ObjCBool = false
            let full = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                recorded.insert(name)
            }
        }
        return recorded
    }

    /// The distance matrix as CSV: a header of model names, then one row per model.
    static func csv(_ distances: DistanceMatrix) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\n\r".contains($0) })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var text = "model," + distances.names.map(field).joined(separator: ",") + "\n"
        for i in 0..<distances.count {
            text += field(distances.names[i])
            for j in 0..<distances.count { text += "," + Markup.number(distances[i, j], digits: 6) }
            text += "\n"
        }
        return text
    }

    /// `attribution.json`: `{"bootstrap", "seed", "results": [attribution results], "evaluation": ... | null}`.
    func attributionJSON() -> String {
        var json = JSONWriter()
        json.beginObject()
        // A run on profiles attributed nothing: no replicates, no seed.
        json.member("bootstrap", isFromProfiles ? nil : options.attribution.replicates)
        json.member("seed", isFromProfiles ? nil : Int(truncatingIfNeeded: options.attribution.seed))
        json.key("results")
        json.beginArray()
        for result in attributions { result.write(to: &json) }
        json.endArray()
        json.key("evaluation")
        if let evaluation { evaluation.write(to: &json) } else { json.null() }
        json.endObject()
        return json.text + "\n"
    }

    /// The settings for programs: one member per parameter, numbers as numbers, lists as arrays (`settings` holds
    /// the same as the report shows it).
    func writeParameters(to json: inout JSONWriter) {
        let tree = options.tree
        let profile = options.profile
        json.beginObject()
        json.member("tree_method", tree.inference.method.rawValue)
        json.member("distance", tree.inference.distance.rawValue)
        json.member("tree_bootstrap", tree.replicates)
        json.member("resampling", self.tree.resampling.rawValue)
        json.member("tree_seed", Int(truncatingIfNeeded: tree.seed))
        json.member("outgroup", array: tree.outgroup)
        json.member("words", options.characters.words)
        json.member("bigrams", options.characters.bigrams)
        json.member("trigrams", options.characters.trigrams)
        // A run on profiles used neither thresholds nor baseline (the profiles carry theirs) nor attribution.
        let computed = !isFromProfiles
        json.member("minimum_count", computed ? profile.minimumCount : nil)
        json.member("minimum_prompts", computed ? profile.minimumPrompts : nil)
        json.member("minimum_word_length", computed ? profile.minimumWordLength : nil)
        json.member("baseline", computed ? options.baseline.map { $0.path ?? $0.source } : nil)
        json.member("baseline_sha256", computed ? options.baseline?.sha256 : nil)
        json.member("suspects", array: options.suspects)
        json.member("attribution_bootstrap", computed ? options.attribution.replicates : nil)
        json.member("attribution_seed", computed ? Int(truncatingIfNeeded: options.attribution.seed) : nil)
        json.member("style_weight", computed ? options.attribution.styleWeight : nil)
        if tree.inference.method == .parsimony {
            json.member("addition_sequences", tree.inference.search.additionSequences)
            json.member("replicate_addition_sequences", tree.replicateAdditionSequences)
            json.member("rearrangement", tree.inference.search.rearrangement.rawValue)
        }
        json.member("labels", options.labels != nil)
        json.endObject()
    }

    /// `run.json`: tool, settings, parameters, seed, every input file with its SHA-256, and the files the run writes
    /// (`files`).
    func runJSON(files: [String]) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.member("tool", options.tool)
        json.member("seed", Int(truncatingIfNeeded: options.tree.seed))
        json.key("settings")
        json.beginObject()
        for (name, value) in settings() { json.member(name, value) }
        json.endObject()
        json.key("parameters")
        writeParameters(to: &json)
        json.member("models", profiles.count)
        json.member("prompts", promptCount)
        json.member("characters", tree.matrix?.characterCount)
        json.key("inputs")
        json.beginArray()
        for input in inputs {
            json.beginObject(singleLine: true)
            json.member("path", input.path)
            json.member("sha256", input.sha256)
            json.member("format", input.format.rawValue)
            json.member("records", input.records)
            json.endObject()
        }
        json.endArray()
        json.member("files", array: files)
        json.endObject()
        return json.text + "\n"
    }
}
