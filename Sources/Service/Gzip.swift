import Foundation
import LineageZlib

/// gzip compression through the system zlib (the Corpus module inflates).
enum Gzip {
    /// `bytes` as one gzip member.
    static func compress(_ bytes: [UInt8], level: Int32 = 6) -> Data {
        var stream = z_stream()
        // 15 window bits + 16: write a gzip header and trailer.
        guard
            deflateInit2_(
                &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { preconditionFailure("zlib could not be initialised") }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(bytes.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let written: Int = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                // deflateBound guarantees one call finishes.
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflate did not finish within its bound")
                return out.count - Int(stream.avail_out)
            }
        }
        return Data(output[0..<written])
    }
}
