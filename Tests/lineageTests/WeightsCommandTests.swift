import Foundation
import Testing

@Suite struct WeightsCommandTests {
    /// A safetensors file with one F32 tensor [2, 2], and a copy with its header length pointing past the end.
    private func writeFiles(_ directory: URL) throws -> (good: String, bad: String) {
        let header = #"{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}"#
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        for value: Float in [1, 2, 3, 4] {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let good = directory.appendingPathComponent("good.safetensors")
        try data.write(to: good)
        var bad = data
        bad[0] = 0xFF
        let badURL = directory.appendingPathComponent("bad.safetensors")
        try bad.write(to: badURL)
        return (good.path, badURL.path)
    }

    @Test func inspectCompareAndFingerprint() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-weights-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (good, bad) = try writeFiles(directory)

        let inspect = try LineageProcess.run(["weights", "inspect", good, "--format", "json"])
        #expect(inspect.status == 0, "\(inspect.standardError)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(inspect.standardOutput.utf8)) as? [String: Any])
        #expect(json["parameters"] as? Int == 4)

        let compare = try LineageProcess.run(["weights", "compare", good, good, "--format", "json"])
        #expect(compare.status == 0, "\(compare.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(compare.standardOutput.utf8)) as? [String: Any])
        #expect((report["verdict"] as? [String: Any])?["kind"] as? String == "inconclusive")
        #expect((report["tensors"] as? [[String: Any]])?.first?["cosine"] as? Double == 1)

        let out = directory.appendingPathComponent("fp.json").path
        let fingerprint = try LineageProcess.run(["weights", "fingerprint", good, "--out", out])
        #expect(fingerprint.status == 0, "\(fingerprint.standardError)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("\"sha256\""))

        let failure = try LineageProcess.run(["weights", "inspect", bad])
        #expect(failure.status == 1)
        #expect(failure.standardError.contains("bad.safetensors"))
        #expect(failure.standardError.contains("header length"))
    }

    @Test func numericOptionsOutsideTheirRangeAreRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-weights-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (good, _) = try writeFiles(directory)
        let out = directory.appendingPathComponent("fp.json").path
        // 100,000,000 projections once asked for a 3.3 TB projection matrix and crashed; 0 became 1 silently.
        for projections in ["100000000", "4097", "0", "-1"] {
            let refused = try LineageProcess.run([
                "weights", "fingerprint", good, "--out", out, "--projections=\(projections)",
            ])
            #expect(refused.status != 0 && refused.status != 134, "--projections \(projections)")
            #expect(refused.standardError.contains("--projections must be 1…4096"), "\(refused.standardError)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        let longest = try LineageProcess.run(["weights", "fingerprint", good, "--out", out, "--projections", "4096"])
        #expect(longest.status == 0, "\(longest.standardError)")
        for option in [
            ["--derived-below", "nan"], ["--independent-from", "nan"], ["--units", "0"], ["--coordinates", "0"],
        ] {
            let refused = try LineageProcess.run(["weights", "compare", good, good] + option)
            #expect(refused.status != 0 && refused.standardError.contains(option[0]), "\(option)")
        }
    }
}
