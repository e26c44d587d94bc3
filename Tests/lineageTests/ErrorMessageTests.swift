import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `lineage` with standard error on a pseudo-terminal, as a person at a terminal sees it.
enum TerminalProcess {
    /// Opens a pseudo-terminal: the primary side (to read) and the secondary side (for the process).
    ///
    /// The POSIX pseudo-terminal functions are not in the Glibc module's view, so they are looked up by name.
    static func openPseudoTerminal() throws -> (primary: Int32, secondary: Int32) {
        typealias Open = @convention(c) (Int32) -> Int32
        typealias Prepare = @convention(c) (Int32) -> Int32
        typealias Name = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        let library = dlopen(nil, RTLD_NOW)
        guard let open = dlsym(library, "posix_openpt"), let grant = dlsym(library, "grantpt"),
            let unlock = dlsym(library, "unlockpt"), let name = dlsym(library, "ptsname")
        else { throw CocoaError(.featureUnsupported) }
        let primary = unsafeBitCast(open, to: Open.self)(O_RDWR | O_NOCTTY)
        guard primary >= 0, unsafeBitCast(grant, to: Prepare.self)(primary) == 0,
            unsafeBitCast(unlock, to: Prepare.self)(primary) == 0,
            let path = unsafeBitCast(name, to: Name.self)(primary)
        else { throw CocoaError(.fileReadUnknown) }
        let secondary = Glibc.open(String(cString: path), O_RDWR | O_NOCTTY)
        guard secondary >= 0 else { throw CocoaError(.fileReadUnknown) }
        return (primary, secondary)
    }

    /// The bytes the process wrote to standard error, and its exit status.
    static func run(_ arguments: [String]) throws -> (status: Int32, standardError: String) {
        let (primary, secondary) = try openPseudoTerminal()
        let process = Process()
        process.executableURL = LineageProcess.executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(fileDescriptor: secondary, closeOnDealloc: false)
        try process.run()
        close(secondary)
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(primary, &buffer, buffer.count)
            if count <= 0 { break }  // EIO once the process has exited and closed its side
            output += buffer[0..<count]
        }
        process.waitUntilExit()
        close(primary)
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

/// Error messages name the file (and line) and the problem in plain words, and come before any work is wasted.
@Suite(.serialized) struct ErrorMessageTests {
    @Test func aMissingBaselineSaysNoSuchFile() throws {
        let work = try Workspace()
        defer { work.remove() }
        let outcome = try LineageProcess.run([
            "profile", work.path("in"), "--baseline", work.path("nosuch.tsv"), "--out", work.path("out"),
        ])
        #expect(outcome.status == 1)
        #expect(
            outcome.standardError
                == "lineage: error: \(work.path("nosuch.tsv")): unreadable file: no such file or directory\n")
    }

