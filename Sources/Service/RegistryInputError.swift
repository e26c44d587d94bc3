/// Input the registry refuses outside HTTP (an imported file, a token name): the message alone, naming the file when
/// there is one, with no HTTP status or code.
public struct RegistryInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for people.
    public var message: String

    /// Creates an error saying `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
