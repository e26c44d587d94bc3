import Collect
import Corpus
import FakeOpenAI
import Foundation
import Synchronization
import Testing

/// Collection against the in-process fake server: output, resume, faults, limits.
@Suite struct CollectorTests {
    func collector(
        _ server: FakeOpenAIServer, _ directory: TempDirectory, prompts: PromptList = numberedPrompts(6),
        samples: Int = 1, connection: ConnectionSettings? = nil
    ) -> Collector {
        Collector(
            settings: ChatSettings(model: "fake-model", samples: samples, maxTokens: 64, temperature: 0.7),
            connection: connection ?? testConnection(server.endpoint), prompts: prompts,
            outputPath: directory.file("out.jsonl"), toolVersion: "test")
    }

    @Test func writesCorpusRecordsAndARunRecordThatTheCorpusReaderReads() async throws {
        let server = try await FakeOpenAIServer.start()
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let prompts = try PromptList.resolve("identity")
        let summary = try await collector(server, directory, prompts: prompts).run()
        #expect(summary.collected == prompts.prompts.count && summary.isComplete)

        let path = directory.file("out.jsonl")
        let records = try answers(path)
        #expect(records.count == prompts.prompts.count)
        let first = try #require(records.first { $0["prompt_id"] as? String == "identity-001" })
        #expect(first["model"] as? String == "fake-model")
        #expect(first["prompt"] as? String == "Who created you?")
        #expect(first["output"] as? String == "Answer 1 to: Who created you?")
        #expect(first["sample"] as? Int == 0)
        #expect(first["finish_reason"] as? String == "stop")
        let usage = try #require(first["usage"] as? [String: Any])
        #expect(usage["completion_tokens"] as? Int == 6)

        let run = try #require(try metadata(path, "run").first)
        #expect(run["endpoint"] as? String == server.endpoint)
        #expect(run["model"] as? String == "fake-model")
        #expect((run["prompts"] as? [String: Any])?["sha256"] as? String == prompts.sha256)
        #expect((run["sampling"] as? [String: Any])?["temperature"] as? Double == 0.7)
        #expect(run["tool_version"] as? String == "test")
        #expect(run["started_at"] as? String != nil)

        // Lineage's own reader takes the file as it is: the metadata records are skipped.
        let outputs = try CorpusReader.read(file: path)
        #expect(outputs.count == 1)
        #expect(outputs[0].model == "fake-model")
        #expect(outputs[0].responses.count == prompts.prompts.count)
        #expect(outputs[0].responses.first { $0.promptID == "identity-001" }?.text == "Answer 1 to: Who created you?")
    }

    @Test func aSecondRunAsksForNothingAndWritesNothing() async throws {
        let server = try await FakeOpenAIServer.start()
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        _ = try await collector(server, directory).run()
        let before = try Data(contentsOf: URL(fileURLWithPath: directory.file("out.jsonl")))
        let summary = try await collector(server, directory).run()
        #expect(summary.collected == 0 && summary.alreadyDone == 6 && summary.isComplete)
        #expect(server.stats.requests == 6)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory.file("out.jsonl"))) == before)
    }

    @Test func samplesAreNumberedAndReadableAsCorpus() async throws {
        let server = try await FakeOpenAIServer.start()
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let summary = try await collector(server, directory, prompts: numberedPrompts(4), samples: 3).run()
        #expect(summary.collected == 12)
        let records = try answers(directory.file("out.jsonl"))
        let keys = Set(records.map { "\($0["prompt_id"]!)#\($0["sample"]!)" })
        #expect(keys.count == 12)
        #expect(Set(records.compactMap { $0["sample"] as? Int }) == [0, 1, 2])
        #expect(try CorpusReader.read(file: directory.file("out.jsonl"))[0].responses.count == 12)
    }

