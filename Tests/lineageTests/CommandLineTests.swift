import Foundation
import Testing

/// Runs the built `lineage` executable as a user would.
struct LineageProcess {
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static var executable: URL {
        // Tests run from the build products directory's test bundle; `lineage` sits beside it.
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("lineage")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/lineage")
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }
}

/// A temporary directory with a few model-output files.
struct Workspace {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("in"), withIntermediateDirectories: true)
        for (model, phrase) in [
            ("alpha", "a rich tapestry woven"), ("beta", "we delve deeper"), ("gamma", "plain words"),
        ] {
            let lines = (0..<6).map { id in
                "{\"model\":\"\(model)\",\"prompt_id\":\"\(id)\",\"prompt\":\"p\(id)\",\"output\":\"Story \(id) has \(phrase). Gardens grow.\"}"
            }
            try (lines.joined(separator: "\n") + "\n").write(
                to: root.appendingPathComponent("in/\(model).jsonl"), atomically: true, encoding: .utf8)
        }
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite(.serialized) struct CommandLineTests {
    @Test func profileWritesOneFilePerModelAndIsDeterministic() throws {
        let work = try Workspace()
        defer { work.remove() }
        let first = try LineageProcess.run(["profile", work.path("in"), "--out", work.path("out1"), "--min-count", "2"])
        #expect(first.status == 0, "\(first.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: work.path("out1")).sorted()
        #expect(files == ["alpha.json", "beta.json", "gamma.json"])
        let second = try LineageProcess.run([
            "profile", work.path("in"), "--out", work.path("out2"), "--min-count", "2",
        ])
        #expect(second.status == 0)
        for file in files {
            let a = try Data(contentsOf: URL(fileURLWithPath: work.path("out1/\(file)")))
            let b = try Data(contentsOf: URL(fileURLWithPath: work.path("out2/\(file)")))
            #expect(a == b, "\(file) differs between runs")
        }
        let alpha =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work.path("out1/alpha.json"))))
            as? [String: Any]
        #expect(alpha?["format"] as? String == "lineage-profile")
        let trigrams = alpha?["trigrams"] as? [[String: Any]] ?? []
        #expect(trigrams.contains { $0["feature"] as? String == "rich tapestry woven" })
    }

    @Test func badInputNamesFileAndLineAndExitsNonZero() throws {
        let work = try Workspace()
        defer { work.remove() }
        let bad = work.path("in/broken.jsonl")
        try
            "{\"model\":\"x\",\"prompt_id\":\"1\",\"output\":\"ok\"}\n{\"model\":\"x\",\"prompt_id\":\"2\",\"output\":\n"
            .write(
                toFile: bad, atomically: true, encoding: .utf8)
        let outcome = try LineageProcess.run(["profile", work.path("in"), "--out", work.path("out")])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("broken.jsonl:2"), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("malformed JSON"))
        // Nothing written when the input is bad.
        #expect(!FileManager.default.fileExists(atPath: work.path("out")))
    }

    @Test func lenientSkipsAndReportsPerFile() throws {
        let work = try Workspace()
        defer { work.remove() }
        try
            "{\"model\":\"x\",\"prompt_id\":\"1\",\"output\":\"ok fine\"}\nnot json\n{\"model\":\"x\",\"prompt_id\":\"3\"}\n"
            .write(
                toFile: work.path("in/x.jsonl"), atomically: true, encoding: .utf8)
        let outcome = try LineageProcess.run(["profile", work.path("in"), "--out", work.path("out"), "--lenient"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("x.jsonl: skipped 2 bad records"), "\(outcome.standardError)")
        #expect(FileManager.default.fileExists(atPath: work.path("out/x.json")))
    }

    @Test func baselineBuildFeedsProfile() throws {
        let work = try Workspace()
        defer { work.remove() }
        let human = work.path("human.txt")
        try String(repeating: "The gardens grow slowly and the story goes on. ", count: 20).write(
            toFile: human, atomically: true, encoding: .utf8)
        let build = try LineageProcess.run(["baseline", "build", human, "--out", work.path("base.tsv")])
        #expect(build.status == 0, "\(build.standardError)")
        let tsv = try String(contentsOfFile: work.path("base.tsv"), encoding: .utf8)
        #expect(tsv.hasPrefix("# "))
        #expect(tsv.contains("gardens\t"))
        #expect(tsv.contains("gardens grow\t"))
        let profile = try LineageProcess.run([
            "profile", work.path("in"), "--out", work.path("out"), "--baseline", work.path("base.tsv"), "--min-count",
            "2",
        ])
        #expect(profile.status == 0, "\(profile.standardError)")
        let broken = try LineageProcess.run([
            "profile", work.path("in"), "--out", work.path("out2"), "--baseline", work.path("human.txt"),
        ])
        #expect(broken.status == 1)
        #expect(broken.standardError.contains("human.txt:1"), "\(broken.standardError)")
    }

    @Test func slopListWritesSlopForensicsFormats() throws {
        let work = try Workspace()
        defer { work.remove() }
        let outcome = try LineageProcess.run([
            "slop-list", work.path("in"), "--out", work.path("lists"), "--min-count", "2",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        for name in [
            "slop_list.json", "slop_list_by_freq.json", "slop_list_bigrams.json", "slop_list_trigrams.json",
            "slop_lists.json",
        ] {
            let data = try Data(contentsOf: URL(fileURLWithPath: work.path("lists/\(name)")))
            #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(name) is not JSON")
        }
    }

    @Test func importReadsSlopForensicsProfiles() throws {
        let work = try Workspace()
        defer { work.remove() }
        try
            "{\"vendor/model\": {\"avg_length\": 10, \"top_repetitive_words\": [{\"word\": \"elara\", \"score\": 5.0}], \"top_bigrams\": [], \"top_trigrams\": []}}"
            .write(toFile: work.path("sf.json"), atomically: true, encoding: .utf8)
        let outcome = try LineageProcess.run(["profile", "--import", work.path("sf.json"), "--out", work.path("out")])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(FileManager.default.fileExists(atPath: work.path("out/vendor__model.json")))
    }

    @Test func treeNamesTheProfilesWithoutPromptCounts() throws {
        let work = try Workspace()
        defer { work.remove() }
        try
            "{\"vendor/model\": {\"avg_length\": 10, \"top_repetitive_words\": [{\"word\": \"gardens\", \"score\": 5.0}], \"top_bigrams\": [], \"top_trigrams\": []}}"
            .write(toFile: work.path("sf.json"), atomically: true, encoding: .utf8)
        let imported = try LineageProcess.run(["profile", "--import", work.path("sf.json"), "--out", work.path("p")])
        #expect(imported.status == 0, "\(imported.standardError)")
        let computed = try LineageProcess.run(["profile", work.path("in"), "--min-count", "2", "--out", work.path("p")])
        #expect(computed.status == 0, "\(computed.standardError)")
        let tree = try LineageProcess.run([
            "tree", work.path("p"), "--method", "nj", "--bootstrap", "2", "--out", work.path("t"),
        ])
        #expect(tree.status == 0, "\(tree.standardError)")
        #expect(
            tree.standardError.contains("1 of 4 profiles (vendor/model) lack per-prompt counts"),
            "\(tree.standardError)")
    }

    @Test func analyzeOnProfilesWritesTheTreeReportWithoutAttribution() throws {
        let work = try Workspace()
        defer { work.remove() }
        let profiles = try LineageProcess.run(["profile", work.path("in"), "--min-count", "2", "--out", work.path("p")])
        #expect(profiles.status == 0, "\(profiles.standardError)")
        let outcome = try LineageProcess.run([
            "analyze", work.path("p"), "--method", "nj", "--bootstrap", "3", "--out", work.path("r"),
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("3 models, no attribution (profiles carry no answers)"))
        let html = try String(contentsOfFile: work.path("r/index.html"), encoding: .utf8)
        #expect(html.contains("No attribution: it compares the models' answers, and profiles carry none"))
        for name in ["alpha", "beta", "gamma"] { #expect(html.contains(name)) }
        let run = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work.path("r/run.json"))))
                as? [String: Any])
        let inputs = try #require(run["inputs"] as? [[String: Any]])
        #expect(inputs.count == 3 && inputs.allSatisfy { $0["format"] as? String == "lineage-profile" })
        // Thresholds, baseline and attribution settings were not used: null, not the defaults.
        let parameters = try #require(run["parameters"] as? [String: Any])
        for key in ["minimum_count", "baseline", "attribution_bootstrap", "style_weight"] {
            #expect(parameters[key] is NSNull, "\(key)")
        }
        // Labels colour the leaves; there is nothing to evaluate.
        try #"{"teachers": ["alpha"], "families": {"alpha": "vendor-a/x", "beta": "vendor-b/y"}}"#.write(
            toFile: work.path("labels.json"), atomically: true, encoding: .utf8)
        let labelled = try LineageProcess.run([
            "analyze", work.path("p"), "--method", "nj", "--bootstrap", "0", "--labels", work.path("labels.json"),
            "--out", work.path("l"),
        ])
        #expect(labelled.status == 0, "\(labelled.standardError)")
        let labelledHTML = try String(contentsOfFile: work.path("l/index.html"), encoding: .utf8)
        #expect(labelledHTML.contains("vendor-a"))
        #expect(!labelledHTML.contains("id=\"evaluation\""))
        let baseline = try LineageProcess.run([
            "analyze", work.path("p"), "--baseline", work.path("nosuch.tsv"), "--out", work.path("b"),
        ])
        #expect(baseline.status == 64, "\(baseline.standardError)")
        #expect(baseline.standardError.contains("their own baseline"), "\(baseline.standardError)")
        // Attribution and its evaluation need answers: asking for them is a usage error, before any work.
        let suspect = try LineageProcess.run([
            "analyze", work.path("p"), "--suspect", "alpha", "--out", work.path("s"),
        ])
        #expect(suspect.status == 64)
        #expect(suspect.standardError.contains("profiles carry none"), "\(suspect.standardError)")
        #expect(!FileManager.default.fileExists(atPath: work.path("s")))
        // Profiles and outputs together are refused, naming the first output file.
        let mixed = try LineageProcess.run(["analyze", work.path("p"), work.path("in"), "--out", work.path("m")])
        #expect(mixed.status == 1)
        #expect(mixed.standardError.contains("mixes model outputs with profile files"), "\(mixed.standardError)")
    }

    @Test func usageErrorsExitNonZero() throws {
        let outcome = try LineageProcess.run(["profile", "--out", "/tmp/never"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--import"))
        let missing = try LineageProcess.run(["profile", "/nonexistent/path", "--out", "/tmp/never"])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("/nonexistent/path"))
    }
}
