import ArgumentParser
import Collect
import Foundation
import Synchronization

struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Gather a model's answers from an OpenAI-compatible endpoint into a Corpus JSON Lines file.",
        discussion: """
            Sends every prompt (times --samples) to POST {endpoint}/chat/completions and appends each answer to \
            --out as soon as it arrives, synced to disk before it counts. Re-running the same command resumes: \
            answers already in the file are not asked for again, prompts that failed are tried again, and a torn \
            last line left by a killed run is repaired. Retries 429, 5xx, timeouts and dropped connections with \
            exponential back-off and jitter (honouring Retry-After); stops at once on 401, 403 and 404, and when \
            one answer's tries all got no response and the endpoint has answered nothing in this run, or nothing \
            for --stop-after-outage seconds. \
            Exit status: 0 when every answer is in the file, 3 when some failed (re-run to retry), 1 on an error.
            """
    )

    @Option(help: "API base URL, e.g. https://api.openai.com/v1 or http://localhost:8000/v1.")
    var endpoint: String

    @Option(help: "Model name sent to the endpoint and written as `model` in each record.")
    var model: String

    @Option(
        help: """
            Prompts: JSON Lines or a JSON array of {"prompt_id", "prompt"} records (any Corpus file, such as a \
            published model's outputs, gzip-compressed or not), a plain text file (one prompt a line), or a \
            shipped set's name (`lineage prompts list`).
            """)
    var prompts: String

    @Option(help: "Output JSON Lines file (appended to; resumed when it exists).")
    var out: String

    @Option(help: "Requests in flight at most.")
    var concurrency = 4

    @Option(help: "Requests started per second at most, retries included (default: no limit).")
    var rps: Double?

    @Option(help: "max_tokens for each answer (default: the endpoint's).")
    var maxTokens: Int?

    @Option(help: "Sampling temperature (default: the endpoint's).")
    var temperature: Double?

    @Option(help: "Answers per prompt (sample 0, 1, ... in the records).")
    var samples = 1

    @Option(help: "Environment variable holding the API key (sent as a bearer token; never printed or written).")
    var apiKeyEnv: String?

    @Option(help: "System message sent before every prompt.")
    var system: String?

    @Option(help: "Tries per answer before it is recorded as failed for this run.")
    var maxAttempts = 5

    @Option(help: "Seconds one request may take before it is abandoned and retried.")
    var timeout: Double = 300

    @Option(help: "Longest wait in seconds before the first retry; it doubles per retry (up to 30 s), with jitter.")
    var backoff = 0.5

    @Option(help: "Seconds with no response from the endpoint after which the run stops (re-run to resume).")
    var stopAfterOutage = 60.0

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let rps, !(rps > 0) { throw ValidationError("--rps must be positive") }
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1") }
        if let temperature, !(temperature >= 0) { throw ValidationError("--temperature must be 0 or more") }
        if samples < 1 { throw ValidationError("--samples must be at least 1") }
        if maxAttempts < 1 { throw ValidationError("--max-attempts must be at least 1") }
        if !(timeout > 0) { throw ValidationError("--timeout must be positive") }
        if !(backoff >= 0) { throw ValidationError("--backoff must be 0 or more") }
        if !(stopAfterOutage >= 0) { throw ValidationError("--stop-after-outage must be 0 or more") }
    }

    func run() async throws {
        var summary: CollectSummary?
        try await Terminal.run {
            let apiKey = try readAPIKey()
            let list = try PromptList.resolve(prompts)
            let collector = Collector(
                settings: ChatSettings(
                    model: model, samples: samples, maxTokens: maxTokens, temperature: temperature, system: system),
                connection: ConnectionSettings(
                    endpoint: endpoint, apiKey: apiKey, concurrency: concurrency, requestsPerSecond: rps,
                    timeout: timeout, retry: RetryPolicy(maxAttempts: maxAttempts, baseDelay: backoff),
                    outageBeforeStopping: stopAfterOutage),
                prompts: list, outputPath: out, apiKeyVariable: apiKeyEnv, toolVersion: Lineage.version)
            let result = try await collector.run(progress: CollectProgressLine.make())
            if result.repairedBytes > 0 {
                Terminal.note(
                    "lineage: \(out): cut off a torn last line (\(result.repairedBytes) bytes) left by a killed run")
            }
            summary = result
        }
        guard let summary else { return }
        let done = summary.alreadyDone + summary.collected
        var line = "lineage: \(out): \(done)/\(summary.total) answers"
        line += " (\(summary.collected) collected now, \(summary.alreadyDone) already there)"
        if summary.failed > 0 {
            line += "; \(summary.failed) failed (recorded in the file; run the same command again to retry them)"
        }
        Terminal.note(line)
        if !summary.isComplete { throw ExitCode(3) }
    }

    /// The key from `--api-key-env`, or nil when no variable is named.
    private func readAPIKey() throws(CollectError) -> String? {
        guard let apiKeyEnv else { return nil }
        guard let key = ProcessInfo.processInfo.environment[apiKeyEnv], !key.isEmpty else {
            throw CollectError(.missingAPIKey, "the environment variable \(apiKeyEnv) is not set or empty")
        }
        return key
    }
}

/// The progress line of `collect` on a terminal: done/total, failures, rate and time left; nothing when piped.
enum CollectProgressLine {
    static func make() -> (@Sendable (CollectProgress) -> Void)? {
        guard Terminal.isInteractive else { return nil }
        let lastDrawn = Mutex(ContinuousClock.now - .seconds(1))
        return { progress in
            let finished = progress.done + progress.failed == progress.total
            let now = ContinuousClock.now
            // At most ten redraws a second, and always the last one.
            let draw = lastDrawn.withLock { last in
                guard finished || now - last >= .milliseconds(100) else { return false }
                last = now
                return true
            }
            guard draw else { return }
            var line = "\(Terminal.clearLine)collect \(progress.done)/\(progress.total)"
            if progress.failed > 0 { line += ", \(progress.failed) failed" }
            line += String(format: ", %.1f/s", progress.rate)
            if let left = progress.remainingSeconds, !finished { line += ", ETA \(clock(left))" }
            FileHandle.standardError.write(Data((line + (finished ? "\n" : "")).utf8))
        }
    }

    /// `seconds` as h:mm:ss or m:ss.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0
            ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}
