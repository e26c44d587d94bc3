import Foundation
import PostgresNIO
import Testing

@testable import Service

/// The same tests on a real PostgreSQL server: set LINEAGE_POSTGRES_URL to an administrative connection URL
/// (`.ci/run` installs PostgreSQL from Debian and starts it on loopback). Each test uses a database of its own.
@Suite(
    .enabled(if: Backend.postgresURL != nil, "set LINEAGE_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/postgres)"))
struct PostgresRouteTests {
    @Test func uploadAndRead() async throws { try await RouteScenarios.uploadAndRead(.postgres) }

    @Test func aStatementRunningPastTheTimeoutIsCancelled() async throws {
        let url = try #require(Backend.postgresURL)
        let store = try await PostgresStore.connect(url: url, statementTimeout: .milliseconds(300))
        let started = ContinuousClock.now
        await #expect {
            try await store.perform {
                // The error may arrive with the rows rather than with the query: read them.
                for try await _ in try await store.client.query("SELECT pg_sleep(20)") {}
            }
        } throws: { error in
            "\(error)".contains("statement timeout")
        }
        // Cancelled by the server, long before the 20 s the statement asked for.
        #expect(ContinuousClock.now - started < .seconds(15))
        // Migrations are exempt: a migration waiting for another one past the timeout still completes.
        let lock = try await PostgresStore.connect(url: url)
        let migration = try await lock.client.withTransaction(logger: lock.logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Int64(0x6C69_6E65)))", logger: lock.logger)
            let migration = Task { try await store.migrate() }
            try await Task.sleep(for: .milliseconds(800))
            return migration
        }
        try await migration.value
        // A failed transaction reads as what the server said, not as postgres-nio's wrapper.
        await #expect {
            try await lock.perform {
                try await lock.client.withTransaction(logger: lock.logger) { connection in
                    try await connection.query("SELECT no_such_column FROM schema_migrations", logger: lock.logger)
                }
            }
        } throws: { error in
            "\(error)" == "database: column \"no_such_column\" does not exist"
        }
        try await lock.close()
        try await store.close()
    }
    @Test func uploadFormsAndNames() async throws { try await RouteScenarios.uploadFormsAndNames(.postgres) }
    @Test func badUploads() async throws { try await RouteScenarios.badUploads(.postgres) }
    @Test func authFailures() async throws { try await RouteScenarios.authFailures(.postgres) }
    @Test func rateLimit() async throws { try await RouteScenarios.rateLimit(.postgres) }
    @Test func attribution() async throws { try await RouteScenarios.attribution(.postgres) }
    @Test func attributionBadInput() async throws { try await RouteScenarios.attributionBadInput(.postgres) }
    @Test func tree() async throws { try await RouteScenarios.tree(.postgres) }
    @Test func certificates() async throws { try await RouteScenarios.certificates(.postgres) }
    @Test func reports() async throws { try await RouteScenarios.reports(.postgres) }
    @Test func page() async throws { try await RouteScenarios.page(.postgres) }
    @Test func openAPIDocument() async throws { try await RouteScenarios.openAPIDocument(.postgres) }
    @Test func migrationsAreIdempotent() async throws { try await RouteScenarios.migrationsAreIdempotent(.postgres) }

    @Test func uploadIsOneTransaction() async throws {
        try await RouteScenarios.uploadIsOneTransaction(.postgres) { store in
            let postgres = try #require(store as? PostgresStore)
            try await postgres.client.query("ALTER TABLE outputs RENAME TO outputs_gone")
        }
    }
}
