import Foundation
import Testing

@testable import Phylogeny

/// Checks that Biopython reads the Newick and Nexus files written here with the same leaf names.
///
/// Runs only when `LINEAGE_BIOPYTHON` names a Python interpreter with Biopython installed, for example after
/// `scripts/check-biopython.sh` created one: `LINEAGE_BIOPYTHON=.build-venv/bin/python swift test`.
@Suite struct BiopythonInteropTests {
    static let python = ProcessInfo.processInfo.environment["LINEAGE_BIOPYTHON"].flatMap { $0.isEmpty ? nil : $0 }

    static let names = [
        "meta-llama/Llama-3-70b", "Qwen/Qwen2.5-72B-Instruct", "gpt-4o (2024-08-06)", "it's a model",
        "colon:semi;comma,",
        "[bracketed]", "under_score", "ünïcödé 模型",
    ]

    @Test(.enabled(if: python != nil, "set LINEAGE_BIOPYTHON to a python with Biopython"))
    func biopythonReadsOurNewickAndNexus() throws {
        var tree = Tree()
        let inner = tree.addChild(to: 0, length: 0.5, support: 0.875)
        for (k, name) in Self.names.enumerated() {
            tree.addChild(to: k < 3 ? inner : 0, name: name, length: Double(k + 1) / 10)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lineage-biopython-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let newick = directory.appendingPathComponent("tree.nwk")
        let nexus = directory.appendingPathComponent("trees.nex")
        let expected = directory.appendingPathComponent("expected.txt")
        try (Newick.string(tree) + "\n").write(to: newick, atomically: true, encoding: .utf8)
        let rooted = try tree.rooted(outgroup: ["under_score"])
        try Nexus.string(trees: [("unrooted", tree), ("rooted", rooted)]).write(
            to: nexus, atomically: true, encoding: .utf8)
        try (Self.names.joined(separator: "\n") + "\n").write(to: expected, atomically: true, encoding: .utf8)

        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/check_biopython.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.python))
        process.arguments = [script.path, newick.path, nexus.path, expected.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
