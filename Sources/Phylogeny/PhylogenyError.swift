/// A problem with a matrix, a tree or a file read by the Phylogeny module, with the place it was found.
public struct PhylogenyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem the Phylogeny module reports.
    public enum Kind: String, Sendable, Hashable {
        /// A matrix whose shape or values cannot be used (ragged rows, too few taxa, negative distances).
        case invalidMatrix = "invalid matrix"
        /// A file that does not follow its format (Newick, Nexus, PHYLIP).
        case malformedFile = "malformed file"
        /// A taxon named by the caller that the tree or matrix does not hold.
        case unknownTaxon = "unknown taxon"
        /// A tree that cannot be used for the requested operation.
        case invalidTree = "invalid tree"
        /// A file that could not be read.
        case unreadableFile = "unreadable file"
    }

    /// What went wrong.
    public var kind: Kind
    /// The file, when the problem came from one.
    public var file: String?
    /// 1-based line in `file`, when known.
    public var line: Int?
    /// A human-readable detail.
    public var detail: String

    /// Creates an error of `kind`, optionally located in `file` at `line`.
    public init(_ kind: Kind, file: String? = nil, line: Int? = nil, _ detail: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.detail = detail
    }

    public var description: String {
        var place = ""
        if let file { place = line.map { "\(file):\($0): " } ?? "\(file): " }
        return "\(place)\(kind.rawValue): \(detail)"
    }

    /// `text` as quoted in a message: at most `limit` characters, cut with "…" (a whole line of a wrong file
    /// would drown the message).
    static func excerpt(_ text: some StringProtocol, limit: Int = 40) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : String(text)
    }
}
