import Foundation
import Testing

@Suite struct AttributeCommandTests {
    @Test func attributeAndEvaluateRunOnFiles() throws {
        let workspace = try FamilyWorkspace()
        defer { workspace.remove() }
        let json = try LineageProcess.run([
            "attribute", workspace.path("in"), "--suspect", "a1", "--bootstrap", "20", "--format", "json",
        ])
        #expect(json.status == 0, "\(json.standardError)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let candidates = try #require(object["candidates"] as? [[String: Any]])
        #expect(candidates.count == 5)
        // a2 and a3 share a1's family phrase; the b models do not.
        #expect(["a2", "a3"].contains(candidates[0]["model"] as? String ?? ""))
        // With --candidates and no --reference, the other models in the input are the reference; '' means none.
        func nullModels(_ extra: [String]) throws -> [String] {
            let run = try LineageProcess.run(
                [
                    "attribute", workspace.path("in"), "--suspect", "a1", "--candidates", "a2,b1", "--bootstrap", "5",
                    "--format", "json",
                ] + extra)
            #expect(run.status == 0, "\(run.standardError)")
            let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
            return object?["null_models"] as? [String] ?? []
        }
        #expect(try nullModels([]) == ["a2", "a3", "b1", "b2", "b3"])
        #expect(try nullModels(["--reference", "b2"]) == ["a2", "b1", "b2"])
        #expect(try nullModels(["--reference", ""]) == ["a2", "b1"])
        let text = try LineageProcess.run(["attribute", workspace.path("in"), "--suspect", "a1", "--bootstrap", "10"])
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("Verdict:"))

        let labels = """
            {"teachers": ["a2", "b1", "b2"], "distilled": [{"student": "a1", "teachers": ["a2"]}],
             "human_data": [{"model": "b3"}], "families": {"a2": "va/x", "b1": "vb/x", "b2": "vc/x"}, "notes": "extra"}
            """
        try labels.write(toFile: workspace.path("labels.json"), atomically: true, encoding: .utf8)
        let evaluation = try LineageProcess.run([
            "evaluate", workspace.path("in"), "--labels", workspace.path("labels.json"), "--bootstrap", "10",
            "--format", "json",
        ])
        #expect(evaluation.status == 0, "\(evaluation.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(evaluation.standardOutput.utf8)) as? [String: Any])
        for key in [
            "top1", "top3", "top1_family_mean", "students", "controls", "false_teacher_rate",
            "teacher_absent_false_rate", "calibration", "cases",
        ] {
            #expect(report[key] != nil, "\(key)")
        }
    }

    @Test func unknownSuspectOrCandidateListsTheModels() throws {
        let workspace = try FamilyWorkspace()
        defer { workspace.remove() }
        let suspect = try LineageProcess.run(["attribute", workspace.path("in"), "--suspect", "zeta"])
        #expect(suspect.status == 1)
        #expect(suspect.standardError.contains("unknown model \"zeta\""))
        #expect(suspect.standardError.contains("a1, a2, a3, b1, b2, b3"))
        let candidate = try LineageProcess.run([
            "attribute", workspace.path("in"), "--suspect", "a1", "--candidates", "a2,ghost",
        ])
        #expect(candidate.status == 1)
        #expect(candidate.standardError.contains("ghost"))
        try "{not json".write(toFile: workspace.path("bad.json"), atomically: true, encoding: .utf8)
        let labels = try LineageProcess.run([
            "evaluate", workspace.path("in"), "--labels", workspace.path("bad.json"),
        ])
        #expect(labels.status == 1)
        #expect(labels.standardError.contains("bad.json"))
    }

    @Test func conflictingNameListsAndOptionsOutOfRangeAreRefusedBeforeReading() throws {
        // The input does not exist: a refusal that names the lists, not the missing input, came before reading.
        for (arguments, fragment) in [
            (["--candidates", "a2,b1", "--reference", "b1"], "b1 is both a candidate and a reference model"),
            (["--candidates", "a1,b1"], "cannot be its own candidate"),
            (["--reference", "a1"], "cannot be a reference model"),
            (["--style-weight", "nan"], "--style-weight must be between 0 and 1"),
            (["--style-weight", "1.5"], "--style-weight must be between 0 and 1"),
        ] {
            let result = try LineageProcess.run(["attribute", "/nonexistent/input", "--suspect", "a1"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains(fragment), "\(arguments): \(result.standardError)")
        }
    }
}
