import Foundation
import Statistics
import Testing

@testable import Corpus

/// Runs `body` with a fresh temporary directory and removes the directory afterwards.
func withTempDirectory<T>(_ body: (TempDirectory) throws -> T) throws -> T {
    let directory = try TempDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory.path) }
    return try body(directory)
}

/// A fresh directory under the system temporary directory (see ``withTempDirectory(_:)``).
struct TempDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("CorpusTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    /// The absolute path of `relative` inside the directory.
    func url(_ relative: String) -> String {
        (path as NSString).appendingPathComponent(relative)
    }

    /// Writes `bytes` to `relative` (creating intermediate directories) and returns the full path.
    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let full = url(relative)
        let parent = PathName.parent(of: full)
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Writes `text` as UTF-8 to `relative` and returns the full path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, bytes: Array(text.utf8))
    }
}

/// The `CorpusError` thrown by `body`, or nil when it does not throw (any other error is an issue).
func corpusError<T>(
    _ body: () throws -> T, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> CorpusError? {
    do {
        _ = try body()
        return nil
    } catch let error as CorpusError {
        return error
    } catch {
        Issue.record("expected a CorpusError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

enum GzipTool {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Compresses `bytes` with `/usr/bin/gzip -c -n`.
    static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gzip-\(UUID().uuidString)")
        try Data(bytes).write(to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-c", "-n", "-9", scratch.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "gzip exited with status \(process.terminationStatus)")
        }
        return [UInt8](data)
    }
}

/// Random strings with quotes, backslashes, slashes, control characters and non-ASCII scalars.
func randomTrickyString(using generator: inout SplitMix64) -> String {
    let pools: [ClosedRange<UInt32>] = [
        0x20...0x7E,  // printable ASCII
        0x00...0x1F,  // control characters
        0x22...0x22,  // quote
        0x5C...0x5C,  // backslash
        0x2F...0x2F,  // slash
        0x7F...0x7F,  // DEL
        0xA0...0x24F,  // Latin-1 and Latin Extended
        0x300...0x36F,  // combining marks
        0x370...0x3FF,  // Greek
        0x400...0x4FF,  // Cyrillic
        0x2000...0x206F,  // general punctuation, including U+2028/U+2029
        0x4E00...0x9FFF,  // CJK
        0xE000...0xF8FF,  // private use
        0xFFF0...0xFFFD,  // specials
        0x1F300...0x1F64F,  // emoji
        0x10000...0x10FFFF,  // any supplementary-plane scalar
    ]
    let length = Int.random(in: 0...40, using: &generator)
    var scalars = String.UnicodeScalarView()
    while scalars.count < length {
        let pool = pools[Int.random(in: 0..<pools.count, using: &generator)]
        let value = UInt32.random(in: pool, using: &generator)
        guard let scalar = Unicode.Scalar(value) else { continue }  // surrogates are not scalars
        scalars.append(scalar)
    }
    return String(scalars)
}

/// The directory of committed fixtures.
func fixturesDirectory() throws -> String {
    try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).path
}
