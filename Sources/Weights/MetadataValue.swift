/// A metadata value from a checkpoint header: a GGUF key/value or a safetensors `__metadata__` string.
public indirect enum MetadataValue: Sendable, Hashable, CustomStringConvertible {
    case unsigned(UInt64)
    case signed(Int64)
    case float(Double)
    case bool(Bool)
    case string(String)
    /// An array of `count` values; only the first ``MetadataValue/keptArrayElements`` are kept.
    case array(count: Int, first: [MetadataValue])

    /// How many elements of an array are kept in memory (vocabularies can hold hundreds of thousands).
    public static let keptArrayElements = 16

    /// The value as an integer, when it is a whole number.
    public var integer: Int? {
        switch self {
        case .unsigned(let value): value <= UInt64(Int.max) ? Int(value) : nil
        case .signed(let value): Int(value)
        case .float(let value): value == value.rounded() && abs(value) < 1e15 ? Int(value) : nil
        case .string(let text): Int(text)
        default: nil
        }
    }

    /// The value as text, when it is a string.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var description: String {
        switch self {
        case .unsigned(let value): "\(value)"
        case .signed(let value): "\(value)"
        case .float(let value): "\(value)"
        case .bool(let value): "\(value)"
        case .string(let text): text.count > 80 ? String(text.prefix(77)) + "..." : text
        case .array(let count, let first):
            "[" + first.map(\.description).joined(separator: ", ") + (count > first.count ? ", ... (\(count))" : "")
                + "]"
        }
    }
}
