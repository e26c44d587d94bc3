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
