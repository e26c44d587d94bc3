import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import Testing

@testable import Service

/// The two storage back ends the same route tests run against.
enum Backend: String, Sendable {
    case sqlite, postgres

    /// `LINEAGE_POSTGRES_URL`, an administrative connection (e.g. postgres://postgres@127.0.0.1:5432/postgres) under
    /// which each test creates and drops its own database.
    static let postgresURL = ProcessInfo.processInfo.environment["LINEAGE_POSTGRES_URL"]
}

/// A registry on a fresh database with two tokens, torn down afterwards.
struct TestRegistry {
    let registry: Registry
    let directory: URL
    let writerToken: String
    let otherToken: String
    let cleanup: @Sendable () async throws -> Void

    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func fixture(_ model: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent("\(model).jsonl"))
    }

    /// Runs `body` with a registry on `backend`; `settings` may lower the limits.
    static func with<T>(
        _ backend: Backend, settings adjust: (inout ServiceSettings) -> Void = { _ in },
        _ body: (TestRegistry) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-service-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store: any RegistryStore
        var dropDatabase: (@Sendable () async throws -> Void)?
        switch backend {
        case .sqlite:
            store = try SQLiteStore(path: directory.appendingPathComponent("registry.sqlite").path)
        case .postgres:
            let admin = try #require(Backend.postgresURL)
            let name = "lineage_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await PostgresAdmin.execute("CREATE DATABASE \(name)", url: admin)
            var components = URLComponents(string: admin)!
            components.path = "/" + name
            store = try await PostgresStore.connect(url: components.string!)
            dropDatabase = {
                try await PostgresAdmin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", url: admin)
            }
        }
        let drop = dropDatabase
        var settings = ServiceSettings(logPath: directory.appendingPathComponent("log.sqlite").path)
        settings.attributionBootstrap = 20
        adjust(&settings)
        let registry = try await Registry.open(store: store, settings: settings)
        let writer = try await Tokens.create(name: "tester", in: store)
        let other = try await Tokens.create(name: "other", in: store)
        let test = TestRegistry(
            registry: registry, directory: directory, writerToken: writer, otherToken: other,
            cleanup: {
                await registry.jobs.waitUntilIdle()
                try await store.close()
                try await drop?()
                try? FileManager.default.removeItem(at: directory)
            })
        do {
            let result = try await body(test)
            try await test.cleanup()
            return result
        } catch {
            try? await test.cleanup()
            throw error
        }
    }

    /// Runs `body` with Hummingbird's router test client.
    func client<T: Sendable>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let app = Application(router: ServiceApplication.router(registry))
        return try await app.test(.router) { client in try await body(client) }
    }

    func bearer(_ token: String? = nil) -> HTTPFields {
        [.authorization: "Bearer \(token ?? writerToken)"]
    }
}

/// Creating and dropping test databases.
enum PostgresAdmin {
    static func execute(_ sql: String, url: String) async throws {
        let store = try await PostgresStore.connect(url: url)
        do {
            try await store.client.query(PostgresQuery(unsafeSQL: sql))
        } catch {
            try await store.close()
            throw error
        }
        try await store.close()
    }
}

extension TestResponse {
    /// The body as a JSON object.
    func object() throws -> [String: Any] {
        let data = Data(buffer: body)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw JSONShapeError(text: String(buffer: body))
        }
        return object
    }

    /// The error code of a JSON error body.
    func errorCode() throws -> String? {
        (try object()["error"] as? [String: Any])?["code"] as? String
    }

    /// The error message of a JSON error body.
    func errorMessage() -> String {
        ((try? object())?["error"] as? [String: Any])?["message"] as? String ?? ""
    }

    var text: String { String(buffer: body) }
}

struct JSONShapeError: Error, CustomStringConvertible {
    var text: String
    var description: String { "not a JSON object: \(text.prefix(300))" }
}
