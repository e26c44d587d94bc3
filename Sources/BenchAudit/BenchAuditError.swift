import Corpus

/// A problem with an evaluation log, a manifest or an audit request, with the place it was found.
public struct BenchAuditError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem the audit reports.
    public enum Kind: String, Sendable, Hashable {
        /// A file that could not be opened or read.
        case unreadableFile = "unreadable file"
        /// A file whose bytes are not JSON (or JSON Lines) of the expected shape.
        case malformedJSON = "malformed JSON"
        /// A record without a field the audit needs.
        case missingField = "missing field"
        /// A record whose field has the wrong type or an impossible value (an option beyond J, say).
        case invalidField = "invalid field"
        /// The same question id twice in a log that must hold each once.
        case duplicateQuestionID = "duplicate question id"
        /// A file holding no records.
        case emptyLog = "empty log"
        /// A manifest that does not follow its schema or whose root does not match its items.
        case invalidManifest = "invalid manifest"
        /// A request that cannot be answered with the inputs given (too few logs, no shared items).
        case invalidRequest = "invalid request"
        /// A file that could not be written.
        case writeFailed = "write failed"
    }

    /// What went wrong.
    public var kind: Kind
    /// Where it went wrong: the file, and the record index (0-based) or line (1-based) when known.
    public var location: SourceLocation
    /// A human-readable detail.
    public var detail: String

    /// Creates an error of `kind` at `location`.
    public init(_ kind: Kind, at location: SourceLocation, _ detail: String = "") {
        self.kind = kind
        self.location = location
        self.detail = detail
    }

    /// Creates an error of `kind` in `file`, optionally at a record index or a line.
    public init(_ kind: Kind, file: String, record: Int? = nil, line: Int? = nil, _ detail: String = "") {
        self.init(kind, at: SourceLocation(file: file, line: line, record: record), detail)
    }

    public var description: String {
        detail.isEmpty ? "\(location): \(kind.rawValue)" : "\(location): \(kind.rawValue): \(detail)"
    }
}
