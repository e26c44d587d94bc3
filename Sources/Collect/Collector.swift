import Corpus
import Foundation
import Synchronization

/// Where a run stands, reported after every finished prompt.
public struct CollectProgress: Sendable, Hashable {
    /// Answers wanted in all (prompts × samples).
    public var total: Int
    /// Answers on disk, from earlier runs and this one.
    public var done: Int
    /// Answers that failed in this run after all their tries.
    public var failed: Int
    /// Answers collected by this run.
    public var collected: Int
    /// Seconds since this run started sending.
    public var elapsed: Double

    /// Answers collected per second by this run.
    public var rate: Double { elapsed > 0 ? Double(collected) / elapsed : 0 }

    /// Estimated seconds until every answer not yet tried in this run is in, at the current rate.
    public var remainingSeconds: Double? {
        let left = total - done - failed
        guard rate > 0 else { return nil }
        return Double(left) / rate
    }
}

/// How a run ended.
public struct CollectSummary: Sendable, Hashable {
    /// Answers wanted in all (prompts × samples).
    public var total: Int
    /// Answers already in the file when the run started.
    public var alreadyDone: Int
    /// Answers collected by this run.
    public var collected: Int
    /// Answers that failed in this run (recorded in the file; a later run tries them again).
    public var failed: Int
    /// Bytes of a torn last line that opening the file cut off.
    public var repairedBytes: Int

    /// True when every wanted answer is in the file.
    public var isComplete: Bool { alreadyDone + collected == total }
}

/// Gathers one model's answers to a prompt list into an output file: concurrent, rate-limited, retried with
/// back-off, every answer durable before it counts, resumable after any interruption.
public struct Collector: Sendable {
    /// The model and sampling settings.
    public var settings: ChatSettings
    /// Endpoint, credentials and limits.
    public var connection: ConnectionSettings
    /// The prompts.
    public var prompts: PromptList
    /// The output JSON Lines file.
    public var outputPath: String
    /// The name of the environment variable the API key came from (recorded; the key never is).
    public var apiKeyVariable: String?
    /// The tool's version, recorded in the run record.
    public var toolVersion: String

    /// Creates a collector.
    public init(
        settings: ChatSettings, connection: ConnectionSettings, prompts: PromptList, outputPath: String,
        apiKeyVariable: String? = nil, toolVersion: String
    ) {
        self.settings = settings
        self.connection = connection
        self.prompts = prompts
        self.outputPath = outputPath
        self.apiKeyVariable = apiKeyVariable
        self.toolVersion = toolVersion
    }

    /// One answer to gather.
    struct Job: Sendable {
        var prompt: Prompt
        var sample: Int
    }

