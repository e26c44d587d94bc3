import Foundation
import GRDB
import Testing

@testable import Service

/// Every route, bad input and auth failure through Hummingbird's test client, on SQLite.
@Suite struct SQLiteRouteTests {
    @Test func uploadAndRead() async throws { try await RouteScenarios.uploadAndRead(.sqlite) }
    @Test func uploadFormsAndNames() async throws { try await RouteScenarios.uploadFormsAndNames(.sqlite) }
    @Test func badUploads() async throws { try await RouteScenarios.badUploads(.sqlite) }
    @Test func authFailures() async throws { try await RouteScenarios.authFailures(.sqlite) }
    @Test func rateLimit() async throws { try await RouteScenarios.rateLimit(.sqlite) }
    @Test func attribution() async throws { try await RouteScenarios.attribution(.sqlite) }
    @Test func attributionBadInput() async throws { try await RouteScenarios.attributionBadInput(.sqlite) }
    @Test func tree() async throws { try await RouteScenarios.tree(.sqlite) }
    @Test func certificates() async throws { try await RouteScenarios.certificates(.sqlite) }
    @Test func reports() async throws { try await RouteScenarios.reports(.sqlite) }
    @Test func page() async throws { try await RouteScenarios.page(.sqlite) }
    @Test func openAPIDocument() async throws { try await RouteScenarios.openAPIDocument(.sqlite) }
    @Test func migrationsAreIdempotent() async throws { try await RouteScenarios.migrationsAreIdempotent(.sqlite) }

    @Test func uploadIsOneTransaction() async throws {
        try await RouteScenarios.uploadIsOneTransaction(.sqlite) { store in
            let sqlite = try #require(store as? SQLiteStore)
            try await sqlite.pool.write { db in try db.execute(sql: "ALTER TABLE outputs RENAME TO outputs_gone") }
        }
    }
}
