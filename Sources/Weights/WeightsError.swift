/// A problem with a checkpoint file, with the file and, where known, the tensor or byte offset it concerns.
public struct WeightsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem the weights readers and comparisons detect.
    public enum Kind: String, Sendable, Hashable {
        case unreadableFile = "unreadable file"
        case unknownFormat = "unknown format"
        case truncated = "truncated file"
        case malformedHeader = "malformed header"
        case unknownDType = "unknown dtype"
        case badShape = "bad shape"
        case badOffsets = "bad tensor offsets"
        case limitExceeded = "limit exceeded"
        case unsupported = "unsupported"
        case noTensors = "no tensors"
        case writeFailed = "write failed"
    }

    /// What went wrong.
    public var kind: Kind
    /// The file it concerns, as given.
    public var file: String
    /// The tensor it concerns, when one does.
    public var tensor: String?
    /// The byte offset in the file, when known.
    public var offset: Int?
    /// A human-readable detail.
    public var detail: String

    /// Creates an error of `kind` in `file`, optionally at a tensor or byte offset.
    public init(_ kind: Kind, file: String, tensor: String? = nil, offset: Int? = nil, _ detail: String = "") {
        self.kind = kind
        self.file = file
        self.tensor = tensor
        self.offset = offset
        self.detail = detail
    }

    public var description: String {
        var place = file
        if let offset { place += ": byte \(offset)" }
        if let tensor { place += ": tensor \(tensor)" }
        return detail.isEmpty ? "\(place): \(kind.rawValue)" : "\(place): \(kind.rawValue): \(detail)"
    }
}
