import Foundation

/// Checkpoints written by numpy, safetensors and gguf-py (scripts/make_weights_fixtures.py), made once per test run
/// with the Python named by LINEAGE_WEIGHTS_PYTHON (`.ci/run` sets it to its venv).
enum Fixtures {
    static let python: String? = {
        guard let python = ProcessInfo.processInfo.environment["LINEAGE_WEIGHTS_PYTHON"],
            FileManager.default.isExecutableFile(atPath: python)
        else { return nil }
        return python
    }()

    static var available: Bool { python != nil }

    /// The directory holding the generated checkpoints (generated on first use).
    static let directory: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/make_weights_fixtures.py").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-weights-fixtures-\(getpid())")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/false")
        process.arguments = [script, out.path]
        do {
            try process.run()
            process.waitUntilExit()
        } catch {}
        precondition(process.terminationStatus == 0, "make_weights_fixtures.py failed")
        return out.path
    }()

    static func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    struct Expectation: Decodable {
        let file: String
        let tensor: String
        let expected: String
        let kind: String
    }

    static func manifest() throws -> [Expectation] {
        try JSONDecoder().decode(
            [Expectation].self, from: Data(contentsOf: URL(fileURLWithPath: path("expected/manifest.json"))))
    }

    static func expectedValues(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path("expected/\(name)")))
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }
}
