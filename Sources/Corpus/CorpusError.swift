/// Where in an input a problem was found: a file, and optionally a line or a record index within it.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// Path of the file as given on the command line (or found in a directory).
    public var file: String
    /// 1-based line number, for line-oriented formats.
    public var line: Int?
    /// 0-based record index, for array formats.
    public var record: Int?

    /// Creates a location in `file`, optionally at a line or a record index.
    public init(file: String, line: Int? = nil, record: Int? = nil) {
        self.file = file
        self.line = line
        self.record = record
    }

    public var description: String {
        if let line { return "\(file):\(line)" }
        if let record { return "\(file): record \(record)" }
        return file
    }
}

/// A problem with input data or an input file, with the place it was found.
public struct CorpusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem the corpus readers detect.
    public enum Kind: String, Sendable, Hashable {
        case unreadableFile = "unreadable file"
        case emptyFile = "empty file"
        case unknownFormat = "unknown format"
        case truncatedGzip = "truncated gzip stream"
        case corruptGzip = "corrupt gzip stream"
        case invalidUTF8 = "invalid UTF-8"
        case malformedJSON = "malformed JSON"
        case malformedLine = "malformed line"
        case missingField = "missing field"
        case wrongFieldType = "wrong field type"
        case duplicatePromptID = "duplicate prompt id"
        case noInput = "no input"
        case noAnswers = "no answers"
        case writeFailed = "write failed"
        case limitExceeded = "limit exceeded"
    }

    /// What went wrong.
    public var kind: Kind
    /// Where it went wrong.
    public var location: SourceLocation
    /// A human-readable detail, e.g. the field name or the parser's message.
    public var detail: String

    /// Creates an error of `kind` at `location` with a detail message.
    public init(_ kind: Kind, at location: SourceLocation, _ detail: String = "") {
        self.kind = kind
        self.location = location
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? "\(location): \(kind.rawValue)" : "\(location): \(kind.rawValue): \(detail)"
    }

    /// An object's first six keys as quoted in a message (`"a", "b", …`), each cut like ``excerpt(_:limit:)``.
    public static func keyList(_ members: [JSONMember]) -> String {
        members.prefix(6).map { "\"\(excerpt($0.key, limit: 20))\"" }.joined(separator: ", ")
            + (members.count > 6 ? ", …" : "")
    }

    /// `text` as quoted in a message: at most `limit` characters, cut with "…" (a whole line of a wrong file
    /// would drown the message).
    public static func excerpt(_ text: some StringProtocol, limit: Int = 40) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : String(text)
    }
}
