import Corpus
import Fingerprint
import Foundation
import Logging
import Mustache
import NIOCore
import Synchronization

/// The service's settings.
public struct ServiceSettings: Sendable {
    /// The largest upload accepted (bytes); larger ones get 413.
    public var maximumUploadBytes = 64 << 20
    /// The largest JSON request body accepted (bytes).
    public var maximumJSONBytes = 1 << 20
    /// The most bytes a gzip-compressed upload (or imported file) may inflate to; more is a 400, not an exhausted
    /// server. Each upload being inflated may hold this much memory.
    public var maximumInflatedBytes = 256 << 20
    /// Writes a token may make per minute on average; more get 429.
    public var writesPerMinute = 60
    /// Writes a token may make at once.
    public var writeBurst = 20
    /// Bootstrap replicates of an attribution when the request gives none.
    public var attributionBootstrap = 200
    /// The most bootstrap replicates an attribution or tree may ask for.
    public var maximumBootstrap = 1000
    /// Profile thresholds for uploads.
    public var profile = ProfileSettings()
    /// The transparency log's database file (its key is beside it, `PATH.key`).
    public var logPath: String

    /// Settings with the log at `logPath`.
    public init(logPath: String) { self.logPath = logPath }
}

/// Everything a running service holds: storage, the background attribution runner, the tree cache, the certificate
/// log, rate limits and the page templates.
public final class Registry: Sendable {
    /// The storage.
    public let store: any RegistryStore
    /// The settings.
    public let settings: ServiceSettings
    /// Attribution jobs.
    public let jobs: AttributionJobs
    /// Trees of the registry.
    public let trees: TreeService
    /// The certificate log.
    public let certificates: CertificateLog
    /// Per-token write limits.
    public let limiter: RateLimiter
    let templates: MustacheLibrary
    let openAPI: ByteBuffer
    /// Profiles already read (models are never changed once registered, so entries never go stale).
    let profiles = Mutex<[String: ByteBuffer]>([:])

    init(
        store: any RegistryStore, settings: ServiceSettings, certificates: CertificateLog, templates: MustacheLibrary,
        openAPI: ByteBuffer, logger: Logger
    ) {
        self.store = store
        self.settings = settings
        self.certificates = certificates
        self.templates = templates
        self.openAPI = openAPI
        jobs = AttributionJobs(store: store, logger: logger)
        trees = TreeService(store: store)
        limiter = RateLimiter(perMinute: settings.writesPerMinute, burst: settings.writeBurst)
    }

    /// Migrates `store`, marks jobs a previous process left unfinished as failed, opens the log and loads the
    /// templates.
    public static func open(
        store: any RegistryStore, settings: ServiceSettings, logger: Logger = Logger(label: "lineage.serve")
    ) async throws -> Registry {
        try await store.migrate()
        let stale = try await store.failUnfinishedJobs(
            reason: "the server stopped before the job finished; submit it again", at: Timestamp.now())
        if stale > 0 { logger.notice("\(stale) unfinished attribution job(s) marked failed") }
        let certificates = try CertificateLog(path: settings.logPath)
        guard let resources = Bundle.module.resourcePath else {
            throw StoreError.database("the Service module's resources are missing")
        }
        let templates = try await MustacheLibrary(directory: resources + "/templates")
        let openAPI = try Data(contentsOf: URL(fileURLWithPath: resources + "/openapi.json"))
        return Registry(
            store: store, settings: settings, certificates: certificates, templates: templates,
            openAPI: ByteBuffer(bytes: openAPI), logger: logger)
    }

    /// A model's profile JSON, from memory after the first read.
    func profile(model name: String) async throws -> ByteBuffer? {
        if let cached = profiles.withLock({ $0[name] }) { return cached }
        guard let json = try await store.profileJSON(model: name) else { return nil }
        let buffer = ByteBuffer(string: json)
        profiles.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[name] = buffer
        }
        return buffer
    }
}

/// Opens the store a `--db` value names: a `postgres://` URL or an SQLite file path.
public enum StoreLocation {
    /// The store at `location`; fails promptly when a PostgreSQL server cannot be reached.
    public static func open(_ location: String) async throws -> any RegistryStore {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try await PostgresStore.connect(url: location)
        }
        return try SQLiteStore(path: location)
    }
}

extension Registry {
    /// Registers every model in `inputs` (files or directories of outputs, one model per file) that is not yet
    /// registered, as uploads by `uploader`; returns the names registered and how many files were not (a file
    /// whose exact bytes are already registered is skipped without being read as outputs; one whose model name is
    /// taken is read, then left). A file it refuses is a ``RegistryInputError`` naming the file (and line).
    public func importOutputs(
        _ inputs: [String], uploader: String = "import", progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> (registered: [String], skipped: Int) {
        let files = try CorpusReader.inputFiles(inputs)
        var registered: [String] = []
        // A file whose bytes are already registered (a restart with the same --import) is not profiled again.
        let known = Set(try await store.models().map(\.sha256))
        for (index, file) in files.enumerated() {
            let bytes: [UInt8]
            do {
                bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                throw RegistryInputError("\(file): cannot read the file: \(FileProblem.reason(error))")
            }
            let sha256 = ModelIntake.digest(bytes)
            if known.contains(sha256) {
                progress?(index + 1, files.count)
                continue
            }
            let profileSettings = settings.profile
            let inflatedLimit = settings.maximumInflatedBytes
            let upload: ModelUpload
            do {
                upload = try await offload {
                    try ModelIntake.prepare(
                        bytes: bytes, name: nil, file: file, uploader: uploader, settings: profileSettings,
                        inflatedLimit: inflatedLimit, sha256: sha256)
                }
            } catch let error as ServiceError {
                throw RegistryInputError(error.message)
            }
            if try await store.model(named: upload.record.name) == nil {
                try await store.insertModel(upload)
                registered.append(upload.record.name)
            }
            progress?(index + 1, files.count)
        }
        return (registered, files.count - registered.count)
    }
}
