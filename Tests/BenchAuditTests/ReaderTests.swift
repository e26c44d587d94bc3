import Foundation
import Testing

@testable import BenchAudit

/// Paths of the fixtures and of the shared dev data (beside the package root).
enum Paths {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.path
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let devData = packageRoot.appendingPathComponent("../shared/data/mmlu-pro-dev").standardized.path
    static let devDataPresent = FileManager.default.fileExists(atPath: devData + "/Yi-6B.json.gz")

    static func devLog(_ model: String) -> String { devData + "/\(model).json.gz" }

    static func temporary(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("benchaudit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

@Suite struct ReaderTests {
    @Test func readsThePlainZipAndLMEvalForms() throws {
        let plain = try LogReader.read(path: Paths.fixtures + "/mmlu-pro-small.json")
        let zipped = try LogReader.read(path: Paths.fixtures + "/model_outputs_Tiny-Model_5shots.zip")
        let samples = try LogReader.read(
            path: Paths.fixtures + "/lm-eval/Tiny-Model/samples_mmlu_pro_2025-01-01T00-00-00.jsonl")
        #expect(plain.records.count == 4)
        #expect(zipped.model == "Tiny-Model" && samples.model == "Tiny-Model" && plain.model == "mmlu-pro-small")
        #expect(zipped.records == plain.records)
        #expect(samples.records == plain.records)
    }

    @Test func rescoresTheSmallLog() throws {
        let report = RescoreReport(log: try LogReader.read(path: Paths.fixtures + "/mmlu-pro-small.json"))
        // 1: right; 2: "Answer: B" (wrong), logged null → older harness; 3: wrong; 4: no answer, 1/2 credit.
        #expect(abs(report.accuracy.recomputed - 1.5 / 4) < 1e-12)
        #expect(report.agreementCounts[.olderHarness] == 1 && report.agreementCounts[.agrees] == 3)
        #expect(report.findings.isEmpty)
        #expect(report.categories.map(\.category) == ["geography", "math", "science"])
        let claimed = RescoreReport(
            log: try LogReader.read(path: Paths.fixtures + "/mmlu-pro-small.json"), claimed: 0.99)
        #expect(claimed.findings.map(\.kind) == [.claimInconsistent])
    }

    @Test func badInputNamesTheRecord() throws {
        let good =
            #"{"question_id":1,"question":"q","options":["a","b"],"answer":"A","pred":"A","generated_text":"t"}"#
        let cases: [(String, BenchAuditError.Kind, Int?)] = [
            ("this is not json", .malformedJSON, nil),
            ("[\(good),{\"question_id\":2,\"question\":\"q\",\"options\":[\"a\"],\"answer\":\"A\"}]", .missingField, 1),
            (
                "[\(good),\(good.replacingOccurrences(of: #""question_id":1"#, with: #""question_id":2"#).replacingOccurrences(of: #"["a","b"]"#, with: "[" + (0..<11).map { "\"o\($0)\"" }.joined(separator: ",") + "]"))]",
                .invalidField, 1
            ),
            ("[\(good),\(good.replacingOccurrences(of: #""answer":"A""#, with: #""answer":"K""#))]", .invalidField, 1),
            ("[\(good),\(good)]", .duplicateQuestionID, 1),
            ("[\(good),{\"question_id\":2,\"question\":5}]", .invalidField, 1),
        ]
        for (text, kind, record) in cases {
            let path = try Paths.temporary("bad.json", text)
            let error = #expect(throws: BenchAuditError.self) { try LogReader.read(path: path) }
            #expect(error?.kind == kind, "\(text.prefix(60))")
            #expect(error?.location.record == record, "\(error?.description ?? "")")
            #expect(error?.description.contains("bad.json") == true)
        }
        // Duplicates are kept (and reported as a finding) when allowed.
        let path = try Paths.temporary("dup.json", "[\(good),\(good)]")
        let log = try LogReader.read(path: path, allowDuplicates: true)
        #expect(RescoreReport(log: log).findings.map(\.kind) == [.duplicates])
    }

