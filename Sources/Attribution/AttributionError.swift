/// A problem with an attribution request or a label file.
public struct AttributionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A human-readable message naming what was wrong, and where.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
