import FakeOpenAI
import Foundation
import Testing

/// `lineage serve` up to the point where it would serve: a store it cannot open or a file it cannot import ends it
/// promptly with a message naming the server or file, and exit code 1.
@Suite(.serialized) struct ServeCommandTests {
    /// Runs `lineage` with `arguments`, stopping it after `seconds`; `finished` says whether it ended by itself.
    static func run(_ arguments: [String], in work: Workspace, within seconds: Double) throws -> (
        outcome: LineageProcess.Outcome, finished: Bool
    ) {
        let output = work.path("stdout-\(UUID())")
        let error = work.path("stderr-\(UUID())")
        try Data().write(to: URL(fileURLWithPath: output))
        try Data().write(to: URL(fileURLWithPath: error))
        let process = Process()
        process.executableURL = LineageProcess.executable
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle(forWritingAtPath: error)
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let finished = !process.isRunning
        if !finished { process.terminate() }
        process.waitUntilExit()
        return (
            LineageProcess.Outcome(
                status: process.terminationStatus,
                standardOutput: try String(contentsOfFile: output, encoding: .utf8),
                standardError: try String(contentsOfFile: error, encoding: .utf8)),
            finished
        )
    }

    @Test func anUnreachablePostgreSQLServerEndsServeAndTokenCreatePromptly() throws {
        let work = try Workspace()
        defer { work.remove() }
        let port = try LoopbackSocket.closedPort()
        let url = "postgres://u:p@127.0.0.1:\(port)/db"
        for arguments in [
            ["serve", "--db", url, "--log", work.path("log.sqlite"), "--port", "\(try LoopbackSocket.closedPort())"],
            ["serve", "token", "create", "x", "--db", url],
        ] {
            let (outcome, finished) = try Self.run(arguments, in: work, within: 30)
            #expect(finished, "\(arguments) still running after 30 s")
            #expect(outcome.status == 1, "\(arguments)")
            #expect(
                outcome.standardError.contains("cannot connect to PostgreSQL at 127.0.0.1:\(port): "),
                "\(outcome.standardError)")
        }
    }

    @Test func aRefusedImportNamesTheFileWithoutAnHTTPStatus() throws {
        let work = try Workspace()
        defer { work.remove() }
        let bad = work.path("in/bad.jsonl")
        try "{\"model\":\"x\",\"prompt_id\":\"1\",\"output\":\"fine\"}\n{\"model\":\"x\",\"output\":\n".write(
            toFile: bad, atomically: true, encoding: .utf8)
        let (outcome, finished) = try Self.run(
            [
                "serve", "--db", work.path("registry.sqlite"), "--log", work.path("log.sqlite"), "--import", bad,
                "--port", "\(try LoopbackSocket.closedPort())",
            ], in: work, within: 60)
        #expect(finished)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("error: \(bad):2: "), "\(outcome.standardError)")
        #expect(!outcome.standardError.contains("400"), "\(outcome.standardError)")
        #expect(!outcome.standardError.contains("upload"), "\(outcome.standardError)")
    }

    @Test func anImportThatInflatesPastTheLimitIsRefused() throws {
        let work = try Workspace()
        defer { work.remove() }
        // 2 MiB of records, a few KiB compressed: over a 1 MiB inflation limit.
        let record =
            "{\"model\":\"x\",\"prompt_id\":\"1\",\"output\":\"\(String(repeating: "word ", count: 400_000))\"}\n"
        try record.write(toFile: work.path("big.jsonl"), atomically: true, encoding: .utf8)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c '\(work.path("big.jsonl"))' > '\(work.path("big.jsonl.gz"))'"]
        try gzip.run()
        gzip.waitUntilExit()
        let (outcome, finished) = try Self.run(
            [
                "serve", "--db", work.path("registry.sqlite"), "--log", work.path("log.sqlite"), "--import",
                work.path("big.jsonl.gz"), "--max-inflated-mb", "1", "--port", "\(try LoopbackSocket.closedPort())",
            ], in: work, within: 60)
        #expect(finished)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("big.jsonl.gz"), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("more than"), "\(outcome.standardError)")
    }

    @Test func tokenCreateRefusesABadNamePlainlyAndMakesMissingDirectories() throws {
        let work = try Workspace()
        defer { work.remove() }
        let database = work.path("nodir/deeper/registry.sqlite")
        let (empty, _) = try Self.run(["serve", "token", "create", "", "--db", database], in: work, within: 60)
        #expect(empty.status == 1)
        #expect(empty.standardError.contains("invalid token name"), "\(empty.standardError)")
        #expect(!empty.standardError.contains("400"), "\(empty.standardError)")

        let (created, _) = try Self.run(["serve", "token", "create", "alice", "--db", database], in: work, within: 60)
        #expect(created.status == 0, "\(created.standardError)")
        #expect(created.standardOutput.hasPrefix("lin_"))
        #expect(FileManager.default.fileExists(atPath: database))
    }
}
