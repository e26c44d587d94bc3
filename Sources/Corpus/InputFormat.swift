/// The layout of an input file, detected from its content.
public enum InputFormat: String, Sendable, Hashable, Codable {
    /// JSON Lines with `{model, prompt_id, prompt, output}` records.
    case jsonLines = "jsonl"
    /// slop-forensics `generated_<model>.jsonl` datasets: `{source, id, prompt, model, output}`.
    case slopForensics = "slop-forensics"
    /// AlpacaEval `model_outputs.json`: a JSON array of `{instruction, output, generator}`.
    case alpacaEval = "alpacaeval"
    /// slop-forensics' combined profile file, read by `profile --import` (not model outputs).
    case slopForensicsProfiles = "slop-forensics-profiles"
    /// A profile written by Lineage (`lineage profile`), read by `tree` and `analyze` (not model outputs).
    case lineageProfile = "lineage-profile"

    /// Whether `head`, the first bytes of a file (512 are enough), look like a profile written by Lineage: a JSON
    /// object whose `format` is `"lineage-profile"` near its start.
    public static func isLineageProfile(head: some Collection<UInt8>) -> Bool {
        let text = String(decoding: head.prefix(512), as: UTF8.self)
        guard text.drop(while: \.isWhitespace).first == "{" else { return false }
        return text.contains("\"format\": \"lineage-profile\"") || text.contains("\"format\":\"lineage-profile\"")
    }

    /// Whether `byte` is JSON white space (space, line feed, carriage return, tab).
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Detects the layout from the first non-blank byte and the first record's keys.
    ///
    /// Returns nil when the content is neither a JSON array nor JSON Lines.
    static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> InputFormat? {
        var index = 0
        // Skip white space (a byte order mark was removed by the caller).
        while index < bytes.count, isBlank(bytes[index]) { index += 1 }
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "["): return .alpacaEval
        case UInt8(ascii: "{"):
            // Look at the first line only: slop-forensics records carry "source" and "id".
            var end = index
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let firstLine = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
            if firstLine.contains("\"source\"") && firstLine.contains("\"id\"") && !firstLine.contains("\"prompt_id\"")
            {
                return .slopForensics
            }
            return .jsonLines
        default: return nil
        }
    }
}
