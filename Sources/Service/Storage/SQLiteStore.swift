import Corpus
import Foundation
import GRDB

/// The registry in one SQLite file through GRDB: WAL, so readers never wait for the writer, and synchronous=FULL, so
/// a committed upload survives a crash.
public final class SQLiteStore: RegistryStore {
    /// The database file.
    public let path: String
    let pool: DatabasePool

    /// Opens (creating if needed, with any missing parent directories) the database at `path`.
    public init(path: String) throws {
        self.path = path
        do {
            try OutputLocation.createDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        } catch {
            throw StoreError.database("\(path): \(error.detail)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.database("\(path): \(Self.message(error))")
        }
    }

    /// Runs GRDB work, mapping its errors to ``StoreError``.
    @discardableResult
    func perform<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.duplicate(error.message ?? "a row with this key")
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.database("\(path): \(Self.message(error))")
        }
    }

    static func message(_ error: any Error) -> String {
        (error as? DatabaseError)?.message ?? "\(error)"
    }

    public func migrate() async throws {
        try perform {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try db.execute(sql: Migrations.bookkeeping)
                    let applied = Set(try Int.fetchAll(db, sql: "SELECT version FROM schema_migrations"))
                    for migration in Migrations.all where !applied.contains(migration.version) {
                        for statement in migration.statements(.sqlite) { try db.execute(sql: statement) }
                        try db.execute(
                            sql: "INSERT INTO schema_migrations (version, summary, applied_at) VALUES (?, ?, ?)",
                            arguments: [migration.version, migration.summary, Timestamp.now()])
                    }
                    return .commit
                }
            }
        }
    }

    public func insertToken(name: String, sha256: String, createdAt: String) async throws {
        do {
            try perform {
                try pool.write { db in
                    try db.execute(
                        sql: "INSERT INTO tokens (name, sha256, created_at) VALUES (?, ?, ?)",
                        arguments: [name, sha256, createdAt])
                }
            }
        } catch StoreError.duplicate {
            throw StoreError.duplicate("a token named \(name)")
        }
    }

    public func tokenName(sha256: String) async throws -> String? {
        try perform {
            try pool.read { db in
                try String.fetchOne(db, sql: "SELECT name FROM tokens WHERE sha256 = ?", arguments: [sha256])
            }
        }
    }

    public func insertModel(_ upload: ModelUpload) async throws {
        let record = upload.record
        do {
            try perform {
                try pool.write { db in
                    try db.execute(
                        sql: """
                            INSERT INTO models (\(Migrations.Columns.models))
                            VALUES (?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            record.name, record.uploadedBy, record.uploadedAt, record.responses, record.sha256,
                            record.uploadBytes,
                        ])
                    try db.execute(
                        sql: "INSERT INTO profiles (model, json) VALUES (?, ?)",
                        arguments: [record.name, upload.profileJSON])
                    try db.execute(
                        sql: "INSERT INTO outputs (model, gzip) VALUES (?, ?)",
                        arguments: [record.name, upload.outputsGzip])
                }
            }
        } catch StoreError.duplicate {
            throw StoreError.duplicate("a model named \(record.name)")
        }
    }

    static func model(_ row: Row) -> ModelRecord {
        ModelRecord(
            name: row["name"], uploadedBy: row["uploaded_by"], uploadedAt: row["uploaded_at"],
            responses: row["responses"], sha256: row["sha256"], uploadBytes: row["upload_bytes"])
    }

    public func models() async throws -> [ModelRecord] {
        try perform {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT \(Migrations.Columns.models) FROM models ORDER BY name").map(
                    Self.model)
            }
        }
    }

    public func model(named name: String) async throws -> ModelRecord? {
        try perform {
            try pool.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT \(Migrations.Columns.models) FROM models WHERE name = ?", arguments: [name]
                ).map(Self.model)
            }
        }
    }

    public func profileJSON(model name: String) async throws -> String? {
        try perform {
            try pool.read { db in
                try String.fetchOne(db, sql: "SELECT json FROM profiles WHERE model = ?", arguments: [name])
            }
        }
    }

    public func outputs(models names: [String]) async throws -> [String: Data] {
        try perform {
            try pool.read { db in
                var found: [String: Data] = [:]
                let statement = try db.cachedStatement(sql: "SELECT gzip FROM outputs WHERE model = ?")
                for name in names {
                    if let data = try Data.fetchOne(statement, arguments: [name]) { found[name] = data }
                }
                return found
            }
        }
    }

    static func job(_ row: Row) -> AttributionJob {
        AttributionJob(
            id: row["id"], suspect: row["suspect"], candidates: StoreCoding.decode(row["candidates"]),
            reference: (row["reference_models"] as String?).map(StoreCoding.decode), bootstrap: row["bootstrap"],
            seed: UInt64(row["seed"] as String) ?? 0,
            status: JobStatus(rawValue: row["status"]) ?? .failed, resultJSON: row["result_json"], error: row["error"],
            requestedBy: row["requested_by"], createdAt: row["created_at"], finishedAt: row["finished_at"])
    }

    public func insertJob(_ job: AttributionJob) async throws {
        try perform {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO attribution_jobs (\(Migrations.Columns.jobs))
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        job.id, job.suspect, StoreCoding.encode(job.candidates), job.bootstrap, String(job.seed),
                        job.status.rawValue, job.resultJSON, job.error, job.requestedBy, job.createdAt, job.finishedAt,
                        job.reference.map(StoreCoding.encode),
                    ])
            }
        }
    }

    public func updateJob(
        id: String, status: JobStatus, resultJSON: String?, error: String?, finishedAt: String?
    ) async throws {
        try perform {
            try pool.write { db in
                try db.execute(
                    sql:
                        "UPDATE attribution_jobs SET status = ?, result_json = ?, error = ?, finished_at = ? WHERE id = ?",
                    arguments: [status.rawValue, resultJSON, error, finishedAt, id])
            }
        }
    }

    public func job(id: String) async throws -> AttributionJob? {
        try perform {
            try pool.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT \(Migrations.Columns.jobs) FROM attribution_jobs WHERE id = ?", arguments: [id]
                ).map(Self.job)
            }
        }
    }

    public func recentJobs(limit: Int) async throws -> [AttributionJob] {
        try perform {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT \(Migrations.Columns.jobs) FROM attribution_jobs ORDER BY created_at DESC, id LIMIT ?",
                    arguments: [limit]
                ).map(Self.job)
            }
        }
    }

    public func failUnfinishedJobs(reason: String, at time: String) async throws -> Int {
        try perform {
            try pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE attribution_jobs SET status = 'failed', error = ?, finished_at = ?
                        WHERE status IN ('queued', 'running')
                        """,
                    arguments: [reason, time])
                return db.changesCount
            }
        }
    }

    public func insertReport(_ submission: ReportSubmission) async throws -> CommunityReport {
        try perform {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO reports (suspect, claimed_origin, evidence_links, body, filed_by, filed_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        submission.suspect, submission.claimedOrigin, StoreCoding.encode(submission.evidenceLinks),
                        submission.text, submission.filedBy, submission.filedAt,
                    ])
                return CommunityReport(id: Int(db.lastInsertedRowID), submission: submission)
            }
        }
    }

    static func report(_ row: Row) -> CommunityReport {
        CommunityReport(
            id: row["id"],
            submission: ReportSubmission(
                suspect: row["suspect"], claimedOrigin: row["claimed_origin"],
                evidenceLinks: StoreCoding.decode(row["evidence_links"]), text: row["body"], filedBy: row["filed_by"],
                filedAt: row["filed_at"]))
    }

    public func reports(suspect: String?, limit: Int) async throws -> [CommunityReport] {
        try perform {
            try pool.read { db in
                let columns = Migrations.Columns.reports
                if let suspect {
                    return try Row.fetchAll(
                        db, sql: "SELECT \(columns) FROM reports WHERE suspect = ? ORDER BY id DESC LIMIT ?",
                        arguments: [suspect, limit]
                    ).map(Self.report)
                }
                return try Row.fetchAll(
                    db, sql: "SELECT \(columns) FROM reports ORDER BY id DESC LIMIT ?", arguments: [limit]
                ).map(Self.report)
            }
        }
    }

    public func close() async throws {
        try perform { try pool.close() }
    }
}

/// Times as the registry stores them.
enum Timestamp {
    /// Now, ISO 8601 in UTC with milliseconds (sorts as text).
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
