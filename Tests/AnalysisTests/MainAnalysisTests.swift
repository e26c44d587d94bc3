import Attribution
import Corpus
import Fingerprint
import Foundation
import Lexicon
import Phylogeny
import Synchronization
import Testing

@testable import Analysis

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The main job on a small corpus whose outputs hold markup, script and control characters.
@Suite struct MainAnalysisTests {
    static let hostileModel = "x<script>alert(3)</script>"

    /// Writes six models' outputs (two families) to a new directory; every answer carries hostile text.
    static func hostileCorpus() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-main-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let phrases = [
            "a": "a rich tapestry woven with vibrant threads", "b": "let us delve deeper into this journey",
            "c": "certainly here is a concise overview",
        ]
        let hostile =
            "<script>alert(1)</script> <img src=x onerror=alert(2)> <b>bold</b> <a href=\\\"http://example.com/\\\">link</a> "
            + "bell\\u0007 escape\\u001b[31m nul\\u0000 &amp; done"
        let models = ["a1", "a2", "b1", "b2", "c1", hostileModel]
        for (index, model) in models.enumerated() {
            let family = index < 5 ? String(model.prefix(1)) : "c"
            let lines = (0..<24).map { id in
                let text =
                    "Answer \(id): \(hostile) \(phrases[family]!) \(hostile). Model number \(index) writes garden words \(id % 7)."
                let name = model.replacingOccurrences(of: "\"", with: "\\\"")
                return "{\"model\":\"\(name)\",\"prompt_id\":\"\(id)\",\"prompt\":\"p\(id)\",\"output\":\"\(text)\"}"
            }
            try lines.joined(separator: "\n").write(
                to: directory.appendingPathComponent("m\(index).jsonl"), atomically: true, encoding: .utf8)
        }
        return directory
    }

    static func options() -> MainAnalysisOptions {
        var options = MainAnalysisOptions(
            tree: TreeAnalysisOptions(inference: TreeInference(method: .nj), replicates: 10, seed: 3), tool: "test")
        options.attribution.replicates = 10
        return options
    }

    @Test func writesAnInertReportAndReadableFiles() throws {
        let corpus = try Self.hostileCorpus()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-out-\(UUID())")
        defer {
            try? FileManager.default.removeItem(at: corpus)
            try? FileManager.default.removeItem(at: out)
        }
        let analysis = try MainAnalysis.run(inputs: [corpus.path], options: Self.options())
        #expect(analysis.attributions.count == 6)
        try analysis.write(to: out.path)

        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("x&lt;script&gt;alert(3)&lt;/script&gt;"))  // the hostile model name, escaped
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))  // an evidence sentence, escaped
        #expect(html.contains("<p class=\"note\">Null: how the other candidates resemble each candidate."))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>bold"))
        #expect(!html.contains("<a href=\"http"))
        #expect(html.components(separatedBy: "<script").count == 2)  // only the report's own sort script
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(!html.contains("src=\"") && !html.contains("href=\"http"))  // nothing to fetch

        for name in ["tree.svg", "tree-circular.svg", "heatmap.svg"] {
            let data = try Data(contentsOf: out.appendingPathComponent(name))
            #expect(XMLParser(data: data).parse(), "\(name) is not well-formed XML")
        }
        let newick = try String(contentsOf: out.appendingPathComponent("tree.nwk"), encoding: .utf8)
        let parsed = try #require(try Newick.parse(newick).first)
        #expect(parsed.leafNames.sorted() == analysis.profiles.map(\.model).sorted())

        let run = try String(contentsOf: out.appendingPathComponent("run.json"), encoding: .utf8)
        for file in try CorpusReader.inputFiles([corpus.path]) {
            #expect(run.contains(try CorpusReader.sha256(of: file)))
        }
        // The parameters for programs: typed, under plain keys.
        let runObject = try #require(try JSONSerialization.jsonObject(with: Data(run.utf8)) as? [String: Any])
        let parameters = try #require(runObject["parameters"] as? [String: Any])
        #expect(parameters["tree_method"] as? String == "nj")
        #expect(parameters["tree_bootstrap"] as? Int == 10)
        #expect(parameters["attribution_bootstrap"] as? Int == 10)
        #expect(parameters["style_weight"] as? Double == 0.1)
        #expect(parameters["suspects"] as? [String] == [])
        #expect(parameters["labels"] as? Bool == false)
        #expect(parameters["baseline"] is NSNull)
        let csv = try String(contentsOf: out.appendingPathComponent("distances.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 7)
        let attribution = try Data(contentsOf: out.appendingPathComponent("attribution.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: attribution) as? [String: Any])
        #expect((json["results"] as? [Any])?.count == 6)
        let profiles = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("profiles").path)
        #expect(profiles.count == 6)

        // The same inputs and seed give the same files.
        let again = try MainAnalysis.run(inputs: [corpus.path], options: Self.options())
        #expect(try again.files().map(\.contents) == analysis.files().map(\.contents))
    }

    @Test func runJSONNamesTheBaselineFileAndItsDigest() throws {
        let corpus = try Self.hostileCorpus()
        defer { try? FileManager.default.removeItem(at: corpus) }
        let path = corpus.appendingPathComponent("human.tsv").path
        let text = "# Lineage baseline built from human-written text: notes.txt\nthe\t0.05\ngardens\t0.001\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var options = Self.options()
        options.baseline = try Baseline.load(path: path)
        let analysis = try MainAnalysis.run(inputs: [corpus.path], options: options)
        let run = try #require(try analysis.files().first { $0.name == "run.json" })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.contents.utf8)) as? [String: Any])
        let parameters = try #require(object["parameters"] as? [String: Any])
        #expect(parameters["baseline"] as? String == path)
        #expect(parameters["baseline_sha256"] as? String == (try CorpusReader.sha256(of: path)))
        let settings = try #require(object["settings"] as? [String: Any])
        #expect(
            settings["baseline"] as? String == "\(path) (Lineage baseline built from human-written text: notes.txt)")
    }

    @Test func labelsThatCannotBeEvaluatedFailBeforeTheTreeAndAttributions() throws {
        let corpus = try Self.hostileCorpus()
        defer { try? FileManager.default.removeItem(at: corpus) }
        var options = Self.options()
        // Two teachers present, but no student or control of the labels is in the corpus.
        options.labels = LineageLabels(
            teachers: ["a1", "b1"], distilled: [.init(student: "elsewhere", teachers: ["a1"], confidence: nil)],
            humanData: [], families: [:])
        let stages = Mutex<[Int]>([])
        #expect {
            try MainAnalysis.run(inputs: [corpus.path], options: options) { progress in
                stages.withLock { $0.append(progress.stage) }
            }
        } throws: { error in
            "\(error)".contains("no distilled student")
        }
        #expect(stages.withLock { $0.max() ?? 0 } <= 2)
    }

    @Test func aNewRunRemovesTheProfilesItsPredecessorWroteAndNothingElse() throws {
        let corpus = try Self.hostileCorpus()
        let fewer = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-fewer-\(UUID())")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-out-\(UUID())")
        defer {
            for directory in [corpus, fewer, out] { try? FileManager.default.removeItem(at: directory) }
        }
        try FileManager.default.createDirectory(at: fewer, withIntermediateDirectories: true)
        for index in 0..<4 {
            try FileManager.default.copyItem(
                at: corpus.appendingPathComponent("m\(index).jsonl"),
                to: fewer.appendingPathComponent("m\(index).jsonl"))
        }
        let profiles = out.appendingPathComponent("profiles")
        func listed() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: profiles.path).sorted()
        }
        try MainAnalysis.run(inputs: [corpus.path], options: Self.options()).write(to: out.path)
        #expect(try listed().count == 6)
        // A file of the user's, in the report directory and its profiles: never Lineage's to remove.
        try "mine".write(to: profiles.appendingPathComponent("notes.json"), atomically: true, encoding: .utf8)
        try "mine".write(to: out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        let second = try MainAnalysis.run(inputs: [fewer.path], options: Self.options())
        try second.write(to: out.path)
        let expected = (second.profiles.map { Profile.fileName(for: $0.model) } + ["notes.json"]).sorted()
        #expect(try listed() == expected)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("notes.txt").path))
        let run = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json")))
                as? [String: Any])
        let files = try #require(run["files"] as? [String])
        #expect(files.filter { $0.hasPrefix("profiles/") }.count == 4)
        #expect(files.contains("index.html") && files.contains("run.json"))
        #expect(!files.contains("profiles/notes.json"))
    }
}
