import Foundation
import Testing

@testable import Corpus

/// File problems and undecodable JSON read as plain, located messages, never as Foundation's error dumps.
@Suite("File errors")
struct FileErrorTests {
    @Test func aMissingFileSaysNoSuchFile() throws {
        try withTempDirectory { dir in
            let path = dir.url("nosuch.jsonl")
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.description == "\(path): unreadable file: no such file or directory")
        }
    }

    @Test func foundationErrorsBecomeThePOSIXReason() {
        let denied = CocoaError(
            .fileWriteNoPermission, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: 13)])
        #expect(FileProblem.reason(denied) == "permission denied")
        #expect(FileProblem.reason(CocoaError(.fileReadNoSuchFile)) == "no such file or directory")
        #expect(FileProblem.reason(CocoaError(.fileWriteVolumeReadOnly)) == "read-only file system")
        #expect(FileProblem.reason(errno: EISDIR) == "is a directory")
        #expect(FileProblem.reason(errno: ENOSPC) == "no space left on device")
    }

    @Test func atomicWriteSaysWhyTheTemporaryFileFailed() throws {
        try withTempDirectory { dir in
            // The temporary file's name is longer than the longest name a directory entry may have.
            let path = dir.url(String(repeating: "n", count: 250) + ".json")
            let error = try #require(corpusError { try AtomicFile.write("x", to: path) })
            #expect(error.kind == .writeFailed)
            #expect(error.detail.hasSuffix(": file name too long"), "\(error)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
            let file = try dir.write("plain", "x")
            let under = try #require(corpusError { try AtomicFile.write("x", to: file + "/sub/out.json") })
            #expect(under.detail.hasSuffix(": not a directory"), "\(under)")
        }
    }

    @Test func outputLocationsAreCheckedWithoutCreatingAnything() throws {
        try withTempDirectory { dir in
            let file = try dir.write("plain", "x")
            let notDirectory = try #require(corpusError { try OutputLocation.checkDirectory(file) })
            #expect(notDirectory.description == "\(file): write failed: exists and is not a directory")
            let below = try #require(corpusError { try OutputLocation.checkDirectory(file + "/a/b") })
            #expect(below.detail == "cannot create the directory: \(file) is not a directory")
            let isDirectory = try #require(corpusError { try OutputLocation.checkFile(dir.path) })
            #expect(isDirectory.detail == "is a directory")
            try OutputLocation.checkDirectory(dir.url("new/nested"))
            try OutputLocation.checkFile(dir.url("new/out.tsv"))
            try OutputLocation.checkDirectory(dir.path)
            #expect(!FileManager.default.fileExists(atPath: dir.url("new")))
            if geteuid() != 0 {  // root may write anywhere
                let locked = dir.url("locked")
                try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
                chmod(locked, 0o555)
                defer { chmod(locked, 0o755) }
                let denied = try #require(corpusError { try OutputLocation.checkDirectory(locked + "/out") })
                #expect(denied.detail == "cannot create the directory: \(locked): permission denied")
            }
        }
    }

    private struct Document: Decodable {
        struct Metrics: Decodable { var score: Double }
        struct Item: Decodable { var count: Int }
        var metrics: Metrics
        var items: [Item]
    }

    private func decodingError(_ text: String) -> CorpusError {
        let data = Data(text.utf8)
        do {
            _ = try JSONDecoder().decode(Document.self, from: data)
            return CorpusError(.noInput, at: SourceLocation(file: "-"), "decoded")
        } catch {
            return CorpusError(decoding: error, file: "d.json", bytes: data, expected: "a test document")
        }
    }

    @Test func decodingErrorsNameThePathOrTheLine() {
        let missing = decodingError(#"{"metrics": {}, "items": []}"#)
        #expect(missing.description == "d.json: missing field: 'metrics.score' (not a test document)")
        let mistyped = decodingError(#"{"metrics": {"score": 1}, "items": [{"count": 1}, {"count": "2"}]}"#)
        #expect(
            mistyped.description
                == "d.json: wrong field type: 'items[1].count' should be a whole number (not a test document)")
        let null = decodingError(#"{"metrics": {"score": null}, "items": []}"#)
        #expect(null.detail == "'metrics.score' should be a number, not null (not a test document)")
        let array = decodingError("[1]")
        #expect(array.detail == "the top level should be an object (not a test document)")
        let truncated = decodingError("{\n  \"metrics\": {\n    \"score\": 1")
        #expect(truncated.kind == .malformedJSON)
        #expect(truncated.location == SourceLocation(file: "d.json", line: 3))
        #expect(truncated.detail.hasPrefix("column "))
        let fraction = decodingError(#"{"metrics": {"score": 1}, "items": [{"count": 1.5}]}"#)
        #expect(fraction.kind == .wrongFieldType)
        for error in [missing, mistyped, null, array, truncated, fraction] {
            #expect(!error.description.contains("Debug description"), "\(error)")
            #expect(!error.description.contains("CodingKeys"), "\(error)")
        }
    }

    @Test func excerptsAreCut() {
        #expect(CorpusError.excerpt("short") == "short")
        let long = CorpusError.excerpt(String(repeating: "x", count: 2000))
        #expect(long.count == 40 && long.hasSuffix("…"))
    }
}
