/// Lineage's predicate: what a model declares about where it came from, with digests a third party can check.
///
/// Schema (JSON, camelCase like in-toto's own fields; every list may be empty):
/// - `baseModels`: models this one was fine-tuned or merged from (`name`, optional `uri`, optional `digest`).
/// - `teachers`: models whose outputs it was distilled or trained on (same shape).
/// - `trainingData`: training data files (`name`, `digest.sha256`).
/// - `evaluations`: raw evaluation logs (`name`, `digest.sha256`, `merkleRoot` over the log's lines, `records`).
/// - `analysisReport`: optionally, a report by Lineage's own analysis (`name`, `digest.sha256`).
public struct LineagePredicate: Codable, Sendable, Hashable {
    /// The predicateType URI of this schema, version 1.
    public static let type = "https://lineage.invalid/attestation/model-lineage/v1"

    /// Declared base models.
    public var baseModels: [ResourceDescriptor]
    /// Declared teachers.
    public var teachers: [ResourceDescriptor]
    /// Training data files and their digests.
    public var trainingData: [ResourceDescriptor]
    /// Published raw evaluation logs.
    public var evaluations: [EvaluationLog]
    /// A Lineage analysis report and its digest, when one is attached.
    public var analysisReport: ResourceDescriptor?

    /// Creates a predicate.
    public init(
        baseModels: [ResourceDescriptor] = [], teachers: [ResourceDescriptor] = [],
        trainingData: [ResourceDescriptor] = [], evaluations: [EvaluationLog] = [],
        analysisReport: ResourceDescriptor? = nil
    ) {
        self.baseModels = baseModels
        self.teachers = teachers
        self.trainingData = trainingData
        self.evaluations = evaluations
        self.analysisReport = analysisReport
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        baseModels = try container.decodeIfPresent([ResourceDescriptor].self, forKey: .baseModels) ?? []
        teachers = try container.decodeIfPresent([ResourceDescriptor].self, forKey: .teachers) ?? []
        trainingData = try container.decodeIfPresent([ResourceDescriptor].self, forKey: .trainingData) ?? []
        evaluations = try container.decodeIfPresent([EvaluationLog].self, forKey: .evaluations) ?? []
        analysisReport = try container.decodeIfPresent(ResourceDescriptor.self, forKey: .analysisReport)
    }
}

/// A raw evaluation log: its file digest and the RFC 6962 Merkle root over its lines, so that single records can be
/// proven to belong to the published log.
public struct EvaluationLog: Codable, Sendable, Hashable {
    /// The log's path as given when signing.
    public var name: String
    /// `{"sha256": hex}` of the whole file.
    public var digest: [String: String]
    /// RFC 6962 Merkle tree hash over the file's lines (each line without its newline is a leaf), lowercase hex.
    public var merkleRoot: String
    /// Number of lines (leaves).
    public var records: Int

    /// Creates an entry.
    public init(name: String, digest: [String: String], merkleRoot: String, records: Int) {
        self.name = name
        self.digest = digest
        self.merkleRoot = merkleRoot
        self.records = records
    }

    /// Reads the log at `path` and computes its digest and Merkle root.
    public static func measure(path: String, name: String? = nil) throws(AttestationError) -> EvaluationLog {
        let data = try FileDigest.read(path)
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        let leaves = lines.map { MerkleTree.leafHash($0) }
        return EvaluationLog(
            name: name ?? path, digest: ["sha256": FileDigest.sha256(data)],
            merkleRoot: Hex.encode(MerkleTree.root(leafHashes: leaves)), records: leaves.count)
    }
}
