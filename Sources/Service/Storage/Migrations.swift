import Foundation

/// The SQL flavours the registry speaks.
public enum SQLDialect: Sendable {
    case sqlite, postgres

    /// The column type of byte strings.
    var blob: String { self == .sqlite ? "BLOB" : "BYTEA" }
    /// An integer primary key the database numbers.
    var serialKey: String {
        self == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
    }
}

/// The registry's schema: one list of migrations applied in order by both stores, recorded in `schema_migrations`.
public enum Migrations {
    /// One step of the schema.
    public struct Migration: Sendable {
        /// Its number (1, 2, ...).
        public var version: Int
        /// What it does.
        public var summary: String
        /// Its statements in a dialect.
        var statements: @Sendable (SQLDialect) -> [String]
    }

    /// The column lists both stores read and write rows with: their row decoders and the values of their inserts
    /// follow this order, so a change here changes both.
    enum Columns {
        static let models = "name, uploaded_by, uploaded_at, responses, sha256, upload_bytes"
        static let jobs =
            "id, suspect, candidates, bootstrap, seed, status, result_json, error, requested_by, created_at, "
            + "finished_at, reference_models"
        static let reports = "id, suspect, claimed_origin, evidence_links, body, filed_by, filed_at"
    }

    /// The table that records applied migrations.
    static let bookkeeping =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, summary TEXT NOT NULL, applied_at TEXT NOT NULL)"

    /// Every migration, oldest first.
    public static let all: [Migration] = [
        Migration(version: 1, summary: "tokens, models, profiles, outputs, attribution jobs, reports") { dialect in
            [
                """
                CREATE TABLE tokens (name TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE models (name TEXT PRIMARY KEY, uploaded_by TEXT NOT NULL, uploaded_at TEXT NOT NULL,
                    responses BIGINT NOT NULL, sha256 TEXT NOT NULL, upload_bytes BIGINT NOT NULL)
                """,
                """
                CREATE TABLE profiles (model TEXT PRIMARY KEY REFERENCES models (name), json TEXT NOT NULL)
                """,
                """
                CREATE TABLE outputs (model TEXT PRIMARY KEY REFERENCES models (name), gzip \(dialect.blob) NOT NULL)
                """,
                """
                CREATE TABLE attribution_jobs (id TEXT PRIMARY KEY, suspect TEXT NOT NULL, candidates TEXT NOT NULL,
                    bootstrap BIGINT NOT NULL, seed TEXT NOT NULL, status TEXT NOT NULL, result_json TEXT,
                    error TEXT, requested_by TEXT NOT NULL, created_at TEXT NOT NULL, finished_at TEXT)
                """,
                "CREATE INDEX attribution_jobs_created ON attribution_jobs (created_at)",
                """
                CREATE TABLE reports (id \(dialect.serialKey), suspect TEXT NOT NULL, claimed_origin TEXT NOT NULL,
                    evidence_links TEXT NOT NULL, body TEXT NOT NULL, filed_by TEXT NOT NULL, filed_at TEXT NOT NULL)
                """,
                "CREATE INDEX reports_suspect ON reports (suspect)",
            ]
        },
        Migration(version: 2, summary: "attribution jobs keep their reference pool") { _ in
            // NULL: every registered model that is neither the suspect nor a candidate.
            ["ALTER TABLE attribution_jobs ADD COLUMN reference_models TEXT"]
        },
    ]

    /// The newest schema version.
    public static var latest: Int { all.last?.version ?? 0 }
}

/// Small encodings shared by the stores.
enum StoreCoding {
    /// A list of names as one TEXT column (a JSON array).
    static func encode(_ names: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: names, options: [.sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The list stored by ``encode(_:)``.
    static func decode(_ text: String) -> [String] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String] ?? []
    }
}
