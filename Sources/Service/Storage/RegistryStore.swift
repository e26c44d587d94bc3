import Foundation

/// One registered model: who uploaded what, and when.
public struct ModelRecord: Sendable, Hashable {
    /// The model's name, unique in the registry.
    public var name: String
    /// The name of the token that uploaded it.
    public var uploadedBy: String
    /// When it was uploaded (ISO 8601, UTC).
    public var uploadedAt: String
    /// The number of answers in the upload.
    public var responses: Int
    /// SHA-256 of the uploaded bytes as sent, lowercase hex.
    public var sha256: String
    /// The size of the upload as sent, in bytes.
    public var uploadBytes: Int

    /// Creates a record.
    public init(name: String, uploadedBy: String, uploadedAt: String, responses: Int, sha256: String, uploadBytes: Int)
    {
        self.name = name
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
        self.responses = responses
        self.sha256 = sha256
        self.uploadBytes = uploadBytes
    }
}

/// Everything one upload registers, written in one transaction.
public struct ModelUpload: Sendable {
    /// The model's row.
    public var record: ModelRecord
    /// The model's profile (`lineage profile` JSON).
    public var profileJSON: String
    /// The model's outputs as gzip-compressed JSON Lines, kept for attribution and trees.
    public var outputsGzip: Data

    /// Creates an upload.
    public init(record: ModelRecord, profileJSON: String, outputsGzip: Data) {
        self.record = record
        self.profileJSON = profileJSON
        self.outputsGzip = outputsGzip
    }
}

/// The state of an attribution job.
public enum JobStatus: String, Sendable, Hashable, CaseIterable {
    case queued, running, done, failed
}

/// An attribution request and, once run, its result.
public struct AttributionJob: Sendable, Hashable {
    /// The job's id (a UUID, lowercase).
    public var id: String
    /// The model under suspicion.
    public var suspect: String
    /// Candidate teachers; empty for every other registered model.
    public var candidates: [String]
    /// Reference models the candidates are measured against; nil for every registered model that is neither the
    /// suspect nor a candidate.
    public var reference: [String]?
    /// Bootstrap replicates over prompts.
    public var bootstrap: Int
    /// Seed of the bootstrap.
    public var seed: UInt64
    /// Where the job is.
    public var status: JobStatus
    /// `lineage attribute --format json` output, when done.
    public var resultJSON: String?
    /// Why the job failed, when it did.
    public var error: String?
    /// The name of the token that asked.
    public var requestedBy: String
    /// When it was asked for (ISO 8601, UTC).
    public var createdAt: String
    /// When it finished (ISO 8601, UTC).
    public var finishedAt: String?

    /// Creates a job.
    public init(
        id: String, suspect: String, candidates: [String], reference: [String]? = nil, bootstrap: Int, seed: UInt64,
        status: JobStatus, resultJSON: String? = nil, error: String? = nil, requestedBy: String, createdAt: String,
        finishedAt: String? = nil
    ) {
        self.id = id
        self.suspect = suspect
        self.candidates = candidates
        self.reference = reference
        self.bootstrap = bootstrap
        self.seed = seed
        self.status = status
        self.resultJSON = resultJSON
        self.error = error
        self.requestedBy = requestedBy
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }
}

/// A community report as filed (before it has an id).
public struct ReportSubmission: Sendable, Hashable {
    /// The model the report is about.
    public var suspect: String
    /// The model or organisation the reporter says it came from.
    public var claimedOrigin: String
    /// Links to evidence (http or https).
    public var evidenceLinks: [String]
    /// Free text.
    public var text: String
    /// The name of the token that filed it.
    public var filedBy: String
    /// When it was filed (ISO 8601, UTC).
    public var filedAt: String

    /// Creates a submission.
    public init(
        suspect: String, claimedOrigin: String, evidenceLinks: [String], text: String, filedBy: String, filedAt: String
    ) {
        self.suspect = suspect
        self.claimedOrigin = claimedOrigin
        self.evidenceLinks = evidenceLinks
        self.text = text
        self.filedBy = filedBy
        self.filedAt = filedAt
    }
}

/// A stored community report.
public struct CommunityReport: Sendable, Hashable {
    /// The report's number, increasing in filing order.
    public var id: Int
    /// What was filed.
    public var submission: ReportSubmission
}

/// A failure of the registry's storage.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A row with this key exists (a model or token name taken).
    case duplicate(String)
    /// The database refused or failed.
    case database(String)
    /// The database server cannot be reached or refuses the connection.
    case unreachable(String)

    public var description: String {
        switch self {
        case .duplicate(let what): return "\(what) exists"
        case .database(let message): return "database: \(message)"
        case .unreachable(let message): return message
        }
    }
}

/// The registry's storage: tokens, models with their profiles and outputs, attribution jobs and community reports.
///
/// Two implementations share one schema (``Migrations``): ``SQLiteStore`` (GRDB, embedded) and ``PostgresStore``
/// (postgres-nio). Every statement binds its values; none is built from request text.
public protocol RegistryStore: Sendable {
    /// Brings the schema up to the latest migration.
    func migrate() async throws

    /// Stores a token's SHA-256 under `name`; throws ``StoreError/duplicate(_:)`` when the name is taken.
    func insertToken(name: String, sha256: String, createdAt: String) async throws
    /// The name of the token whose SHA-256 is `sha256`.
    func tokenName(sha256: String) async throws -> String?

    /// Registers a model, its profile and its outputs in one transaction; throws ``StoreError/duplicate(_:)`` when
    /// the name is taken.
    func insertModel(_ upload: ModelUpload) async throws
    /// Every model, by name.
    func models() async throws -> [ModelRecord]
    /// One model.
    func model(named name: String) async throws -> ModelRecord?
    /// A model's profile JSON.
    func profileJSON(model name: String) async throws -> String?
    /// The gzip-compressed outputs of the named models (those that exist).
    func outputs(models names: [String]) async throws -> [String: Data]

    /// Stores a new job.
    func insertJob(_ job: AttributionJob) async throws
    /// Records a job's new status, and its result or error when it has finished.
    func updateJob(id: String, status: JobStatus, resultJSON: String?, error: String?, finishedAt: String?) async throws
    /// One job.
    func job(id: String) async throws -> AttributionJob?
    /// The latest jobs, newest first.
    func recentJobs(limit: Int) async throws -> [AttributionJob]
    /// Marks queued or running jobs as failed with `reason` (after a restart); returns how many.
    func failUnfinishedJobs(reason: String, at time: String) async throws -> Int

    /// Stores a community report and returns it with its number.
    func insertReport(_ submission: ReportSubmission) async throws -> CommunityReport
    /// The latest reports, newest first, optionally about one suspect.
    func reports(suspect: String?, limit: Int) async throws -> [CommunityReport]

    /// Releases connections.
    func close() async throws
}
