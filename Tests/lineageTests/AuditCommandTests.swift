import Corpus
import Foundation
import Testing

@Suite struct AuditCommandTests {
    static let records = [
        #"{"question_id":1,"question":"q1","options":["a","b"],"answer":"A","pred":"A","generated_text":"The answer is (A)."}"#,
        #"{"question_id":2,"question":"q2","options":["a","b"],"answer":"B","pred":"A","generated_text":"The answer is (A)."}"#,
    ]

    static func write(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func exitStatusSaysCleanFindingsOrError() throws {
        let log = try Self.write("m.json", "[" + Self.records.joined(separator: ",") + "]")
        let clean = try LineageProcess.run(["audit", "rescore", log, "--format", "json"])
        #expect(clean.status == 0)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(clean.standardOutput.utf8)) as? [String: Any])
        #expect((json["findings"] as? [Any])?.isEmpty == true)
        #expect((json["accuracy"] as? [String: Any])?["recomputed"] as? Double == 0.5)
        // A claim of 99.9 % on a log scoring 1 of 2 is inconsistent (p = 0.002; 99 % would give p = 0.02).
        #expect(try LineageProcess.run(["audit", "rescore", log, "--claimed", "99.9"]).status == 3)
        // A post-processed answer: the logged letter is not what the text says.
        let edited = try Self.write(
            "p.json",
            "[" + Self.records[0] + "," + Self.records[1].replacingOccurrences(of: #""pred":"A""#, with: #""pred":"B""#)
                + "]")
        let processed = try LineageProcess.run(["audit", "rescore", edited])
        #expect(processed.status == 3 && processed.standardOutput.contains("post_processing"))
        // Bad input: exit 1 with the record index.
        let bad = try Self.write("bad.json", "[" + Self.records[0] + #",{"question_id":3}]"#)
        let failed = try LineageProcess.run(["audit", "rescore", bad])
        #expect(failed.status == 1 && failed.standardError.contains("record 1"))
        // Manifest and verify: the same log is clean, a relabelled one is not.
        let manifest = log + ".manifest.json"
        #expect(try LineageProcess.run(["audit", "manifest", log, "--out", manifest]).status == 0)
        #expect(try LineageProcess.run(["audit", "verify", log, "--manifest", manifest]).status == 0)
        let relabelled = try Self.write(
            "r.json",
            "[" + Self.records[0] + ","
                + Self.records[1].replacingOccurrences(of: #""answer":"B""#, with: #""answer":"A""#) + "]")
        let verified = try LineageProcess.run([
            "audit", "verify", relabelled, "--manifest", manifest, "--format", "json",
        ])
        #expect(verified.status == 3 && verified.standardOutput.contains("label_tampering"))
    }

    @Test func nonFiniteOrOutOfRangeOptionsAreRefused() throws {
        let log = try Self.write("m.json", "[" + Self.records.joined(separator: ",") + "]")
        for option in [
            ["--alpha", "nan"], ["--alpha", "1"], ["--claimed", "nan"], ["--claimed", "inf"], ["--claimed", "-1"],
        ] {
            for command in [["audit", "rescore", log], ["audit", "verify", log, "--reference", log]] {
                let refused = try LineageProcess.run(command + option)
                #expect(refused.status == 64, "\(command) \(option): \(refused.standardOutput)")
                #expect(refused.standardError.contains(option[0]), "\(refused.standardError)")
            }
        }
        let consistency = try LineageProcess.run(["audit", "consistency", log, log, "--bootstrap", "1000000000000"])
        #expect(consistency.status == 64 && consistency.standardError.contains("--bootstrap must be 0…100000"))
    }

    @Test func unreadableInputsNameTheFileAndTheProblem() throws {
        let log = try Self.write("m.json", "[" + Self.records.joined(separator: ",") + "]")
        let directory = PathName.parent(of: log)
        let onDirectory = try LineageProcess.run(["audit", "rescore", directory])
        #expect(onDirectory.status == 1)
        #expect(onDirectory.standardError.contains("\(directory): unreadable file: is a directory, expected a file"))
        #expect(!onDirectory.standardError.contains("NSCocoaErrorDomain"))
        let missing = try LineageProcess.run(["audit", "rescore", directory + "/absent.json"])
        #expect(missing.status == 1 && missing.standardError.contains("absent.json: unreadable file: no such file"))
    }

    @Test func aLogIsNotItsOwnReferenceNorPairedWithItself() throws {
        let log = try Self.write("m.json", "[" + Self.records.joined(separator: ",") + "]")
        let alone = try LineageProcess.run(["audit", "verify", log, "--reference", log])
        #expect(alone.status == 1 && alone.standardError.contains("this log itself"), "\(alone.standardOutput)")
        // Another model's log of the same questions: other answers, the same golds.
        let other = try Self.write(
            "o.json",
            "[" + Self.records.map { $0.replacingOccurrences(of: "is (A)", with: "is (B)") }.joined(separator: ",")
                + "]")
        let verified = try LineageProcess.run(["audit", "verify", log, "--reference", log, other])
        #expect(verified.status == 0, "\(verified.standardError)")
        #expect(verified.standardOutput.contains("Reference \(log) is left out: it is the log checked itself."))
        #expect(verified.standardOutput.contains("Against the 1 reference log: 2 items expected"))
        let paired = try LineageProcess.run(["audit", "consistency", log, log, "--format", "json"])
        #expect(paired.status == 1 && paired.standardError.contains("the log is given twice"))
        #expect(paired.standardOutput.isEmpty)
    }
}