    @Test func missingCertificatesKeysProofsAndLabelsSayNoSuchFile() throws {
        let work = try Workspace()
        defer { work.remove() }
        let missing = work.path("nosuch.json")
        for arguments in [
            ["attest", "verify", missing, "--pubkey", missing],
            ["log", "verify-proof", missing],
            ["evaluate", work.path("in"), "--labels", missing],
        ] {
            let outcome = try LineageProcess.run(arguments)
            #expect(outcome.status == 1, "\(arguments)")
            #expect(
                outcome.standardError.contains("\(missing): unreadable file: no such file or directory"),
                "\(outcome.standardError)")
        }
    }

    @Test func aBadOutFailsBeforeTheWorkAndWritesNothing() throws {
        let work = try Workspace()
        defer { work.remove() }
        let file = work.path("file")
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let commands: [[String]] = [
            ["tree", work.path("in"), "--bootstrap", "0"], ["profile", work.path("in")],
            ["slop-list", work.path("in")], ["analyze", work.path("in"), "--quiet"],
        ]
        for command in commands {
            let onFile = try LineageProcess.run(command + ["--out", file])
            #expect(onFile.status == 1)
            #expect(
                onFile.standardError == "lineage: error: \(file): write failed: exists and is not a directory\n",
                "\(command[0])")
            let below = try LineageProcess.run(command + ["--out", file + "/sub"])
            #expect(below.status == 1)
            #expect(below.standardError.contains("cannot create the directory: \(file) is not a directory"))
        }
        let baseline = try LineageProcess.run(["baseline", "build", work.path("in"), "--out", work.path("in")])
        #expect(baseline.status == 1)
        #expect(baseline.standardError == "lineage: error: \(work.path("in")): write failed: is a directory\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.root.path).sorted() == ["file", "in"])
    }

    @Test func oneCharacterRelativeOutputPathsWork() throws {
        // Foundation's deletingLastPathComponent traps on one-character paths; --out "o" once crashed every command.
        let work = try Workspace()
        defer { work.remove() }
        let profile = try LineageProcess.run(["profile", "in", "--out", "o"], in: work.root)
        #expect(profile.status == 0, "\(profile.standardError)")
        #expect(FileManager.default.fileExists(atPath: work.path("o/alpha.json")))
        let nested = try LineageProcess.run(["profile", "in", "--out", "r/results"], in: work.root)
        #expect(nested.status == 0, "\(nested.standardError)")
        #expect(FileManager.default.fileExists(atPath: work.path("r/results/beta.json")))
        let baseline = try LineageProcess.run(["baseline", "build", "in/alpha.jsonl", "--out", "b"], in: work.root)
        #expect(baseline.status == 0, "\(baseline.standardError)")
        #expect(FileManager.default.fileExists(atPath: work.path("b")))
    }

    @Test func aDistanceMatrixForParsimonySaysWhichMethodsReadIt() throws {
        let workspace = try FamilyWorkspace()
        defer { workspace.remove() }
        let built = try LineageProcess.run([
            "tree", workspace.path("in"), "--method", "nj", "--bootstrap", "0", "--out", workspace.path("t"),
        ])
        #expect(built.status == 0, "\(built.standardError)")
        let distances = workspace.path("t/distances.phy")
        let parsimony = try LineageProcess.run(["tree", "--matrix", distances, "--out", workspace.path("p")])
        #expect(parsimony.status == 1)
        #expect(parsimony.standardError.contains("\(distances): invalid matrix: this is a distance matrix"))
        #expect(parsimony.standardError.contains("use --method nj or --method upgma"))
        let outputs = try LineageProcess.run([
            "tree", "--matrix", workspace.path("in/a1.jsonl"), "--out", workspace.path("p"),
        ])
        #expect(outputs.status == 1)
        #expect(outputs.standardError.count < 200, "\(outputs.standardError)")
    }

    @Test func badProfilesNameTheLineOrTheKey() throws {
        let work = try Workspace()
        defer { work.remove() }
        let written = try LineageProcess.run([
            "profile", work.path("in"), "--out", work.path("profiles"), "--min-count", "1", "--min-prompts", "1",
        ])
        #expect(written.status == 0, "\(written.standardError)")
        let text = try String(contentsOfFile: work.path("profiles/alpha.json"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for directory in ["cut", "keyless"] {
            try FileManager.default.createDirectory(atPath: work.path(directory), withIntermediateDirectories: true)
        }
        try lines.prefix(8).joined(separator: "\n").write(
            toFile: work.path("cut/alpha.json"), atomically: true, encoding: .utf8)
        let truncated = try LineageProcess.run(["tree", work.path("cut"), "--out", work.path("t")])
        #expect(truncated.status == 1)
        #expect(truncated.standardError.hasPrefix("lineage: error: \(work.path("cut/alpha.json")):8: malformed JSON"))

        let keyless = text.replacingOccurrences(of: "\"slop_score\"", with: "\"slop\"")
        try keyless.write(toFile: work.path("keyless/alpha.json"), atomically: true, encoding: .utf8)
        let missing = try LineageProcess.run(["tree", work.path("keyless"), "--out", work.path("t")])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("missing field: 'metrics.slop_score' (not a Lineage profile)"))

        let imported = try LineageProcess.run([
            "profile", "--import", work.path("profiles/alpha.json"), "--out", work.path("i"),
        ])
        #expect(imported.status == 1)
        #expect(imported.standardError.contains("this is a Lineage profile"))
        try "[1, 2]".write(toFile: work.path("list.json"), atomically: true, encoding: .utf8)
        let list = try LineageProcess.run(["profile", "--import", work.path("list.json"), "--out", work.path("i")])
        #expect(list.standardError.contains("the top level should be an object"), "\(list.standardError)")
        for outcome in [truncated, missing, imported, list] {
            #expect(!outcome.standardError.contains("Debug description"))
            #expect(!outcome.standardError.contains("Error Domain"))
        }

        let baseline = try LineageProcess.run([
            "baseline", "build", work.path("profiles/alpha.json"), "--out", work.path("b.tsv"),
        ])
        #expect(baseline.status == 1)
        #expect(baseline.standardError.contains("an object with no \"text\" or \"output\" field"))
        #expect(baseline.standardError.contains("expected JSON Lines records"))
    }

    @Test func anErrorClearsTheProgressLineOnATerminal() throws {
        let work = try Workspace()
        defer { work.remove() }
        try "{\"model\":\"zeta\",\"prompt_id\":\"1\",\"output\":".write(
            toFile: work.path("in/zeta.jsonl"), atomically: true, encoding: .utf8)
        let outcome = try TerminalProcess.run(["profile", work.path("in"), "--out", work.path("out")])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("\r\u{1B}[Klineage: error: \(work.path("in/zeta.jsonl")):1"))
        #expect(!outcome.standardError.contains("/4lineage"), "\(outcome.standardError.debugDescription)")
    }
}
