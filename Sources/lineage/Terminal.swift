import Analysis
import ArgumentParser
import Attestation
import Attribution
import BenchAudit
import Collect
import Corpus
import Foundation
import Phylogeny
import Weights

/// Messages for people: progress on a terminal only, errors and notes on standard error.
enum Terminal {
    static let isInteractive = isatty(STDERR_FILENO) == 1

    /// Writes `message` as a line of its own: on a terminal, first clears a progress line left unfinished.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data(((isInteractive ? clearLine : "") + message + "\n").utf8))
    }

    /// Returns to the start of the line and erases it.
    static let clearLine = "\r\u{1B}[K"

    /// A progress callback that redraws one line on a terminal and says nothing when piped.
    static func progress(_ label: String) -> (@Sendable (Int, Int) -> Void)? {
        guard isInteractive else { return nil }
        return { done, total in
            let line = "\(clearLine)\(label) \(done)/\(total)" + (done == total ? "\n" : "")
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// A progress callback for `total` steps that reports the number finished, on a terminal only.
    static func counter(_ label: String, _ total: Int) -> (@Sendable (Int) -> Void)? {
        guard total > 0, let report = progress(label) else { return nil }
        return { done in report(done, total) }
    }

    /// A progress callback for the stages of `analyze` (`[3/5] tree 40/100`), on a terminal only.
    static func stageProgress() -> (@Sendable (MainAnalysisProgress) -> Void)? {
        guard isInteractive else { return nil }
        return { p in
            let line = "\(clearLine)[\(p.stage)/\(p.stages)] \(p.name) \(p.done)/\(p.total)"
            FileHandle.standardError.write(Data((line + (p.done == p.total ? "\n" : "")).utf8))
        }
    }

    /// Reports records skipped in lenient mode, per file.
    static func reportSkipped(_ skipped: [(file: String, errors: [CorpusError])]) {
        for (file, errors) in skipped {
            let first = errors.first.map { " (first: \($0))" } ?? ""
            note("lineage: \(file): skipped \(errors.count) bad record\(errors.count == 1 ? "" : "s")\(first)")
        }
    }

    /// Runs `body`, turning any of the modules' typed errors into a message and exit code 1.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            try exit(for: error)
        }
    }

    /// Runs `body` (asynchronous), turning any of the modules' typed errors into a message and exit code 1.
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            try exit(for: error)
        }
    }

    /// Reports a module's typed error and throws exit code 1; rethrows any other error unchanged.
    private static func exit(for error: any Error) throws -> Never {
        switch error {
        case is CorpusError, is PhylogenyError, is AttributionError, is WeightsError, is AttestationError,
            is BenchAuditError, is CollectError:
            note("lineage: error: \(error)")
            throw ExitCode(1)
        default:
            throw error
        }
    }
}
