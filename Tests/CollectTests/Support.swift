import Collect
import Foundation
import Testing

/// A fresh directory under the system temporary directory, removed by ``remove()``.
struct TempDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("CollectTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    /// The absolute path of `name` inside the directory.
    func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// Writes `text` to `name` and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
        return file(name)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// `count` prompts `p001`, `p002`, ... with distinct texts.
func numberedPrompts(_ count: Int) -> PromptList {
    let prompts = (1...count).map {
        Prompt(id: String(format: "p%03d", $0), text: "Prompt number \($0), say something.")
    }
    return PromptList(prompts: prompts, name: "numbered", isBuiltIn: false, sha256: String(repeating: "0", count: 64))
}

/// The same prompts as a JSON Lines prompt file.
func promptFileText(_ list: PromptList) -> String {
    list.prompts.map { "{\"prompt_id\": \"\($0.id)\", \"prompt\": \"\($0.text)\"}\n" }.joined()
}

/// Fast retry settings for tests: short back-off, short timeout.
func testConnection(_ endpoint: String, concurrency: Int = 4, attempts: Int = 4, timeout: Double = 5)
    -> ConnectionSettings
{
    ConnectionSettings(
        endpoint: endpoint, concurrency: concurrency, timeout: timeout,
        retry: RetryPolicy(maxAttempts: attempts, baseDelay: 0.01, maxDelay: 0.05))
}

/// The output file's lines parsed as JSON objects.
func jsonLines(_ path: String) throws -> [[String: Any]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try text.split(separator: "\n").map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}

/// The answer records of an output file (those without `lineage_metadata`).
func answers(_ path: String) throws -> [[String: Any]] {
    try jsonLines(path).filter { $0["lineage_metadata"] == nil }
}

/// The `lineage_metadata` objects of an output file with the given `record` kind.
func metadata(_ path: String, _ kind: String) throws -> [[String: Any]] {
    try jsonLines(path).compactMap { $0["lineage_metadata"] as? [String: Any] }.filter {
        $0["record"] as? String == kind
    }
}

/// The built `lineage` executable, beside the test bundle.
func lineageExecutable() throws -> String {
    var candidates: [String] = []
    if let first = CommandLine.arguments.first {
        var directory = URL(fileURLWithPath: first).deletingLastPathComponent()
        // Inside an .xctest bundle on some platforms: climb out of it.
        while directory.path.contains(".xctest") { directory.deleteLastPathComponent() }
        candidates.append(directory.appendingPathComponent("lineage").path)
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    candidates.append(root.appendingPathComponent(".build/debug/lineage").path)
    return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) })
}

/// A finished run of the `lineage` executable.
struct ProcessResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs `lineage` with `arguments` and `environment` added to the current one; kills it after `timeout` seconds.
func runLineage(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 60) async throws
    -> ProcessResult
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try lineageExecutable())
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let directory = try TempDirectory()
    defer { directory.remove() }
    let outPath = directory.file("stdout")
    let errPath = directory.file("stderr")
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(2)) }
    if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        Issue.record("lineage \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
    }
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        standardOutput: try String(contentsOfFile: outPath, encoding: .utf8),
        standardError: try String(contentsOfFile: errPath, encoding: .utf8))
}