    @Test func retriesHonourRetryAfterAndBackOff() async throws {
        // The first try gets 429 with Retry-After: 1 (seconds); the second 500; the third a dropped connection.
        let server = try await FakeOpenAIServer.start { request in
            switch request.attempt {
            case 1: .status(429, headers: [("Retry-After", "1")])
            case 2: .status(500)
            case 3: .drop()
            default: FakeReply.echo(request)
            }
        }
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let summary = try await collector(
            server, directory, prompts: numberedPrompts(1),
            connection: testConnection(server.endpoint, attempts: 5)
        ).run()
        #expect(summary.collected == 1 && summary.failed == 0)
        let stats = server.stats
        #expect(stats.requests == 4)
        #expect(stats.arrivals[1] - stats.arrivals[0] >= 0.99)
        #expect(
            try answers(directory.file("out.jsonl")).first?["output"] as? String
                == "Answer 4 to: Prompt number 1, say something.")
    }

    @Test func retryAfterMillisecondsIsHonoured() async throws {
        let server = try await FakeOpenAIServer.start { request in
            request.attempt == 1 ? .status(429, headers: [("retry-after-ms", "300")]) : FakeReply.echo(request)
        }
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        _ = try await collector(server, directory, prompts: numberedPrompts(1)).run()
        let arrivals = server.stats.arrivals
        #expect(arrivals.count == 2)
        #expect(arrivals[1] - arrivals[0] >= 0.29)
    }

    @Test func slowRepliesTimeOutAndAreRetried() async throws {
        let server = try await FakeOpenAIServer.start { request in
            request.attempt == 1 ? .answer("too late", delay: .seconds(3)) : FakeReply.echo(request)
        }
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let summary = try await collector(
            server, directory, prompts: numberedPrompts(2),
            connection: testConnection(server.endpoint, timeout: 0.5)
        ).run()
        #expect(summary.collected == 2)
        // Had the client waited for the slow first replies instead of timing out, "too late" would be stored; no
        // wall-clock bound, which fails on a loaded machine.
        let outputs = try answers(directory.file("out.jsonl")).compactMap { $0["output"] as? String }
        #expect(outputs.count == 2 && outputs.allSatisfy { $0.hasPrefix("Answer ") && $0 != "too late" })
        #expect(server.stats.requests >= 4)
    }

    @Test func givingUpRecordsTheFailureAndALaterRunRetriesIt() async throws {
        let failing = Mutex(true)
        let server = try await FakeOpenAIServer.start { request in
            failing.withLock { $0 } && request.prompt.contains("number 2,") ? .status(503) : FakeReply.echo(request)
        }
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let connection = testConnection(server.endpoint, attempts: 3)
        let first = try await collector(server, directory, prompts: numberedPrompts(3), connection: connection).run()
        #expect(first.collected == 2 && first.failed == 1 && !first.isComplete)
        let failure = try #require(try metadata(directory.file("out.jsonl"), "failure").first)
        #expect(failure["prompt_id"] as? String == "p002")
        #expect(failure["attempts"] as? Int == 3)
        #expect((failure["error"] as? String)?.contains("503") == true)
        #expect(server.stats.requests == 5)

        failing.withLock { $0 = false }
        let second = try await collector(server, directory, prompts: numberedPrompts(3), connection: connection).run()
        #expect(second.collected == 1 && second.alreadyDone == 2 && second.isComplete)
        #expect(try answers(directory.file("out.jsonl")).count == 3)
        #expect(try CorpusReader.read(file: directory.file("out.jsonl"))[0].responses.count == 3)
    }

    @Test func aMalformedBodyFailsThatPromptOnly() async throws {
        let server = try await FakeOpenAIServer.start { request in
            request.prompt.contains("number 1,") ? .malformed() : FakeReply.echo(request)
        }
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let summary = try await collector(server, directory, prompts: numberedPrompts(4)).run()
        #expect(summary.collected == 3 && summary.failed == 1)
        let failure = try #require(try metadata(directory.file("out.jsonl"), "failure").first)
        #expect((failure["error"] as? String)?.contains("malformed response") == true)
        #expect(server.stats.requests == 4)
    }

    @Test(arguments: [(401, CollectError.Kind.unauthorized), (403, .forbidden), (404, .notFound)])
    func authenticationAndMissingModelStopAtOnce(status: Int, kind: CollectError.Kind) async throws {
        let server = try await FakeOpenAIServer.start { _ in .status(status, delay: .milliseconds(5)) }
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let error = await #expect(throws: CollectError.self) {
            try await collector(
                server, directory, prompts: numberedPrompts(50),
                connection: testConnection(server.endpoint, concurrency: 2)
            ).run()
        }
        #expect(error?.kind == kind)
        #expect(error?.description.contains("HTTP \(status)") == true)
        // No retries, no further prompts: at most the two requests already in flight.
        #expect(server.stats.requests <= 2)
        let end = try #require(try metadata(directory.file("out.jsonl"), "end").first)
        #expect((end["stopped_by"] as? String)?.contains("\(status)") == true)
    }

    @Test func aWrongEndpointPathIsNotFound() async throws {
        let server = try await FakeOpenAIServer.start()
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let endpoint = "http://127.0.0.1:\(server.port)/wrong"
        let error = await #expect(throws: CollectError.self) {
            try await collector(server, directory, connection: testConnection(endpoint)).run()
        }
        #expect(error?.kind == .notFound)
    }

    @Test func anEndpointThatIsNotAURLFailsBeforeTheOutputFileIsTouched() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let collector = Collector(
            settings: ChatSettings(model: "fake-model"), connection: testConnection("notaurl"),
            prompts: numberedPrompts(3), outputPath: directory.file("out.jsonl"), toolVersion: "test")
        let error = await #expect(throws: CollectError.self) { try await collector.run() }
        #expect(error?.kind == .invalidEndpoint)
        // No run record without its end record: the file is not even created.
        #expect(!FileManager.default.fileExists(atPath: directory.file("out.jsonl")))
        // An existing file keeps its bytes.
        try directory.write("out.jsonl", "")
        _ = await #expect(throws: CollectError.self) { try await collector.run() }
        #expect(try String(contentsOfFile: directory.file("out.jsonl"), encoding: .utf8).isEmpty)
    }

    @Test func anUnreachableEndpointStopsTheRunAfterOneRetryCycle() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        var connection = testConnection(
            "http://127.0.0.1:\(try LoopbackSocket.closedPort())/v1", concurrency: 2, attempts: 3)
        connection.connectTimeout = 0.3
        let collector = Collector(
            settings: ChatSettings(model: "fake-model"), connection: connection, prompts: numberedPrompts(200),
            outputPath: directory.file("out.jsonl"), toolVersion: "test")
        let error = await #expect(throws: CollectError.self) { try await collector.run() }
        #expect(error?.kind == .unreachable)
        #expect(error?.detail.contains("in every one of 3 tries") == true, "\(String(describing: error))")
        #expect(error?.detail.contains("none came in this run") == true, "\(String(describing: error))")
        // The run stopped at the first answer out of tries, not one prompt after another: no answer, no prompt
        // given up (a re-run tries them all). (Not timed: a loaded CI machine stretches the waits.)
        #expect(try metadata(directory.file("out.jsonl"), "failure").isEmpty)
        let end = try #require(try metadata(directory.file("out.jsonl"), "end").first)
        #expect((end["stopped_by"] as? String)?.contains("cannot be reached") == true)
        #expect(end["remaining"] as? Int == 200)
    }

    @Test func aServerThatDropsEveryConnectionFromTheStartStopsTheRun() async throws {
        // A port that accepts and closes (a proxy in front of a server still loading) never answers.
        let server = try await FakeOpenAIServer.start { _ in .drop() }
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let error = await #expect(throws: CollectError.self) {
            try await collector(
                server, directory, prompts: numberedPrompts(50),
                connection: testConnection(server.endpoint, attempts: 2)
            ).run()
        }
        #expect(error?.kind == .unreachable)
        #expect(error?.detail.contains("closed before a response") == true, "\(String(describing: error))")
        #expect(server.stats.requests < 20, "stopped after the first answers' tries, not after 50 prompts")
    }

    @Test(arguments: [(60.0, false), (0.2, true)])
    func anOutageAfterAnswersStopsTheRunOnlyWhenItLasts(outage: Double, stops: Bool) async throws {
        // The server answers three requests, then drops every connection.
        let server = try await FakeOpenAIServer.start { request in
            request.index < 3 ? .answer("ok", delay: .zero) : .drop(delay: .milliseconds(20))
        }
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        var connection = testConnection(server.endpoint, concurrency: 1, attempts: 2)
        connection.outageBeforeStopping = outage
        let collector = collector(server, directory, prompts: numberedPrompts(30), connection: connection)
        if stops {
            let error = await #expect(throws: CollectError.self) { try await collector.run() }
            #expect(error?.kind == .unreachable)
            #expect(error?.detail.contains("the last response came") == true, "\(String(describing: error))")
            #expect(try metadata(directory.file("out.jsonl"), "failure").count < 27)
        } else {
            // A server restart during a long run: each prompt fails on its own and a re-run retries it.
            let summary = try await collector.run()
            #expect(summary.collected == 3 && summary.failed == 27)
        }
    }

    @Test func theEndpointIsGoneOnlyWithoutAnyResponseSinceTheFirstTryAndForLongEnough() {
        let now = ContinuousClock.now
        let firstTry = now - .seconds(5)
        // Never a response: gone at once.
        #expect(Collector.endpointIsGone(firstTry: firstTry, lastResponse: nil, now: now, outage: 60))
        // A response since this answer's first try: another request got through, so not gone.
        #expect(!Collector.endpointIsGone(firstTry: firstTry, lastResponse: now - .seconds(1), now: now, outage: 0))
        // The last response before the first try: gone once it is older than the outage.
        #expect(!Collector.endpointIsGone(firstTry: firstTry, lastResponse: now - .seconds(30), now: now, outage: 60))
        #expect(Collector.endpointIsGone(firstTry: firstTry, lastResponse: now - .seconds(90), now: now, outage: 60))
    }

    @Test func credentialsInTheEndpointAreRefusedAndNeverShown() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let collector = Collector(
            settings: ChatSettings(model: "fake-model"),
            connection: testConnection("http://alice:hunter2@127.0.0.1:9/v1?key=secret"),
            prompts: numberedPrompts(3), outputPath: directory.file("out.jsonl"), toolVersion: "test")
        let error = await #expect(throws: CollectError.self) { try await collector.run() }
        #expect(error?.kind == .invalidEndpoint)
        #expect(error?.description.contains("hunter2") == false)
        #expect(error?.description.contains("secret") == false)
        #expect(error?.description.contains("--api-key-env") == true)
        #expect(!FileManager.default.fileExists(atPath: directory.file("out.jsonl")))
        // Also where Foundation cannot parse the URL.
        let malformed = Collector(
            settings: ChatSettings(model: "fake-model"),
            connection: testConnection("http://alice:s3cret@h:port/v1?key=secret"),
            prompts: numberedPrompts(3), outputPath: directory.file("out.jsonl"), toolVersion: "test")
        let second = await #expect(throws: CollectError.self) { try await malformed.run() }
        #expect(second?.kind == .invalidEndpoint)
        #expect(second?.description.contains("s3cret") == false, "\(String(describing: second))")
        #expect(second?.description.contains("secret") == false, "\(String(describing: second))")
    }

    @Test func theEndpointQueryIsKeptAndTheMissingKeyIsNamedOn401() async throws {
        let server = try await FakeOpenAIServer.start { _ in .status(401, delay: .zero) }
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        #expect(
            ConnectionSettings(endpoint: "https://h.example/openai/v1/?api-version=2024-06-01").completionsURL
                == "https://h.example/openai/v1/chat/completions?api-version=2024-06-01")
        let endpoint = server.endpoint + "?api-version=1"
        let error = await #expect(throws: CollectError.self) {
            try await collector(server, directory, connection: testConnection(endpoint)).run()
        }
        // The fake server answers 404 on any other path: a 401 means the query did not end up inside the path.
        #expect(error?.kind == .unauthorized)
        #expect(error?.detail.contains("no API key was sent") == true)
        #expect(error?.detail.contains("api-version") == false, "the query is not shown")
    }

    @Test func concurrencyIsRespected() async throws {
        let server = try await FakeOpenAIServer.start { request in
            .answer("ok \(request.prompt)", delay: .milliseconds(30))
        }
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let summary = try await collector(
            server, directory, prompts: numberedPrompts(40), connection: testConnection(server.endpoint, concurrency: 4)
        ).run()
        #expect(summary.collected == 40)
        let stats = server.stats
        #expect(stats.maxInFlight <= 4)
        #expect(stats.maxInFlight >= 2)
    }

    @Test func requestsPerSecondIsRespected() async throws {
        let server = try await FakeOpenAIServer.start()
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        var connection = testConnection(server.endpoint, concurrency: 8)
        connection.requestsPerSecond = 20
        let before = server.uptime
        let summary = try await collector(server, directory, prompts: numberedPrompts(12), connection: connection).run()
        #expect(summary.collected == 12)
        // The i-th request starts no earlier than i × 50 ms after the run began (a late wake-up may delay a start
        // and bunch it with the next, never bring one forward).
        let arrivals = server.stats.arrivals.sorted()
        #expect(arrivals.count == 12)
        for (index, arrival) in arrivals.enumerated() { #expect(arrival - before >= Double(index) * 0.05 - 0.001) }
    }

    @Test func theAPIKeyIsSentButNeverWritten() async throws {
        let key = "sk-test-\(UUID().uuidString)"
        let server = try await FakeOpenAIServer.start()
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        var connection = testConnection(server.endpoint)
        connection.apiKey = key
        var job = collector(server, directory, connection: connection)
        job.apiKeyVariable = "TEST_KEY"
        _ = try await job.run()
        #expect(server.stats.authorizations == ["Bearer \(key)"])
        let text = try String(contentsOfFile: directory.file("out.jsonl"), encoding: .utf8)
        #expect(!text.contains(key))
        #expect(text.contains("\"api_key_env\": \"TEST_KEY\""))
    }

    @Test func aTornLastLineIsRepairedAndTheAnswerFetchedAgain() async throws {
        let server = try await FakeOpenAIServer.start()
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        _ = try await collector(server, directory, prompts: numberedPrompts(3)).run()
        let path = directory.file("out.jsonl")
        // Keep the run record and the first two answers, and half of the third.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let torn = lines[0...2].joined(separator: "\n") + "\n" + lines[3].prefix(lines[3].count / 2)
        try Data(torn.utf8).write(to: URL(fileURLWithPath: path))
        let summary = try await collector(server, directory, prompts: numberedPrompts(3)).run()
        #expect(summary.repairedBytes == lines[3].count / 2)
        #expect(summary.collected == 1 && summary.isComplete)
        #expect(try answers(path).count == 3)
        #expect(try CorpusReader.read(file: path)[0].responses.count == 3)
    }
}
