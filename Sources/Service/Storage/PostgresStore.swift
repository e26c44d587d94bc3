import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The registry in PostgreSQL through postgres-nio's connection pool, for deployments that share one database.
/// Every statement binds its values (postgres-nio's query interpolation sends them as parameters).
public final class PostgresStore: RegistryStore {
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger: Logger

    /// Connects to the database named by a `postgres://user:password@host:port/database` URL (no TLS: loopback or
    /// a trusted network). Fails within about `connectTimeout` when the server cannot be reached or refuses the
    /// login, rather than leave the first query waiting for a connection that never comes.
    /// postgres-nio logs at `logger`'s level; by default errors only (it warns about queries queued while the pool
    /// starts, which is expected here). The server cancels any statement still running after `statementTimeout`
    /// (a lock held elsewhere, an overloaded server), so that no request waits on the database without end.
    public static func connect(
        url: String, connectTimeout: Duration = .seconds(5), statementTimeout: Duration = .seconds(30),
        logger: Logger = PostgresStore.defaultLogger
    ) async throws -> PostgresStore {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme),
            let host = components.host, !host.isEmpty
        else {
            throw StoreError.database(
                "not a PostgreSQL URL (postgres://user:password@host:port/database): \(redacted(url))")
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let port = components.port ?? 5432
        let username = components.user ?? "postgres"
        let database = path.isEmpty ? nil : path
        // The pool retries a server it cannot reach for as long as queries wait, and they wait without limit: one
        // direct connection first tells whether the server answers and accepts the login.
        var probe = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: components.password, database: database,
            tls: .disable)
        probe.options.connectTimeout = TimeAmount(connectTimeout)
        do {
            let connection = try await PostgresConnection.connect(configuration: probe, id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw StoreError.unreachable(
                "cannot connect to PostgreSQL at \(host):\(port): \(PostgresFailure.reason(error))")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: components.password, database: database,
            tls: .disable)
        configuration.options.connectTimeout = connectTimeout
        let milliseconds = max(
            statementTimeout.components.seconds * 1000 + statementTimeout.components.attoseconds
                / 1_000_000_000_000_000, 1)
        configuration.options.additionalStartupParameters = [("statement_timeout", "\(milliseconds)")]
        return PostgresStore(
            client: PostgresClient(configuration: configuration, backgroundLogger: logger), logger: logger)
    }

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
    }

    /// A logger that reports errors only.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "lineage.postgres")
        logger.logLevel = .error
        return logger
    }

    /// Runs PostgreSQL work, mapping its errors to ``StoreError``.
    @discardableResult
    func perform<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw Self.storeError(error)
        }
    }

    /// A PostgreSQL failure as a ``StoreError`` saying what the server said; a failed transaction by the error that
    /// failed it.
    static func storeError(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError:
            return error
        case let error as PSQLError:
            if error.serverInfo?[.sqlState] == "23505" {
                return .duplicate(error.serverInfo?[.detail] ?? "a row with this key")
            }
            return .database(error.serverInfo?[.message] ?? "\(error.code)")
        case let error as PostgresTransactionError:
            guard let cause = error.beginError ?? error.closureError ?? error.commitError else {
                return .database("\(error)")
            }
            return storeError(cause)
        default:
            return .database("\(error)")
        }
    }

    public func migrate() async throws {
        try await perform {
            try await client.withTransaction(logger: logger) { connection in
                // Waiting for another migrator, or building an index on a large table, may take longer than the
                // statement timeout that guards requests: none applies inside this transaction.
                try await connection.query("SET LOCAL statement_timeout = 0", logger: logger)
                // One migrator at a time across processes.
                try await connection.query("SELECT pg_advisory_xact_lock(\(Int64(0x6C69_6E65)))", logger: logger)
                try await connection.query(PostgresQuery(unsafeSQL: Migrations.bookkeeping), logger: logger)
                var applied = Set<Int>()
                for try await version in try await connection.query(
                    "SELECT version FROM schema_migrations", logger: logger
                ).decode(Int64.self) {
                    applied.insert(Int(version))
                }
                for migration in Migrations.all where !applied.contains(migration.version) {
                    for statement in migration.statements(.postgres) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        """
                        INSERT INTO schema_migrations (version, summary, applied_at)
                        VALUES (\(Int64(migration.version)), \(migration.summary), \(Timestamp.now()))
                        """, logger: logger)
                }
            }
        }
    }

    public func insertToken(name: String, sha256: String, createdAt: String) async throws {
        do {
            try await perform {
                try await client.query(
                    "INSERT INTO tokens (name, sha256, created_at) VALUES (\(name), \(sha256), \(createdAt))",
                    logger: logger)
            }
        } catch StoreError.duplicate {
            throw StoreError.duplicate("a token named \(name)")
        }
    }

    public func tokenName(sha256: String) async throws -> String? {
        try await perform {
            for try await name in try await client.query(
                "SELECT name FROM tokens WHERE sha256 = \(sha256)", logger: logger
            ).decode(String.self) {
                return name
            }
            return nil
        }
    }

    public func insertModel(_ upload: ModelUpload) async throws {
        let record = upload.record
        do {
            try await perform {
                try await client.withTransaction(logger: logger) { connection in
                    try await connection.query(
                        """
                        INSERT INTO models (\(unescaped: Migrations.Columns.models))
                        VALUES (\(record.name), \(record.uploadedBy), \(record.uploadedAt), \(Int64(record.responses)),
                            \(record.sha256), \(Int64(record.uploadBytes)))
                        """, logger: logger)
                    try await connection.query(
                        "INSERT INTO profiles (model, json) VALUES (\(record.name), \(upload.profileJSON))",
                        logger: logger)
                    try await connection.query(
                        "INSERT INTO outputs (model, gzip) VALUES (\(record.name), \(upload.outputsGzip))",
                        logger: logger)
                }
            }
        } catch StoreError.duplicate {
            throw StoreError.duplicate("a model named \(record.name)")
        }
    }

    typealias ModelRow = (String, String, String, Int64, String, Int64)

    static func model(_ row: ModelRow) -> ModelRecord {
        ModelRecord(
            name: row.0, uploadedBy: row.1, uploadedAt: row.2, responses: Int(row.3), sha256: row.4,
            uploadBytes: Int(row.5))
    }

    public func models() async throws -> [ModelRecord] {
        try await perform {
            var found: [ModelRecord] = []
            for try await row in try await client.query(
                "SELECT \(unescaped: Migrations.Columns.models) FROM models ORDER BY name",
                logger: logger
            ).decode(ModelRow.self) {
                found.append(Self.model(row))
            }
            return found
        }
    }

    public func model(named name: String) async throws -> ModelRecord? {
        try await perform {
            for try await row in try await client.query(
                """
                SELECT \(unescaped: Migrations.Columns.models) FROM models WHERE name = \(name)
                """,
                logger: logger
            ).decode(ModelRow.self) {
                return Self.model(row)
            }
            return nil
        }
    }

    public func profileJSON(model name: String) async throws -> String? {
        try await perform {
            for try await json in try await client.query(
                "SELECT json FROM profiles WHERE model = \(name)", logger: logger
            ).decode(String.self) {
                return json
            }
            return nil
        }
    }

    public func outputs(models names: [String]) async throws -> [String: Data] {
        try await perform {
            var found: [String: Data] = [:]
            for try await (name, data) in try await client.query(
                "SELECT model, gzip FROM outputs WHERE model = ANY(\(names))", logger: logger
            ).decode((String, Data).self) {
                found[name] = data
            }
            return found
        }
    }

    typealias JobRow = (
        String, String, String, Int64, String, String, String?, String?, String, String, String?, String?
    )

    static func job(_ row: JobRow) -> AttributionJob {
        AttributionJob(
            id: row.0, suspect: row.1, candidates: StoreCoding.decode(row.2), reference: row.11.map(StoreCoding.decode),
            bootstrap: Int(row.3),
            seed: UInt64(row.4) ?? 0, status: JobStatus(rawValue: row.5) ?? .failed, resultJSON: row.6, error: row.7,
            requestedBy: row.8, createdAt: row.9, finishedAt: row.10)
    }

    public func insertJob(_ job: AttributionJob) async throws {
        try await perform {
            try await client.query(
                """
                INSERT INTO attribution_jobs (\(unescaped: Migrations.Columns.jobs))
                VALUES (\(job.id), \(job.suspect), \(StoreCoding.encode(job.candidates)), \(Int64(job.bootstrap)),
                    \(String(job.seed)), \(job.status.rawValue), \(job.resultJSON), \(job.error), \(job.requestedBy),
                    \(job.createdAt), \(job.finishedAt), \(job.reference.map(StoreCoding.encode)))
                """, logger: logger)
        }
    }

    public func updateJob(
        id: String, status: JobStatus, resultJSON: String?, error: String?, finishedAt: String?
    ) async throws {
        try await perform {
            try await client.query(
                """
                UPDATE attribution_jobs SET status = \(status.rawValue), result_json = \(resultJSON), error = \(error),
                    finished_at = \(finishedAt) WHERE id = \(id)
                """, logger: logger)
        }
    }

    public func job(id: String) async throws -> AttributionJob? {
        try await perform {
            for try await row in try await client.query(
                """
                SELECT \(unescaped: Migrations.Columns.jobs) FROM attribution_jobs WHERE id = \(id)
                """, logger: logger
            ).decode(JobRow.self) {
                return Self.job(row)
            }
            return nil
        }
    }

    public func recentJobs(limit: Int) async throws -> [AttributionJob] {
        try await perform {
            var found: [AttributionJob] = []
            for try await row in try await client.query(
                """
                SELECT \(unescaped: Migrations.Columns.jobs) FROM attribution_jobs
                ORDER BY created_at DESC, id LIMIT \(Int64(limit))
                """, logger: logger
            ).decode(JobRow.self) {
                found.append(Self.job(row))
            }
            return found
        }
    }

    public func failUnfinishedJobs(reason: String, at time: String) async throws -> Int {
        try await perform {
            var count = 0
            for try await _ in try await client.query(
                """
                UPDATE attribution_jobs SET status = 'failed', error = \(reason), finished_at = \(time)
                WHERE status IN ('queued', 'running') RETURNING id
                """, logger: logger
            ).decode(String.self) {
                count += 1
            }
            return count
        }
    }

    public func insertReport(_ submission: ReportSubmission) async throws -> CommunityReport {
        try await perform {
            for try await id in try await client.query(
                """
                INSERT INTO reports (suspect, claimed_origin, evidence_links, body, filed_by, filed_at)
                VALUES (\(submission.suspect), \(submission.claimedOrigin),
                    \(StoreCoding.encode(submission.evidenceLinks)), \(submission.text), \(submission.filedBy),
                    \(submission.filedAt))
                RETURNING id
                """, logger: logger
            ).decode(Int64.self) {
                return CommunityReport(id: Int(id), submission: submission)
            }
            throw StoreError.database("the report was not stored")
        }
    }

    public func reports(suspect: String?, limit: Int) async throws -> [CommunityReport] {
        try await perform {
            var found: [CommunityReport] = []
            let rows: PostgresRowSequence
            if let suspect {
                rows = try await client.query(
                    """
                    SELECT \(unescaped: Migrations.Columns.reports) FROM reports
                    WHERE suspect = \(suspect) ORDER BY id DESC LIMIT \(Int64(limit))
                    """, logger: logger)
            } else {
                rows = try await client.query(
                    """
                    SELECT \(unescaped: Migrations.Columns.reports) FROM reports
                    ORDER BY id DESC LIMIT \(Int64(limit))
                    """, logger: logger)
            }
            for try await row in rows.decode((Int64, String, String, String, String, String, String).self) {
                found.append(
                    CommunityReport(
                        id: Int(row.0),
                        submission: ReportSubmission(
                            suspect: row.1, claimedOrigin: row.2, evidenceLinks: StoreCoding.decode(row.3),
                            text: row.4, filedBy: row.5, filedAt: row.6)))
            }
            return found
        }
    }

    public func close() async throws {
        runner.cancel()
        _ = await runner.value
    }
}

extension PostgresStore {
    /// `url` with everything between its scheme and its last `@` (user and password) replaced by `***`, for
    /// messages about URLs that did not parse, whose parts cannot be trusted to be where they belong.
    static func redacted(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@") else { return url }
        var start = url.startIndex
        if let separator = url.range(of: "://"), separator.upperBound <= at {
            start = separator.upperBound
        } else if let colon = url.firstIndex(of: ":"), colon < at, url[..<colon].allSatisfy(\.isLetter) {
            start = url.index(after: colon)
        }
        return String(url[..<start]) + "***" + String(url[at...])
    }
}
