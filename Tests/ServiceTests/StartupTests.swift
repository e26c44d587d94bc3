import FakeOpenAI
import Foundation
import Testing

@testable import Service

/// What `lineage serve` does before it serves: opening the store, importing files, making tokens. Its errors are for a
/// person at a terminal: they name the file or server and carry no HTTP status.
@Suite struct StartupTests {
    /// `body`'s result, or a test failure after `seconds` (rather than a test run that never ends).
    static func within<T: Sendable>(
        seconds: Int, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw TimeLimitExceeded(seconds: seconds)
            }
            return result
        }
    }

    struct TimeLimitExceeded: Error, CustomStringConvertible {
        var seconds: Int
        var description: String { "no answer within \(seconds) s" }
    }

    @Test func anUnreachablePostgreSQLServerFailsPromptlyNamingIt() async throws {
        let port = try LoopbackSocket.closedPort()
        let url = "postgres://user:secret@127.0.0.1:\(port)/registry"
        let outcome = try await Self.within(seconds: 120) { () async -> Result<Void, any Error> in
            do {
                let store = try await StoreLocation.open(url)
                // Before connecting was checked, opening succeeded and the first statement waited forever.
                try await store.migrate()
                try await store.close()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        guard case .failure(let error) = outcome else {
            Issue.record("a store was opened on a port nothing listens on")
            return
        }
        let message = "\(error)"
        #expect(message.hasPrefix("cannot connect to PostgreSQL at 127.0.0.1:\(port): "), "\(message)")
        #expect(message.lowercased().contains("refused"), "\(message)")
        #expect(!message.contains("secret"), "\(message)")
    }

    @Test func aPostgreSQLServerThatNeverAnswersFailsAfterTheConnectTimeout() async throws {
        let (descriptor, port) = try LoopbackSocket.bound(listening: true)
        defer { close(descriptor) }
        let started = ContinuousClock.now
        let outcome = try await Self.within(seconds: 120) { () async -> Result<Void, any Error> in
            do {
                let store = try await PostgresStore.connect(
                    url: "postgres://u:p@127.0.0.1:\(port)/db", connectTimeout: .seconds(1))
                try await store.close()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        guard case .failure(let error) = outcome else {
            Issue.record("a store was opened on a server that never answered")
            return
        }
        // The timeout fired (not an instant failure). No upper bound on the time: the timeout fires on NIO's event
        // loop after 1 s, but resuming this test needs a thread of the concurrency pool, which other suites'
        // synchronous work can hold for 20 s and more on 2 cores; a hang is caught by `within` instead.
        #expect(ContinuousClock.now - started >= .seconds(1))
        #expect("\(error)" == "cannot connect to PostgreSQL at 127.0.0.1:\(port): no answer within 1 s", "\(error)")
    }

    @Test func aMalformedPostgreSQLURLIsQuotedWithoutItsPassword() async throws {
        #expect(PostgresStore.redacted("postgres://u:secret@h:5/db") == "postgres://***@h:5/db")
        #expect(PostgresStore.redacted("postgres:/u:secret@h/db") == "postgres:***@h/db")
        #expect(PostgresStore.redacted("u:secret@h:5432/db") == "u:***@h:5432/db")
        #expect(PostgresStore.redacted("postgres://h:5432/db?user=a:secret@b") == "postgres://***@b")
        #expect(PostgresStore.redacted("postgres://h/db") == "postgres://h/db")
        await #expect {
            try await PostgresStore.connect(url: "mysql://admin:hunter2@db:5432/x")
        } throws: { error in
            "\(error)".contains("mysql://***@db") && !"\(error)".contains("hunter2")
        }
    }

    @Test func anSQLiteStoreIsCreatedWithItsMissingDirectories() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-startup-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nodir/deeper/registry.sqlite").path
        let store = try await StoreLocation.open(path)
        try await store.migrate()
        try await store.close()
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func aRefusedImportNamesTheRealFileAndLine() async throws {
        try await TestRegistry.with(.sqlite) { test in
            let bad = test.directory.appendingPathComponent("bad.jsonl")
            let good = try TestRegistry.fixture("alpha")
            try (good + Data("{\"model\": \"alpha\", \"output\":\n".utf8)).write(to: bad)
            do {
                _ = try await test.registry.importOutputs([bad.path])
                Issue.record("a malformed file was imported")
            } catch let error as RegistryInputError {
                let lines = String(decoding: good, as: UTF8.self).split(separator: "\n").count
                #expect(error.description.hasPrefix("\(bad.path):\(lines + 1): "), "\(error)")
                // Nothing of the HTTP upload path's wording (the directory's random name may hold any digits).
                let message = error.description.dropFirst(bad.path.count)
                #expect(!message.contains("upload"), "\(error)")
                #expect(!message.contains("400"), "\(error)")
            }

            let empty = test.directory.appendingPathComponent("empty.jsonl")
            try Data().write(to: empty)
            await #expect(throws: RegistryInputError("\(empty.path): the file is empty")) {
                _ = try await test.registry.importOutputs([empty.path])
            }
        }
    }

    @Test func anImportedFileWhoseRecordsNameNoModelIsNamedByTheFile() async throws {
        try await TestRegistry.with(.sqlite) { test in
            let lines = String(decoding: try TestRegistry.fixture("gamma"), as: UTF8.self).split(separator: "\n")
            let unnamed = try lines.map { line in
                var record = try #require(
                    try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                record["model"] = nil
                return String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
            }
            let file = test.directory.appendingPathComponent("org__unnamed.jsonl")
            try (unnamed.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            #expect(try await test.registry.importOutputs([file.path]).registered == ["org/unnamed"])
            // The same bytes under another file name (which would name another model) are not registered again:
            // a restart with the same --import skips what it registered before without profiling it.
            let copy = test.directory.appendingPathComponent("other.jsonl")
            try FileManager.default.copyItem(at: file, to: copy)
            let again = try await test.registry.importOutputs([copy.path, file.path])
            #expect(again.registered == [] && again.skipped == 2)
            #expect(try await test.registry.store.models().map(\.name) == ["org/unnamed"])
        }
    }

    @Test func aRefusedTokenNameIsAPlainMessage() async throws {
        try await TestRegistry.with(.sqlite) { test in
            await #expect(throws: RegistryInputError.self) {
                _ = try await Tokens.create(name: "", in: test.registry.store)
            }
            do {
                _ = try await Tokens.create(name: "tab\there", in: test.registry.store)
                Issue.record("a name with a control character was accepted")
            } catch {
                #expect("\(error)".hasPrefix("invalid token name"), "\(error)")
                #expect(!"\(error)".contains("400"), "\(error)")
            }
        }
    }
}
