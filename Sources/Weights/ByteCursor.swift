/// Reads little-endian values from a byte buffer front to back, refusing to read past its end.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    let file: String
    private(set) var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, file: String, offset: Int = 0) {
        self.bytes = bytes
        self.file = file
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int, _ what: String) throws(WeightsError) -> Int {
        guard count >= 0, count <= remaining else {
            throw WeightsError(
                .truncated, file: file, offset: offset,
                "\(what) needs \(count) bytes but the file has \(max(remaining, 0)) left")
        }
        defer { offset += count }
        return offset
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: String) throws(WeightsError) -> T {
        let at = try take(MemoryLayout<T>.size, what)
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: T.self))
    }

    mutating func readFloat(_ what: String) throws(WeightsError) -> Float {
        Float(bitPattern: try read(UInt32.self, what))
    }

    mutating func readDouble(_ what: String) throws(WeightsError) -> Double {
        Double(bitPattern: try read(UInt64.self, what))
    }

    /// A count of items stored as an unsigned 64-bit integer, each taking at least `bytesEach` bytes of what follows;
    /// a count the rest of the file cannot hold is a `.truncated` error saying how many bytes it needs.
    mutating func readCount(_ what: String, bytesEach: Int) throws(WeightsError) -> Int {
        let start = offset
        let value = try read(UInt64.self, what)
        let available = remaining
        guard value <= UInt64(available / bytesEach) else {
            let (needed, overflow) = value.multipliedReportingOverflow(by: UInt64(bytesEach))
            throw WeightsError(
                .truncated, file: file, offset: start,
                "\(what) \(value) needs \(overflow ? "more than \(UInt64.max)" : "at least \(needed)") bytes after it, "
                    + "\(available) remain (the file is cut short, or the count is corrupt)")
        }
        return Int(value)
    }

    /// A count stored as an unsigned 64-bit integer, refused when it exceeds `limit`.
    mutating func readCount(_ what: String, limit: Int) throws(WeightsError) -> Int {
        let start = offset
        let value = try read(UInt64.self, what)
        guard value <= UInt64(limit) else {
            throw WeightsError(.limitExceeded, file: file, offset: start, "\(what) \(value) exceeds \(limit)")
        }
        return Int(value)
    }

    /// A GGUF string: a 64-bit length, then that many UTF-8 bytes.
    mutating func readString(_ what: String) throws(WeightsError) -> String {
        let start = offset
        let length = try readCount("length of \(what)", bytesEach: 1)
        let at = try take(length, what)
        guard let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[at..<at + length]), as: UTF8.self)
        else {
            throw WeightsError(.malformedHeader, file: file, offset: start, "\(what) is not valid UTF-8")
        }
        return text
    }

    mutating func skip(_ count: Int, _ what: String) throws(WeightsError) {
        _ = try take(count, what)
    }
}
