import Foundation
import Statistics
import Testing

@testable import Corpus

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The libdeflate fast path and the zlib path give the same bytes, and every gzip the fast path does not judge is
/// left to the zlib path (which names the problem).
@Suite("Gunzip paths")
struct GunzipPathTests {
    static func payload(lines: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        var text = ""
        for line in 0..<lines {
            let words = (0..<Int.random(in: 3...40, using: &generator)).map { _ in
                String(
                    repeating: "abcdefghij".randomElement(using: &generator)!,
                    count: Int.random(in: 1...9, using: &generator))
            }
            text += "{\"model\": \"m\", \"prompt_id\": \"p\(line)\", \"output\": \"\(words.joined(separator: " "))\"}\n"
        }
        return Array(text.utf8)
    }

    /// What the fast path gives when libdeflate is loaded, and `.leftToZlib` when it is not.
    static func expected(_ payload: [UInt8]) -> Gunzip.FastInflation {
        Gunzip.usesLibdeflate ? .inflated(payload) : .leftToZlib
    }

    @Test func theLibraryLoadsWhereTheSystemHasIt() {
        let handle =
            dlopen("libdeflate.so.0", RTLD_NOW | RTLD_LOCAL) ?? dlopen("libdeflate.dylib", RTLD_NOW | RTLD_LOCAL)
        defer { if let handle { dlclose(handle) } }
        let turnedOff = ProcessInfo.processInfo.environment["LINEAGE_GUNZIP"] == "zlib"
        #expect(Gunzip.usesLibdeflate == (handle != nil && !turnedOff))
    }

    @Test(arguments: [1, 5, 2_000])
    func bothPathsGiveTheSameBytes(lines: Int) throws {
        let payload = Self.payload(lines: lines, seed: UInt64(lines))
        let compressed = try GzipTool.compress(payload)
        #expect(try Gunzip.inflateWithZlib(compressed, file: "x.gz") == payload)
        #expect(try Gunzip.decompress(compressed, file: "x.gz") == payload)
        #expect(Gunzip.inflateWithLibdeflate(compressed) == Self.expected(payload))
    }

    @Test func membersAndPaddingAreReadByBothPaths() throws {
        let first = Self.payload(lines: 300, seed: 1)
        let second = Self.payload(lines: 7, seed: 2)
        // The trailer's size is the last member's, smaller than the whole: the fast path has to grow its buffer.
        let compressed = try GzipTool.compress(first) + GzipTool.compress(second) + [0, 0, 0]
        #expect(try Gunzip.inflateWithZlib(compressed, file: "x.gz") == first + second)
        #expect(try Gunzip.decompress(compressed, file: "x.gz") == first + second)
        #expect(Gunzip.inflateWithLibdeflate(compressed) == Self.expected(first + second))
    }

    @Test func damagedStreamsAreLeftToZlib() throws {
        let payload = Self.payload(lines: 50, seed: 3)
        let compressed = try GzipTool.compress(payload)
        var badChecksum = compressed
        badChecksum[badChecksum.count - 8] ^= 0xFF
        for damaged in [Array(compressed.dropLast(9)), badChecksum, compressed + Array("garbage".utf8)] {
            #expect(Gunzip.inflateWithLibdeflate(damaged) == .leftToZlib)
            #expect(throws: CorpusError.self) { try Gunzip.decompress(damaged, file: "x.gz") }
        }
    }

    /// libdeflate skips a header checksum (FHCRC) without checking it, so such members are left to zlib, which
    /// checks it: a wrong one is an error on both paths.
    @Test func headerChecksumsAreCheckedByZlib() throws {
        let payload = Self.payload(lines: 20, seed: 4)
        let plain = try GzipTool.compress(payload)
        // Insert FHCRC: flag bit 1 and a two-byte CRC16 after the 10-byte header.
        var header = Array(plain[0..<10])
        header[3] |= 0x02
        for crc in [UInt16(0xBEEF), UInt16(truncatingIfNeeded: zlibCRC32(header))] {
            let withChecksum = header + [UInt8(crc & 0xFF), UInt8(crc >> 8)] + plain[10...]
            #expect(Gunzip.inflateWithLibdeflate(withChecksum) == .leftToZlib)
            if crc == 0xBEEF {
                #expect(throws: CorpusError.self) { try Gunzip.decompress(withChecksum, file: "x.gz") }
            } else {
                #expect(try Gunzip.decompress(withChecksum, file: "x.gz") == payload)
            }
        }
    }

    /// CRC-32 (IEEE), as gzip's header checksum uses its low 16 bits.
    func zlibCRC32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

/// A limit on the inflated size stops small "gzip bombs" on both paths, and a forged size trailer cannot make the
/// fast path reserve more than deflate can produce.
@Suite("Gunzip limits")
struct GunzipLimitTests {
    @Test func inflatingPastTheLimitIsAnError() throws {
        let payload = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        let compressed = try GzipTool.compress(payload)
        #expect(compressed.count < 4 << 10)
        #expect(try Gunzip.decompress(compressed, file: "bomb.gz", limit: payload.count) == payload)
        #expect(
            Gunzip.inflateWithLibdeflate(compressed, limit: payload.count - 1)
                == (Gunzip.usesLibdeflate ? .tooLarge : .leftToZlib))
        for limit in [payload.count - 1, 1000, 0, -1] {
            for error in [
                corpusError { try Gunzip.decompress(compressed, file: "bomb.gz", limit: limit) },
                corpusError { try Gunzip.inflateWithZlib(compressed, file: "bomb.gz", limit: limit) },
            ] {
                #expect(error?.kind == .limitExceeded, "limit \(limit)")
                #expect(error?.location == SourceLocation(file: "bomb.gz"))
            }
        }
        // An empty payload fits any limit that is not negative.
        let empty = try GzipTool.compress([])
        #expect(try Gunzip.decompress(empty, file: "e.gz", limit: 0) == [])
        #expect(try Gunzip.decompress(empty, file: "e.gz", limit: -1) == [])
        try withTempDirectory { directory in
            let path = try directory.write(
                "m.jsonl.gz",
                bytes: try GzipTool.compress(
                    Array(#"{"model": "m", "prompt_id": "p", "output": ""#.utf8) + payload + Array("\"}\n".utf8)))
            let error = corpusError {
                try CorpusReader.read(file: path, options: ReadOptions(maximumInflatedBytes: 1 << 19))
            }
            #expect(error?.kind == .limitExceeded)
            #expect(try CorpusReader.read(file: path).first?.responses.count == 1)
        }
    }

    @Test func aForgedSizeTrailerIsHarmless() throws {
        let payload = Array("{\"model\": \"m\", \"output\": \"x\"}\n".utf8)
        var compressed = try GzipTool.compress(payload)
        // The trailer's size field says 4 GiB - 1; the checksum still matches, so only the size check can fail.
        for index in compressed.count - 4..<compressed.count { compressed[index] = 0xFF }
        #expect(Gunzip.inflateWithLibdeflate(compressed) == .leftToZlib)  // libdeflate checks the size too
        #expect(throws: CorpusError.self) { try Gunzip.decompress(compressed, file: "forged.gz") }
    }
}
