/// One model answer to one prompt.
public struct Response: Sendable, Hashable {
    /// The prompt's identifier, when the source provides one.
    public var promptID: String?
    /// The prompt's text, when the source provides it.
    public var prompt: String?
    /// The model's output, unchanged.
    public var text: String

    /// Creates a response.
    public init(promptID: String?, prompt: String?, text: String) {
        self.promptID = promptID
        self.prompt = prompt
        self.text = text
    }
}

/// All responses of one model read from one input file.
public struct ModelOutputs: Sendable {
    /// The model's name, from the records' `model`/`generator` field or else the file name.
    public var model: String
    /// The file the responses were read from.
    public var file: String
    /// The responses in file order.
    public var responses: [Response]
    /// Detected format of the file.
    public var format: InputFormat
    /// Bad records skipped in lenient mode, with the reason for each.
    public var skipped: [CorpusError]
    /// SHA-256 of the file's bytes as stored on disk (lowercase hex).
    public var sha256: String

    /// Creates the outputs of `model` read from `file`.
    public init(
        model: String, file: String, responses: [Response], format: InputFormat, skipped: [CorpusError] = [],
        sha256: String
    ) {
        self.model = model
        self.file = file
        self.responses = responses
        self.format = format
        self.skipped = skipped
        self.sha256 = sha256
    }

    /// Total Unicode scalars (characters) over all responses.
    public var characterCount: Int {
        responses.reduce(0) { $0 + $1.text.unicodeScalars.count }
    }
}

/// One input file's contribution to a model.
public struct SourceFile: Sendable, Hashable, Codable {
    /// The path as given.
    public var path: String
    /// SHA-256 of the stored bytes.
    public var sha256: String
    /// Detected format.
    public var format: InputFormat
    /// Records used.
    public var records: Int
    /// Records skipped in lenient mode.
    public var skipped: Int

    /// Creates a source description.
    public init(path: String, sha256: String, format: InputFormat, records: Int, skipped: Int) {
        self.path = path
        self.sha256 = sha256
        self.format = format
        self.records = records
        self.skipped = skipped
    }
}

extension Collection<SourceFile> {
    /// Whether these inputs are Lineage profiles rather than model outputs (false when there are none).
    public var areLineageProfiles: Bool {
        !isEmpty && allSatisfy { $0.format == .lineageProfile }
    }
}
