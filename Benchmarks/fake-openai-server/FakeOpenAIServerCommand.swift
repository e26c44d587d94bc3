import ArgumentParser
import FakeOpenAI
import Foundation

/// Runs the fake OpenAI-compatible server on loopback until killed, for scripts/bench-collect.sh.
@main
struct FakeOpenAIServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-openai-server",
        abstract: "A fake OpenAI-compatible chat-completions server on 127.0.0.1 with seeded faults.",
        discussion: "Prints its endpoint (http://127.0.0.1:PORT/v1) on the first line of standard output."
    )

    @Option(help: "Port (0: an ephemeral one).")
    var port = 0

    @Option(help: "Seed of the per-request fault choices.")
    var seed: UInt64 = 1

    @Option(help: "Share of requests answered 429 with retry-after-ms.")
    var p429 = 0.0

    @Option(help: "Share answered 500.")
    var p500 = 0.0

    @Option(help: "Share whose connection is dropped.")
    var pDrop = 0.0

    @Option(help: "Share answered with a malformed body.")
    var pMalformed = 0.0

    @Option(help: "Shortest reply delay in milliseconds.")
    var minDelayMs = 0.0

    @Option(help: "Longest reply delay in milliseconds.")
    var maxDelayMs = 0.0

    @Option(help: "Words in each answer besides the echoed prompt.")
    var words = 50

    func validate() throws {
        if minDelayMs < 0 || maxDelayMs < minDelayMs {
            throw ValidationError("need 0 <= --min-delay-ms <= --max-delay-ms")
        }
    }

    func run() async throws {
        let plan = FaultPlan(
            seed: seed, tooManyRequests: p429, serverError: p500, drop: pDrop, malformed: pMalformed,
            delayMilliseconds: minDelayMs...maxDelayMs, words: words)
        let server = try await FakeOpenAIServer.start(port: port, behaviour: plan.reply(to:))
        FileHandle.standardOutput.write(Data((server.endpoint + "\n").utf8))
        try await server.waitUntilStopped()
    }
}