    /// Runs until every answer not yet in the file has been collected or has failed all its tries.
    ///
    /// Throws at once on a 401, 403 or 404 (after recording why the run stopped) and when the output file
    /// cannot be written; answers already written stay. An unusable endpoint is an error before the output file is
    /// opened, so it leaves the file as it was.
    public func run(progress: (@Sendable (CollectProgress) -> Void)? = nil) async throws(CollectError)
        -> CollectSummary
    {
        _ = try ChatClient.checkedCompletionsURL(connection)
        let store = try CollectStore(path: outputPath)
        let existing = store.existing
        let jobs = prompts.prompts.flatMap { prompt in
            (0..<settings.samples).map { Job(prompt: prompt, sample: $0) }
        }.filter {
            !existing.answers.contains(AnswerKey(model: settings.model, promptID: $0.prompt.id, sample: $0.sample))
        }
        let total = prompts.prompts.count * settings.samples
        let alreadyDone = total - jobs.count
        var summary = CollectSummary(
            total: total, alreadyDone: alreadyDone, collected: 0, failed: 0, repairedBytes: existing.repairedBytes)
        if jobs.isEmpty { return summary }

        try await store.append(
            CollectRecord.run(
                settings: settings, connection: connection, prompts: prompts, apiKeyVariable: apiKeyVariable,
                toolVersion: toolVersion, startedAt: Date(), pending: jobs.count, alreadyDone: alreadyDone))
        let client = try ChatClient(connection: connection)
        let limiter = connection.requestsPerSecond.map { RateLimiter(requestsPerSecond: $0) }
        let start = ContinuousClock.now
        let counts = Tally()
        let lastResponse = LastResponse()
        var stop: CollectError?
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = jobs.makeIterator()
                func launch() {
                    guard let job = next.next() else { return }
                    group.addTask {
                        let collected = try await self.gather(
                            job, client: client, limiter: limiter, store: store, lastResponse: lastResponse)
                        let now = counts.count(collected: collected)
                        progress?(
                            CollectProgress(
                                total: total, done: alreadyDone + now.collected, failed: now.failed,
                                collected: now.collected, elapsed: (ContinuousClock.now - start).seconds))
                    }
                }
                for _ in 0..<max(1, connection.concurrency) { launch() }
                while try await group.next() != nil { launch() }
            }
        } catch let error as CollectError {
            stop = error
        } catch {
            stop = CollectError(.outputFile, at: SourceLocation(file: outputPath), "interrupted: \(error)")
        }
        await client.shutdown()
        let final = counts.current
        summary.collected = final.collected
        summary.failed = final.failed
        let remaining = total - alreadyDone - final.collected
        if let stop, stop.kind == .outputFile || stop.kind == .outputInUse {
            throw stop
        }
        try await store.append(
            CollectRecord.end(
                collected: final.collected, failed: final.failed, remaining: remaining,
                stoppedBy: stop.map { "\($0)" }, at: Date()))
        if let stop { throw stop }
        return summary
    }

    /// Tries one answer until it is collected (true), has failed for this run (false, recorded), or the run
    /// must stop (throws): on a 401, 403 or 404, and when every try got no response and the endpoint looks gone
    /// (``endpointIsGone(firstTry:lastResponse:now:outage:)``; a re-run resumes).
    private func gather(
        _ job: Job, client: ChatClient, limiter: RateLimiter?, store: CollectStore, lastResponse: LastResponse
    ) async throws -> Bool {
        var generator = SystemRandomNumberGenerator()
        let policy = connection.retry
        let firstTry = ContinuousClock.now
        var attempt = 0
        /// Waits the policy's delay before another try and returns true, or returns false when the tries are spent.
        func waitForAnotherTry(retryAfter: Double?) async throws -> Bool {
            guard attempt < policy.maxAttempts else { return false }
            let delay = policy.delay(afterAttempt: attempt, retryAfter: retryAfter, using: &generator)
            try await Task.sleep(for: .nanoseconds(Int64((delay * 1e9).rounded())))
            return true
        }
        while true {
            attempt += 1
            try await limiter?.acquire()
            let outcome = try await client.send(job.prompt, settings: settings)
            if case .noResponse = outcome {} else { lastResponse.record() }
            let reason: String
            switch outcome {
            case .answer(let answer):
                try await store.append(
                    CollectRecord.answer(answer, prompt: job.prompt, sample: job.sample, model: settings.model))
                return true
            case .fatal(let error):
                throw error
            case .failed(let why):
                reason = why
            case .retryable(let why, let retryAfter):
                if try await waitForAnotherTry(retryAfter: retryAfter) { continue }
                reason = why
            case .noResponse(let why):
                if try await waitForAnotherTry(retryAfter: nil) { continue }
                let now = ContinuousClock.now
                let last = lastResponse.last
                if Self.endpointIsGone(
                    firstTry: firstTry, lastResponse: last, now: now, outage: connection.outageBeforeStopping)
                {
                    let since =
                        last.map { String(format: "the last response came %.0f s ago", (now - $0).seconds) }
                        ?? "none came in this run"
                    throw CollectError(
                        .unreachable,
                        "\(client.shownURL): \(why), in every one of \(attempt) "
                            + "tr\(attempt == 1 ? "y" : "ies") over "
                            + "\(String(format: "%.1f", (now - firstTry).seconds)) s "
                            + "(\(since)), so the run stops; answers already collected stay, and the same command "
                            + "resumes")
                }
                reason = why
            }
            try await store.append(
                CollectRecord.failure(
                    prompt: job.prompt, sample: job.sample, model: settings.model, attempts: attempt, reason: reason,
                    at: Date()))
            return false
        }
    }

    /// Whether an answer whose every try since `firstTry` got no response stops the run: no request has had a
    /// response since `firstTry`, and either none ever had (the endpoint was never reached) or the last one is at
    /// least `outage` seconds old (a restart of the server does not stop a long run).
    public static func endpointIsGone(
        firstTry: ContinuousClock.Instant, lastResponse: ContinuousClock.Instant?, now: ContinuousClock.Instant,
        outage: Double
    ) -> Bool {
        guard let lastResponse else { return true }
        return lastResponse < firstTry && (now - lastResponse).seconds >= outage
    }
}

/// When a request last got a response from the endpoint, shared by the tasks.
private final class LastResponse: Sendable {
    private let instant = Mutex<ContinuousClock.Instant?>(nil)

    /// Notes that a response came now.
    func record() {
        let now = ContinuousClock.now
        instant.withLock { $0 = max($0 ?? now, now) }
    }

    /// When the last response came, if one did.
    var last: ContinuousClock.Instant? { instant.withLock { $0 } }
}

/// Answers collected and failed so far, shared by the concurrent tasks.
private final class Tally: Sendable {
    private let counts = Mutex((collected: 0, failed: 0))

    /// Counts one finished answer and returns the new totals.
    func count(collected: Bool) -> (collected: Int, failed: Int) {
        counts.withLock { counts in
            if collected { counts.collected += 1 } else { counts.failed += 1 }
            return counts
        }
    }

    /// The totals.
    var current: (collected: Int, failed: Int) { counts.withLock { $0 } }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}
