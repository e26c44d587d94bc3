import Corpus

/// A problem that stops a collection run or makes its input unusable, with the place it was found when there is one.
public struct CollectError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem a collection run reports.
    public enum Kind: String, Sendable, Hashable {
        case invalidPrompts = "invalid prompts"
        case unknownPromptSet = "unknown prompt set"
        case invalidEndpoint = "invalid endpoint"
        case missingAPIKey = "missing API key"
        case unauthorized = "the endpoint refused the credentials"
        case forbidden = "the endpoint forbids this request"
        case notFound = "the endpoint or model was not found"
        case unreachable = "the endpoint cannot be reached"
        case outputFile = "output file"
        case outputInUse = "output file in use"
        case damagedOutput = "damaged output file"
    }

    /// What went wrong.
    public var kind: Kind
    /// Where it went wrong, when it concerns a file.
    public var location: SourceLocation?
    /// A human-readable detail.
    public var detail: String

    /// Creates an error of `kind`, optionally at `location`, with a detail message.
    public init(_ kind: Kind, at location: SourceLocation? = nil, _ detail: String = "") {
        self.kind = kind
        self.location = location
        self.detail = detail
    }

    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return detail.isEmpty ? "\(place)\(kind.rawValue)" : "\(place)\(kind.rawValue): \(detail)"
    }
}
