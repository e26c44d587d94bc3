/// A problem found while signing, verifying or logging a lineage certificate, with the place it was found.
public struct AttestationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem the Attestation module reports.
    public enum Kind: String, Sendable, Hashable {
        /// A file that could not be read.
        case unreadableFile = "unreadable file"
        /// A file that could not be written.
        case writeFailed = "write failed"
        /// A key file that is not an Ed25519 key in the expected PEM form.
        case malformedKey = "malformed key"
        /// A DSSE envelope that does not follow the envelope format.
        case malformedEnvelope = "malformed envelope"
        /// An in-toto statement that does not follow Statement v1 or Lineage's predicate schema.
        case malformedStatement = "malformed statement"
        /// A signature that does not verify with the given key.
        case badSignature = "bad signature"
        /// A file whose digest differs from the one the statement declares, or that is missing.
        case digestMismatch = "digest mismatch"
        /// A proof that does not check (wrong shape, wrong hashes, wrong root).
        case invalidProof = "invalid proof"
        /// A proof document (JSON) that cannot be read.
        case malformedProof = "malformed proof"
        /// A log whose stored entries, hashes or tree heads disagree: it was altered.
        case tamperedLog = "tampered log"
        /// A log database that cannot be opened or queried.
        case database = "database error"
        /// A request the log cannot answer (index out of range, size larger than the log).
        case outOfRange = "out of range"
    }

    /// What went wrong.
    public var kind: Kind
    /// The file, when the problem came from one.
    public var file: String?
    /// The log entry index or record number, when the problem concerns one.
    public var record: Int?
    /// A human-readable detail.
    public var detail: String

    /// Creates an error of `kind`, optionally located in `file` at a `record`.
    public init(_ kind: Kind, file: String? = nil, record: Int? = nil, _ detail: String) {
        self.kind = kind
        self.file = file
        self.record = record
        self.detail = detail
    }

    public var description: String {
        var place = ""
        if let file {
            place = record.map { "\(file): entry \($0): " } ?? "\(file): "
        } else if let record {
            place = "entry \(record): "
        }
        return "\(place)\(kind.rawValue): \(detail)"
    }
}
