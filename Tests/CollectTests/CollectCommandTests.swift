import Collect
import Corpus
import FakeOpenAI
import Foundation
import Testing

/// The built `lineage` executable against the in-process fake server.
@Suite(.serialized) struct CollectCommandTests {
    @Test func collectsAShippedSetAndProfileReadsTheFile() async throws {
        let server = try await FakeOpenAIServer.start { request in
            .answer("Answer to: \(request.prompt) The quiet river carries a vibrant tapestry of light and shadow.")
        }
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let out = directory.file("identity.jsonl")
        let arguments = [
            "collect", "--endpoint", server.endpoint, "--model", "fake-model", "--prompts", "identity", "--out", out,
            "--concurrency", "3", "--temperature", "0",
        ]
        let result = try await runLineage(arguments)
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(result.standardError.contains("24/24 answers"))
        // Piped: no progress line (no carriage returns or escape sequences).
        #expect(!result.standardError.contains("\r") && !result.standardError.contains("\u{1B}"))
        #expect(try answers(out).count == 24)

        let again = try await runLineage(arguments)
        #expect(again.status == 0)
        #expect(again.standardError.contains("0 collected now, 24 already there"))
        #expect(server.stats.requests == 24)

        let profile = try await runLineage(["profile", out, "--out", directory.file("profiles")])
        #expect(profile.status == 0, "stderr: \(profile.standardError)")
        #expect(FileManager.default.fileExists(atPath: directory.file("profiles/fake-model.json")))
    }

    @Test func theAPIKeyIsNeverPrintedEvenWhenTheServerEchoesIt() async throws {
        let key = "sk-secret-\(UUID().uuidString)"
        let server = try await FakeOpenAIServer.start { request in
            .status(401, message: "Incorrect API key provided: \(request.authorization ?? "")")
        }
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let out = directory.file("out.jsonl")
        let result = try await runLineage(
            [
                "collect", "--endpoint", server.endpoint, "--model", "m", "--prompts", "identity", "--out", out,
                "--api-key-env", "LINEAGE_TEST_KEY",
            ], environment: ["LINEAGE_TEST_KEY": key])
        #expect(result.status == 1)
        #expect(result.standardError.contains("401"))
        #expect(result.standardError.contains("[API key]"))
        #expect(!result.standardError.contains(key) && !result.standardOutput.contains(key))
        #expect(try !String(contentsOfFile: out, encoding: .utf8).contains(key))
        #expect(server.stats.authorizations == ["Bearer \(key)"])
    }

    @Test func aMissingKeyVariableIsAClearError() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let result = try await runLineage([
            "collect", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--prompts", "identity", "--out",
            directory.file("out.jsonl"), "--api-key-env", "LINEAGE_TEST_UNSET_VARIABLE",
        ])
        #expect(result.status == 1)
        #expect(result.standardError.contains("LINEAGE_TEST_UNSET_VARIABLE is not set"))
    }

    @Test func failuresLeaveExitStatusThree() async throws {
        let server = try await FakeOpenAIServer.start { request in
            request.prompt.hasPrefix("Who") ? .status(500) : FakeReply.echo(request)
        }
        defer { Task { try await server.stop() } }
        let directory = try TempDirectory()
        defer { directory.remove() }
        let result = try await runLineage([
            "collect", "--endpoint", server.endpoint, "--model", "m", "--prompts", "identity", "--out",
            directory.file("out.jsonl"), "--max-attempts", "2", "--backoff", "0.01",
        ])
        #expect(result.status == 3)
        #expect(result.standardError.contains("failed"))
        let failed = try metadata(directory.file("out.jsonl"), "failure").count
        #expect(failed >= 1)
        #expect(try answers(directory.file("out.jsonl")).count == 24 - failed)
    }

    @Test func promptsListAndShow() async throws {
        let list = try await runLineage(["prompts", "list"])
        #expect(list.status == 0)
        for set in PromptSet.all { #expect(list.standardOutput.contains(set.name)) }
        #expect(list.standardOutput.contains("CC0"))
        let show = try await runLineage(["prompts", "show", "identity"])
        #expect(show.status == 0)
        let prompts = try PromptList.parse(Data(show.standardOutput.utf8), file: "stdout")
        #expect(prompts == (try PromptList.resolve("identity")).prompts)
        let unknown = try await runLineage(["prompts", "show", "nope"])
        #expect(unknown.status == 1)
    }
}
