import Attribution
import Corpus
import Foundation
import Logging

/// Attribution requests run one at a time in the background; their state and results live in the store, so any
/// server process can answer a poll.
public actor AttributionJobs {
    let store: any RegistryStore
    let logger: Logger
    var queue: [AttributionJob] = []
    var worker: Task<Void, Never>?

    /// Creates a runner over `store`.
    public init(store: any RegistryStore, logger: Logger = Logger(label: "lineage.attribution")) {
        self.store = store
        self.logger = logger
    }

    /// Checks a request against the registry, stores the job as queued and starts it; returns the job. `reference`
    /// nil means every registered model that is neither the suspect nor a candidate.
    public func submit(
        suspect: String, candidates: [String], reference: [String]? = nil, bootstrap: Int, seed: UInt64,
        requestedBy: String
    ) async throws -> AttributionJob {
        let registered = Set(try await store.models().map(\.name))
        guard registered.contains(suspect) else {
            throw ServiceError.badRequest("unknown_model", "no model named \"\(suspect)\" is registered")
        }
        if let unknown = candidates.first(where: { !registered.contains($0) }) {
            throw ServiceError.badRequest("unknown_model", "no candidate named \"\(unknown)\" is registered")
        }
        if let unknown = reference?.first(where: { !registered.contains($0) }) {
            throw ServiceError.badRequest("unknown_model", "no reference model named \"\(unknown)\" is registered")
        }
        if let conflict = Attributor.nameListConflict(
            suspect: suspect, candidates: candidates, reference: reference ?? [])
        {
            throw ServiceError.badRequest("invalid_field", conflict)
        }
        let others =
            candidates.isEmpty
            ? registered.subtracting([suspect]).subtracting(reference ?? []) : Set(candidates).subtracting([suspect])
        guard others.count >= 2 else {
            throw ServiceError.badRequest(
                "too_few_candidates", "attribution needs at least 2 candidates besides the suspect, got \(others.count)"
            )
        }
        let job = AttributionJob(
            id: UUID().uuidString.lowercased(), suspect: suspect, candidates: candidates, reference: reference,
            bootstrap: bootstrap, seed: seed, status: .queued, requestedBy: requestedBy, createdAt: Timestamp.now())
        try await store.insertJob(job)
        queue.append(job)
        if worker == nil { worker = Task { await drain() } }
        return job
    }

    /// Waits until every submitted job has finished (for tests and shutdown).
    public func waitUntilIdle() async {
        while let worker {
            await worker.value
            if self.worker == worker { break }
        }
    }

    func drain() async {
        while !queue.isEmpty {
            let job = queue.removeFirst()
            await run(job)
        }
        worker = nil
    }

    func run(_ job: AttributionJob) async {
        do {
            try await store.updateJob(id: job.id, status: .running, resultJSON: nil, error: nil, finishedAt: nil)
            // Without a reference list, every registered model is read: those that are neither the suspect nor a
            // candidate are the reference pool.
            let names =
                job.candidates.isEmpty || job.reference == nil
                ? try await store.models().map(\.name) : [job.suspect] + job.candidates + (job.reference ?? [])
            let outputs = try await store.outputs(models: Array(Set(names)).sorted())
            let json = try await offload {
                try Workspace.with { directory in
                    try Workspace.write(outputs: outputs, to: directory)
                    let data = try AnswerFeatures.read(inputs: [directory])
                    let result = try Attributor(data).attribute(
                        suspect: job.suspect, candidates: job.candidates.isEmpty ? nil : job.candidates,
                        reference: job.reference,
                        settings: AttributionSettings(replicates: job.bootstrap, seed: job.seed))
                    return result.jsonText()
                }
            }
            try await store.updateJob(
                id: job.id, status: .done, resultJSON: json, error: nil, finishedAt: Timestamp.now())
        } catch {
            logger.error("attribution \(job.id) failed: \(error)")
            try? await store.updateJob(
                id: job.id, status: .failed, resultJSON: nil, error: "\(error)", finishedAt: Timestamp.now())
        }
    }
}
