/// Escaping of text for HTML and SVG (XML) documents.
public enum Markup {
    /// `text` safe to place in HTML or XML element content or a quoted attribute: `& < > " '` become character
    /// references, and control characters (other than tab and line feed) and noncharacters are dropped, so
    /// model-written text can never become markup.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            case "\r": result += " "
            default:
                if isAllowed(scalar) { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// Whether XML 1.0 allows `scalar` in a document and it is not a C0/C1 control or a noncharacter.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return false }
        if (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE { return false }
        return true
    }

    /// `text` on one line, escaped, cut to at most `limit` characters with an ellipsis.
    public static func escapeLine(_ text: String, limit: Int = .max) -> String {
        let flat = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        let cut = flat.count > limit ? String(flat.prefix(max(0, limit - 1))) + "…" : flat
        return escape(cut)
    }

    /// A number with `digits` decimals, without a locale.
    public static func number(_ value: Double, digits: Int = 2) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        let sign = rounded < 0 ? "-" : ""
        let magnitude = abs(rounded)
        let whole = Int(magnitude)
        guard digits > 0 else { return sign + String(whole) }
        let fraction = Int(((magnitude - Double(whole)) * scale).rounded())
        let padded = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: max(0, digits - padded.count)) + padded
    }
}
