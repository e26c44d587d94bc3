import Foundation
import Testing

@testable import Attribution

/// Label files of the documented schema load with only `teachers` required, and the evaluation plan stays
/// sensible when families are missing or a student has teachers of two vendors.
@Suite("Lineage labels")
struct LineageLabelsTests {
    static func load(_ json: String) throws -> LineageLabels {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("labels-\(UUID().uuidString).json")
            .path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try LineageLabels.load(path: path)
    }

    @Test func onlyTeachersAreRequired() throws {
        let labels = try Self.load(
            #"{"teachers": ["t1", "t2", "t3"], "distilled": [{"student": "s", "teachers": ["t1"]}], "notes": 1}"#)
        #expect(labels.humanData.isEmpty && labels.families.isEmpty)
        #expect(labels.vendor(of: "t1") != labels.vendor(of: "t2"))
        #expect(labels.vendor(of: "t1") == labels.vendor(of: "t1"))
        #expect(labels.family(of: "t1") == "t1")
        // Without families the teacher alone is its vendor: the teacher-absent run keeps the other teachers.
        let jobs = Evaluation.plan(models: ["t1", "t2", "t3", "s", "r"], labels: labels)
        #expect(jobs.map(\.kind) == ["student", "teacher_absent"])
        #expect(jobs[1].candidates == ["t2", "t3"])
        #expect(jobs[1].reference == ["r"])
        #expect(throws: AttributionError.self) { try Self.load(#"{"distilled": []}"#) }
        let missing = #expect(throws: AttributionError.self) { try Self.load(#"{"families": {}}"#) }
        #expect(missing.map { "\($0)" }?.contains("\"teachers\"") == true)
    }

    @Test func everyAcceptableTeachersVendorIsAbsentInTheCheck() throws {
        let labels = try Self.load(
            #"""
            {"teachers": ["a1", "a2", "b1", "c1", "d1"],
             "distilled": [{"student": "s", "teachers": ["a1", "b1"]}],
             "families": {"a1": "vendor-a/x", "a2": "vendor-a/y", "b1": "vendor-b/x", "c1": "vendor-c/x",
                          "d1": "vendor-d/x", "rb": "vendor-b/other"}}
            """#)
        // "vendor-b" is also the name of an unlabelled model: it is not of vendor-b.
        let jobs = Evaluation.plan(models: ["a1", "a2", "b1", "c1", "d1", "s", "ra", "rb", "vendor-b"], labels: labels)
        let absent = try #require(jobs.first { $0.kind == "teacher_absent" })
        #expect(absent.candidates == ["c1", "d1"])
        #expect(absent.reference == ["ra", "vendor-b"])
        #expect(jobs.first { $0.kind == "student" }?.acceptable == ["a1", "b1"])

        // A listed teacher absent from the corpus still takes its vendor out of the teacher-absent run.
        let withoutA1 = Evaluation.plan(models: ["a2", "b1", "c1", "d1", "s", "ra", "rb"], labels: labels)
        #expect(withoutA1.first { $0.kind == "teacher_absent" }?.candidates == ["c1", "d1"])
        #expect(withoutA1.first { $0.kind == "student" }?.acceptable == ["b1"])
    }

    @Test func labelsWithNothingToEvaluateAreAnError() throws {
        // A misspelt key leaves no students and no controls: an error naming the models, not an empty report.
        let labels = try Self.load(#"{"teachers": ["teacher", "candidate0"], "distiled": []}"#)
        let error = #expect(throws: AttributionError.self) {
            try Evaluation.run(attributor: Attributor(try PlantedCorpus.data()), labels: labels)
        }
        #expect(error.map { "\($0)" }?.contains("no distilled student") == true)
        #expect(error.map { "\($0)" }?.contains("candidate1") == true)
    }
}
