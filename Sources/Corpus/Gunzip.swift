import LineageZlib

/// Decompression of gzip data through the system zlib (and libdeflate when the system has it).
public enum Gunzip {
    /// True when `bytes` start with the gzip magic number.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Inflates all gzip members in `compressed` and returns the concatenated payload.
    ///
    /// Throws ``CorpusError`` with kind `.truncatedGzip` when the stream ends before a member's trailer,
    /// or `.corruptGzip` when zlib reports bad data or a bad checksum, and `.limitExceeded` when the payload would
    /// be longer than `limit` bytes.
    public static func decompress(_ compressed: [UInt8], file: String, limit: Int = .max) throws(CorpusError)
        -> [UInt8]
    {
        let limit = max(limit, 0)
        switch inflateWithLibdeflate(compressed, limit: limit) {
        case .inflated(let payload): return payload
        case .tooLarge: throw tooLarge(file: file, limit: limit)
        case .leftToZlib: return try inflateWithZlib(compressed, file: file, limit: limit)
        }
    }

    /// The error for a payload longer than `limit` bytes.
    static func tooLarge(file: String, limit: Int) -> CorpusError {
        CorpusError(
            .limitExceeded, at: SourceLocation(file: file), "the compressed data inflates to more than \(limit) bytes")
    }

    /// The payload of `compressed` inflated by zlib's streaming inflate.
    static func inflateWithZlib(_ compressed: [UInt8], file: String, limit: Int = .max) throws(CorpusError)
        -> [UInt8]
    {
        let limit = max(limit, 0)
        var output: [UInt8] = []
        output.reserveCapacity(compressed.count * 4)
        var stream = z_stream()
        // 15 window bits + 16: gzip wrapper only.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw CorpusError(.corruptGzip, at: SourceLocation(file: file), "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }

        let chunk = 1 << 18
        var scratch = [UInt8](repeating: 0, count: chunk)
        var failure: CorpusError?
        compressed.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            var memberEnded = false
            while true {
                let status: Int32 = scratch.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(chunk)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk - Int(stream.avail_out)
                if produced > 0 { output.append(contentsOf: scratch[0..<produced]) }
                if output.count > limit {
                    failure = tooLarge(file: file, limit: limit)
                    return
                }
                switch status {
                case Z_STREAM_END:
                    memberEnded = true
                    // Skip padding zeros some writers append; stop if nothing else follows.
                    while stream.avail_in > 0 && stream.next_in.pointee == 0 {
                        stream.next_in += 1
                        stream.avail_in -= 1
                    }
                    if stream.avail_in == 0 { return }
                    // Another gzip member follows.
                    inflateReset(&stream)
                    memberEnded = false
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    if stream.avail_in == 0 && !memberEnded {
                        failure = CorpusError(
                            .truncatedGzip, at: SourceLocation(file: file),
                            "the compressed stream ends after \(input.count) bytes, before its end marker")
                        return
                    }
                    if produced == 0 {
                        failure = CorpusError(.corruptGzip, at: SourceLocation(file: file), "zlib made no progress")
                        return
                    }
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    failure = CorpusError(
                        .corruptGzip, at: SourceLocation(file: file),
                        "\(message) at compressed byte \(input.count - Int(stream.avail_in))")
                    return
                }
            }
        }
        if let failure { throw failure }
        return output
    }
}
