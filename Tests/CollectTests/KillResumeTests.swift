import Collect
import Corpus
import FakeOpenAI
import Foundation
import Statistics
import Testing

/// `lineage collect` killed with SIGKILL at random moments and re-run until complete, against a fake server
/// that injects faults: nothing written is lost, nothing is written twice, the file stays readable.
///
/// `LINEAGE_KILL_TRIALS` sets the number of seeded trials (default 12).
@Suite(.serialized) struct KillResumeTests {
    static let trials = ProcessInfo.processInfo.environment["LINEAGE_KILL_TRIALS"].flatMap(Int.init) ?? 12

    @Test func killedAtRandomMomentsAndResumed() async throws {
        var totals = (kills: 0, runs: 0, killedWithAnswersOnDisk: 0, faultsInjected: 0)
        for trial in 1...Self.trials {
            let outcome = try await runTrial(seed: UInt64(trial))
            totals.kills += outcome.kills
            totals.runs += outcome.runs
            totals.killedWithAnswersOnDisk += outcome.killedWithAnswersOnDisk
            totals.faultsInjected += outcome.faults
        }
        print(
            "kill-and-resume: \(Self.trials) trials, \(totals.runs) runs, \(totals.kills) SIGKILLs "
                + "(\(totals.killedWithAnswersOnDisk) with answers already on disk), "
                + "\(totals.faultsInjected) injected faults")
        // The kills really interrupted runs part-way, in most trials.
        #expect(totals.kills >= Self.trials)
        #expect(totals.killedWithAnswersOnDisk >= Self.trials / 2)
    }

    struct TrialOutcome {
        var kills = 0
        var runs = 0
        var killedWithAnswersOnDisk = 0
        var faults = 0
    }

    func runTrial(seed: UInt64) async throws -> TrialOutcome {
        let plan = FaultPlan(
            seed: seed, tooManyRequests: 0.05, serverError: 0.05, drop: 0.03, malformed: 0.03,
            delayMilliseconds: 0...6, retryAfterMilliseconds: 5, words: 20)
        let server = try await FakeOpenAIServer.start(behaviour: plan.reply(to:))
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let prompts = numberedPrompts(30)
        let promptFile = try directory.write("prompts.jsonl", promptFileText(prompts))
        let out = directory.file("out.jsonl")
        let arguments = [
            "collect", "--endpoint", server.endpoint, "--model", "fake-model", "--prompts", promptFile, "--out", out,
            "--samples", "2", "--concurrency", "6", "--max-attempts", "4", "--backoff", "0.005", "--timeout", "5",
        ]
        var generator = SplitMix64(seed: seed)
        var outcome = TrialOutcome()
        var durablePrefixes: [[UInt8]] = []
        var finished = false
        while !finished {
            try #require(outcome.runs < 60, "trial \(seed) did not finish in 60 runs")
            outcome.runs += 1
            // Most runs are killed after a random time (sometimes very early, while starting or repairing).
            let killAfter: Double? =
                outcome.runs <= 40 && Double.random(in: 0..<1, using: &generator) < 0.85
                ? (Double.random(in: 0..<1, using: &generator) < 0.2
                    ? Double.random(in: 0...0.02, using: &generator)
                    : Double.random(in: 0.02...0.25, using: &generator))
                : nil
            let status = try await runOnce(arguments, killAfter: killAfter)
            let bytes = (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: out)))) ?? []
            // Every complete line of an earlier state must still be there, in the same place.
            for prefix in durablePrefixes {
                #expect(bytes.starts(with: prefix), "trial \(seed) run \(outcome.runs): earlier lines changed")
            }
            let completeLines = bytes.lastIndex(of: 0x0A).map { Array(bytes[...$0]) } ?? []
            durablePrefixes = [completeLines]
            switch status {
            case .killed:
                outcome.kills += 1
                if completeLines.count > 0, try answerCount(completeLines) > 0 { outcome.killedWithAnswersOnDisk += 1 }
            case .exited(0): finished = true
            case .exited(3): continue  // some answers failed all their tries: run again
            case .exited(let code):
                Issue.record("trial \(seed): lineage exited with \(code)")
                return outcome
            }
        }
        // Exactly one answer per prompt and sample, each the server's answer to that prompt.
        let records = try answers(out)
        #expect(records.count == 60)
        var keys = Set<String>()
        for record in records {
            let id = try #require(record["prompt_id"] as? String)
            let sample = try #require(record["sample"] as? Int)
            #expect(keys.insert("\(id)#\(sample)").inserted, "trial \(seed): \(id) sample \(sample) written twice")
            let prompt = try #require(prompts.prompts.first { $0.id == id })
            #expect((record["output"] as? String)?.contains("to: \(prompt.text)") == true)
        }
        #expect(keys.count == 60)
        #expect(try CorpusReader.read(file: out)[0].responses.count == 60)
        let stats = server.stats
        outcome.faults = stats.requests - stats.answersSent
        return outcome
    }

    enum Status {
        case killed
        case exited(Int32)
    }

    /// Runs `lineage` once; SIGKILLs it after `killAfter` seconds unless it finished first.
    func runOnce(_ arguments: [String], killAfter: Double?) async throws -> Status {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try lineageExecutable())
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let start = Date()
        let limit = killAfter ?? 30
        while process.isRunning && Date().timeIntervalSince(start) < limit {
            try await Task.sleep(for: .milliseconds(1))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if killAfter == nil { Issue.record("lineage did not finish within 30 s") }
            return .killed
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? .killed : .exited(process.terminationStatus)
    }

    func answerCount(_ bytes: [UInt8]) throws -> Int {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").filter { !$0.contains("lineage_metadata") }.count
    }
}
