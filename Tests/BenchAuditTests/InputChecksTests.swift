import Foundation
import Testing

@testable import BenchAudit

/// Inputs the audit must refuse or leave out, and the wording of counts and p-values in its sentences.
@Suite struct InputChecksTests {
    static let small = Paths.fixtures + "/mmlu-pro-small.json"

    /// The small fixture with question 3's gold moved to the model's own (wrong) answer C.
    static func relabelled() throws -> String {
        let text = try String(contentsOfFile: small, encoding: .utf8)
        return try Paths.temporary(
            "relabelled.json",
            text.replacingOccurrences(
                of: #""answer": "B", "answer_index": 1, "cot_content": "", "category": "geography""#,
                with: #""answer": "C", "answer_index": 2, "cot_content": "", "category": "geography""#))
    }

    @Test func aMissingFileOrADirectorySaysWhich() throws {
        let missing = #expect(throws: BenchAuditError.self) { try LogReader.read(path: "/nonexistent/log.json") }
        #expect(missing?.description == "/nonexistent/log.json: unreadable file: no such file or directory")
        let directory = #expect(throws: BenchAuditError.self) { try LogReader.read(path: Paths.fixtures) }
        #expect(directory?.description == "\(Paths.fixtures): unreadable file: is a directory, expected a file")
        let manifest = #expect(throws: BenchAuditError.self) { try BenchmarkManifest.load(path: Paths.fixtures) }
        #expect(manifest?.detail == "is a directory, expected a file")
    }

    @Test func aLogIsNotItsOwnReference() throws {
        let suspect = try LogReader.read(path: try Self.relabelled())
        let other = try LogReader.read(path: Self.small)
        let copy = try LogReader.read(
            path: try Paths.temporary("copy.json", try String(contentsOfFile: suspect.file, encoding: .utf8)))
        // With the suspect and its copy voting, their gold for question 3 outvotes the other log's; left out,
        // the other log's gold is the trusted one and the change shows.
        let report = try VerificationReport(log: suspect, manifest: nil, references: [suspect, other, copy])
        #expect(report.changedLabels.map(\.questionID) == ["3"])
        #expect(report.excludedReferences.map(\.file) == [suspect.file, copy.file])
        #expect(
            report.excludedReferences.map(\.reason) == [
                "the log checked itself", "the same records as the log checked",
            ])
        let alone = try VerificationReport(log: suspect, manifest: nil, references: [other])
        #expect(alone.changedLabels.map(\.questionID) == ["3"] && alone.excludedReferences.isEmpty)
        // A reference given twice counts once.
        let twice = try VerificationReport(log: suspect, manifest: nil, references: [other, other])
        #expect(twice.excludedReferences.map(\.reason) == ["a repeat of \(other.file)"])
        // Nothing left to compare with: refused, naming the file.
        let refused = #expect(throws: BenchAuditError.self) {
            try VerificationReport(log: suspect, manifest: nil, references: [suspect, copy])
        }
        #expect(refused?.kind == .invalidRequest && refused?.description.contains("this log itself") == true)
        // With a manifest, the manifest alone is still a trusted source.
        let manifest = BenchmarkManifest(benchmark: "small", records: other.records)
        let pinned = try VerificationReport(log: suspect, manifest: manifest, references: [suspect])
        #expect(pinned.changedLabels.map(\.questionID) == ["3"] && pinned.excludedReferences.count == 1)
        #expect(AuditJSON.verify(pinned).contains(#""excluded_references": ["#))
    }

    @Test func consistencyRefusesALogGivenTwiceOrTwoLogsOfOneModel() throws {
        let log = try LogReader.read(path: Self.small)
        let twice = #expect(throws: BenchAuditError.self) { try ConsistencyReport(logs: [log, log], replicates: 0) }
        #expect(twice?.kind == .invalidRequest && twice?.detail.contains("given twice") == true)
        let text = try String(contentsOfFile: Self.small, encoding: .utf8)
        let namesake = try LogReader.read(path: try Paths.temporary("mmlu-pro-small.json", text))
        let clash = #expect(throws: BenchAuditError.self) {
            try ConsistencyReport(logs: [log, namesake], replicates: 0)
        }
        #expect(clash?.description.contains(log.file) == true && clash?.description.contains(namesake.file) == true)
        #expect(clash?.detail.contains("model mmlu-pro-small again") == true)
    }

    @Test func countsAgreeWithTheirNouns() throws {
        #expect(AuditWording.counted(1, "reference log") == "1 reference log")
        #expect(AuditWording.counted(2, "reference log") == "2 reference logs")
        #expect(AuditWording.counted(0, "extra record") == "0 extra records")
        let good =
            #"{"question_id":1,"question":"q","options":["a","b"],"answer":"A","pred":"A","generated_text":"t"}"#
        let log = try LogReader.read(path: try Paths.temporary("dup.json", "[\(good),\(good)]"), allowDuplicates: true)
        let summary = try #require(RescoreReport(log: log).findings.first?.summary)
        #expect(summary == "1 question id occurs more than once (1 extra record); scored once each")
    }
}
