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

    @Test func aVersion1DatabaseKeepsItsJobsAndGainsTheReferenceColumn() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-v1-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The schema as version 1 left it, with one finished job.
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try db.execute(sql: Migrations.bookkeeping)
            for statement in Migrations.all[0].statements(.sqlite) { try db.execute(sql: statement) }
            try db.execute(
                sql: "INSERT INTO schema_migrations (version, summary, applied_at) VALUES (1, 'v1', '2026-01-01')")
            try db.execute(
                sql: """
                    INSERT INTO attribution_jobs (id, suspect, candidates, bootstrap, seed, status, requested_by,
                        created_at) VALUES ('j1', 'alpha', '["beta","gamma"]', 20, '1', 'done', 'tester', '2026-01-01')
                    """)
        }
        try old.close()
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        let kept = try #require(try await store.job(id: "j1"))
        #expect(kept.candidates == ["beta", "gamma"])
        #expect(kept.reference == nil)
        let job = AttributionJob(
            id: "j2", suspect: "alpha", candidates: ["beta", "gamma"], reference: [], bootstrap: 5, seed: 2,
            status: .queued, requestedBy: "tester", createdAt: "2026-01-02")
        try await store.insertJob(job)
        #expect(try await store.job(id: "j2")?.reference == [])
    }

    @Test func uploadIsOneTransaction() async throws {
        try await RouteScenarios.uploadIsOneTransaction(.sqlite) { store in
            let sqlite = try #require(store as? SQLiteStore)
            try await sqlite.pool.write { db in try db.execute(sql: "ALTER TABLE outputs RENAME TO outputs_gone") }
        }
    }
}
