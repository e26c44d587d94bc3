/// Builds JSON text quickly and deterministically: members in the order written, numbers in Swift's
/// shortest round-trip form, strings escaped per RFC 8259.
///
/// Objects put each member on its own line, arrays each element, unless opened as single-line (then
/// everything inside stays on one line).
public struct JSONWriter: Sendable {
    /// The UTF-8 bytes so far.
    public private(set) var bytes: [UInt8] = []
    /// The enclosing containers of the innermost one, outermost first (see ``innermost``).
    private var containers: [(hasValues: Bool, singleLine: Bool)] = []
    /// The innermost open container (the document at first): whether it already holds a value, and whether it is
    /// laid out on one line.
    private var innermost: (hasValues: Bool, singleLine: Bool) = (false, false)
    private let indentation: Int
    private var pendingKey = false

    /// Creates a writer with `indent` spaces per nesting level.
    public init(indent: Int = 2) {
        indentation = indent
        bytes.reserveCapacity(1 << 16)
    }

    /// The text so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    private var depth: Int { containers.count }
    private var singleLine: Bool { innermost.singleLine }

    private mutating func newline() {
        guard indentation > 0 else { return }
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: depth * indentation))
    }

    /// Writes the separator before a value or member: a comma after a previous one, then a new line
    /// unless the container is single-line.
    private mutating func separate() {
        if innermost.hasValues { bytes.append(0x2C) }
        innermost.hasValues = true
        if !singleLine && depth > 0 { newline() }
    }

    private mutating func startValue() {
        if pendingKey {
            pendingKey = false
        } else {
            separate()
        }
    }

    /// Opens an object; with `singleLine`, its members (and anything inside) stay on one line.
    public mutating func beginObject(singleLine: Bool = false) {
        startValue()
        bytes.append(0x7B)
        containers.append(innermost)
        innermost = (false, singleLine || innermost.singleLine)
    }

    /// Closes the innermost object.
    public mutating func endObject() {
        let closed = innermost
        innermost = containers.removeLast()
        if closed.hasValues && !closed.singleLine { newline() }
        bytes.append(0x7D)
    }

    /// Opens an array; with `singleLine`, its elements (and anything inside) stay on one line.
    public mutating func beginArray(singleLine: Bool = false) {
        startValue()
        bytes.append(0x5B)
        containers.append(innermost)
        innermost = (false, singleLine || innermost.singleLine)
    }

    /// Closes the innermost array.
    public mutating func endArray() {
        let closed = innermost
        innermost = containers.removeLast()
        if closed.hasValues && !closed.singleLine { newline() }
        bytes.append(0x5D)
    }

    /// Writes a member name; the next call writes its value.
    public mutating func key(_ name: String) {
        separate()
        Self.appendString(name, to: &bytes)
        bytes.append(0x3A)
        if !singleLine { bytes.append(0x20) }
        pendingKey = true
    }

    /// Writes a member whose value is a string (or null).
    public mutating func member(_ name: String, _ string: String?) {
        key(name)
        value(string)
    }

    /// Writes a member whose value is an integer (or null).
    public mutating func member(_ name: String, _ number: Int?) {
        key(name)
        value(number)
    }

    /// Writes a member whose value is a number (or null).
    public mutating func member(_ name: String, _ number: Double?) {
        key(name)
        value(number)
    }

    /// Writes a member whose value is a Boolean.
    public mutating func member(_ name: String, _ flag: Bool) {
        key(name)
        value(flag)
    }

    /// Writes a member whose value is an array of strings, on one line.
    public mutating func member(_ name: String, array: [String]) {
        key(name)
        beginArray(singleLine: true)
        for element in array { value(element) }
        endArray()
    }

    /// Writes a member whose value is an array of integers, on one line.
    public mutating func member(_ name: String, array: [Int]) {
        key(name)
        beginArray(singleLine: true)
        for element in array { value(element) }
        endArray()
    }

    /// Writes a member whose value is an array of numbers, on one line.
    public mutating func member(_ name: String, array: [Double]) {
        key(name)
        beginArray(singleLine: true)
        for element in array { value(element) }
        endArray()
    }

    /// Writes a string value.
    public mutating func value(_ string: String) {
        startValue()
        Self.appendString(string, to: &bytes)
    }

    /// Writes an integer value.
    public mutating func value(_ number: Int) {
        startValue()
        Self.appendInteger(number, to: &bytes)
    }

    /// Writes a number (null when not finite).
    public mutating func value(_ number: Double) {
        startValue()
        if !number.isFinite {
            bytes.append(contentsOf: "null".utf8)
        } else if number == number.rounded(), abs(number) < 1e15 {
            Self.appendInteger(Int(number), to: &bytes)
        } else {
            bytes.append(contentsOf: number.description.utf8)
        }
    }

    /// Writes a Boolean.
    public mutating func value(_ flag: Bool) {
        startValue()
        bytes.append(contentsOf: (flag ? "true" : "false").utf8)
    }

    /// Writes `json`, one complete JSON value written elsewhere, unchanged but for indenting its later lines to the
    /// current depth (trailing white space dropped). The caller vouches that it is valid JSON.
    public mutating func embedded(_ json: String) {
        startValue()
        var text = Substring(json)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        let indent = singleLine || indentation == 0 ? "" : String(repeating: " ", count: depth * indentation)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 {
                bytes.append(0x0A)
                bytes.append(contentsOf: indent.utf8)
            }
            bytes.append(contentsOf: line.utf8)
        }
    }

    /// Writes null.
    public mutating func null() {
        startValue()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Writes an optional number or null.
    public mutating func value(_ number: Double?) {
        if let number { value(number) } else { null() }
    }

    /// Writes an optional integer or null.
    public mutating func value(_ number: Int?) {
        if let number { value(number) } else { null() }
    }

    /// Writes an optional string or null.
    public mutating func value(_ string: String?) {
        if let string { value(string) } else { null() }
    }

    static func appendInteger(_ number: Int, to bytes: inout [UInt8]) {
        if number < 0 {
            bytes.append(0x2D)
            if number == .min {
                bytes.append(contentsOf: String(number).utf8.dropFirst())
                return
            }
        }
        var value = number.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(value % 10) + 0x30
                value /= 10
                count += 1
            } while value > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(20 - count)...]))
        }
    }

    /// Appends `string` as a JSON string literal.
    public static func appendString(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        // Most strings need no escape: copied whole.
        let copied =
            string.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
                guard !utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) else { return false }
                bytes.append(contentsOf: utf8)
                return true
            } ?? false
        if copied {
            bytes.append(0x22)
            return
        }
        for byte in string.utf8 {
            if byte == 0x22 || byte == 0x5C || byte < 0x20 {
                bytes.append(0x5C)
                switch byte {
                case 0x22: bytes.append(0x22)
                case 0x5C: bytes.append(0x5C)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            } else {
                bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }

    /// `string` as a JSON string literal.
    public static func literal(_ string: String) -> String {
        var bytes: [UInt8] = []
        appendString(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
