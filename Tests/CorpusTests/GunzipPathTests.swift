import Foundation
import Testing

@testable import Corpus

/// The libdeflate fast path and the zlib path give the same bytes, and every gzip the fast path rejects is
/// left to the zlib path (which names the problem).
@Suite("Gunzip paths")
struct GunzipPathTests {
    /// Where Debian's libdeflate0 installs the library `Gunzip` loads.
    static let systemLibdeflate = [
        "/usr/lib/x86_64-linux-gnu/libdeflate.so.0", "/usr/lib/aarch64-linux-gnu/libdeflate.so.0",
    ]

    static func payload(lines: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
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

    @Test func theLibraryLoadsWhereTheSystemHasIt() {
        let present = Self.systemLibdeflate.contains { FileManager.default.fileExists(atPath: $0) }
        let turnedOff = ProcessInfo.processInfo.environment["LINEAGE_GUNZIP"] == "zlib"
        #expect(Gunzip.usesLibdeflate == (present && !turnedOff))
    }

    @Test(arguments: [1, 5, 2_000])
    func bothPathsGiveTheSameBytes(lines: Int) throws {
        let payload = Self.payload(lines: lines, seed: UInt64(lines))
        let compressed = try GzipTool.compress(payload)
        #expect(try Gunzip.inflateWithZlib(compressed, file: "x.gz") == payload)
        #expect(try Gunzip.decompress(compressed, file: "x.gz") == payload)
        if Gunzip.usesLibdeflate {
            #expect(Gunzip.inflateWithLibdeflate(compressed) == payload)
        } else {
            #expect(Gunzip.inflateWithLibdeflate(compressed) == nil)
        }
    }

    @Test func membersAndPaddingAreReadByBothPaths() throws {
        let first = Self.payload(lines: 300, seed: 1)
        let second = Self.payload(lines: 7, seed: 2)
        // The trailer's size is the last member's, smaller than the whole: the fast path has to grow its buffer.
        let compressed = try GzipTool.compress(first) + GzipTool.compress(second) + [0, 0, 0]
        #expect(try Gunzip.inflateWithZlib(compressed, file: "x.gz") == first + second)
        #expect(try Gunzip.decompress(compressed, file: "x.gz") == first + second)
        if Gunzip.usesLibdeflate { #expect(Gunzip.inflateWithLibdeflate(compressed) == first + second) }
    }

    @Test func damagedStreamsAreLeftToZlib() throws {
        let payload = Self.payload(lines: 50, seed: 3)
        let compressed = try GzipTool.compress(payload)
        var badChecksum = compressed
        badChecksum[badChecksum.count - 8] ^= 0xFF
        for damaged in [Array(compressed.dropLast(9)), badChecksum, compressed + Array("garbage".utf8)] {
            #expect(Gunzip.inflateWithLibdeflate(damaged) == nil)
            #expect(throws: CorpusError.self) { try Gunzip.decompress(damaged, file: "x.gz") }
        }
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
        #expect(Gunzip.inflateWithLibdeflate(compressed, limit: payload.count - 1) == nil)
        for error in [
            corpusError { try Gunzip.decompress(compressed, file: "bomb.gz", limit: payload.count - 1) },
            corpusError { try Gunzip.inflateWithZlib(compressed, file: "bomb.gz", limit: 1000) },
        ] {
            #expect(error?.kind == .limitExceeded)
            #expect(error?.location == SourceLocation(file: "bomb.gz"))
        }
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
        #expect(Gunzip.inflateWithLibdeflate(compressed) == nil)  // libdeflate checks the size too
        #expect(throws: CorpusError.self) { try Gunzip.decompress(compressed, file: "forged.gz") }
    }
}