    @Test func brokenJSONNamesTheRecordOrLine() throws {
        let good =
            #"{"question_id":1,"question":"q","options":["a","b"],"answer":"A","pred":"A","generated_text":"t"}"#
        func numbered(_ id: Int) -> String {
            good.replacingOccurrences(of: #""question_id":1"#, with: "\"question_id\":\(id)")
        }
        // MMLU-Pro arrays: the record index of a syntax error, a non-object record, a bad field inside a list.
        let arrays: [(String, BenchAuditError.Kind, Int, String)] = [
            (
                "[\(good),\n\(numbered(2)),\n\(numbered(3).replacingOccurrences(of: ",\"question\"", with: ",,"))]",
                .malformedJSON, 2, "line 3"
            ),
            ("[\(good),\(numbered(2))", .malformedJSON, 2, "expected ',' or ']'"),
            ("[\(good)] []", .malformedJSON, 1, "after the array"),
            ("[\(good), 7]", .invalidField, 1, "not an object"),
            (
                "[\(good),\(numbered(2).replacingOccurrences(of: #"["a","b"]"#, with: #"["a",2]"#))]",
                .invalidField, 1, "options[1] is not a string"
            ),
            (
                "[\(good),\(numbered(2).replacingOccurrences(of: #""pred":"A""#, with: #""pred":"AB""#))]",
                .invalidField, 1, "pred \"AB\""
            ),
            (
                "[\(good),\(numbered(2).replacingOccurrences(of: #""question_id":2"#, with: #""question_id":2.5"#))]",
                .invalidField, 1, "question_id is not a string or an integer"
            ),
        ]
        for (text, kind, record, mentions) in arrays {
            let path = try Paths.temporary("broken.json", text)
            let error = #expect(throws: BenchAuditError.self) { try LogReader.read(path: path) }
            #expect(error?.kind == kind, "\(error?.description ?? "")")
            #expect(error?.location.record == record, "\(error?.description ?? "")")
            #expect(error?.description.contains(mentions) == true, "\(error?.description ?? "")")
        }
        // Invalid UTF-8 inside a string of record 1.
        var bytes = Array("[\(good),\(numbered(2))]".utf8)
        bytes[bytes.lastIndex(of: UInt8(ascii: "t"))!] = 0xFF
        let path = try Paths.temporary("utf8.json", "")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let utf8Error = #expect(throws: BenchAuditError.self) { try LogReader.read(path: path) }
        #expect(utf8Error?.kind == .malformedJSON && utf8Error?.location.record == 1)
        #expect(utf8Error?.description.contains("UTF-8") == true, "\(utf8Error?.description ?? "")")
        // JSON Lines (lm-eval samples and MMLU-Pro records): the 1-based line.
        let sample =
            #"{"doc_id": 0, "doc": {"question": "q", "options": ["a", "b"], "answer": "A"}, "resps": [["t"]], "#
            + #""filtered_resps": ["A"]}"#
        let lines: [(String, BenchAuditError.Kind, Int, String)] = [
            ("\(sample)\n\n{\"doc_id\": 1, \"doc\": }\n", .malformedJSON, 3, "column 22"),
            (
                "\(sample)\n\(sample.replacingOccurrences(of: #"[["t"]]"#, with: "[[5]]"))", .invalidField, 2,
                "resps[0][0] is not a string"
            ),
            (
                "\(sample)\n\(sample.replacingOccurrences(of: #""options": ["a", "b"]"#, with: #""options": 3"#))",
                .invalidField, 2, "doc.options is not an array"
            ),
            (
                "\(sample)\n\(sample.replacingOccurrences(of: #""resps": [["t"]], "#, with: ""))", .missingField, 2,
                "resps"
            ),
            (
                "\(good)\n\(numbered(2).replacingOccurrences(of: #""pred":"A""#, with: #""pred":"Z""#))", .invalidField,
                2,
                "pred \"Z\""
            ),
        ]
        for (text, kind, line, mentions) in lines {
            let path = try Paths.temporary("samples.jsonl", text)
            let error = #expect(throws: BenchAuditError.self) { try LogReader.read(path: path) }
            #expect(error?.kind == kind, "\(error?.description ?? "")")
            #expect(error?.location.line == line && error?.location.record == nil, "\(error?.description ?? "")")
            #expect(error?.description.contains(mentions) == true, "\(error?.description ?? "")")
        }
    }

    @Test func manifestRoundTripsAndPinsGolds() throws {
        let log = try LogReader.read(path: Paths.fixtures + "/mmlu-pro-small.json")
        let manifest = BenchmarkManifest(benchmark: "small", records: log.records)
        let path = try Paths.temporary("manifest.json", manifest.json())
        let loaded = try BenchmarkManifest.load(path: path)
        #expect(loaded.root == manifest.root && loaded.items == manifest.items)
        // A changed gold changes the root; an edited manifest no longer matches its root.
        var changed = log.records
        changed[2].gold = "C"
        #expect(BenchmarkManifest(benchmark: "small", records: changed).root != manifest.root)
        let edited = try Paths.temporary(
            "edited.json",
            manifest.json().replacingOccurrences(of: manifest.items[0].leaf, with: manifest.items[1].leaf))
        #expect(throws: BenchAuditError.self) { try BenchmarkManifest.load(path: edited) }
        // Verify finds the changed label and names the pinned letter.
        let tampered = EvalLog(model: "m", file: "f", records: changed)
        let report = try VerificationReport(log: tampered, manifest: manifest, references: [])
        #expect(report.findings.map(\.kind) == [.labelTampering])
        #expect(report.changedLabels.first?.trusted == "B" && report.changedLabels.first?.logged == "C")
    }
}
