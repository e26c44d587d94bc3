import Foundation
import Testing

@testable import Corpus

/// Finding input files on the command line and in directories.
@Suite("Input files")
struct InputFilesTests {
    @Test func directoryIsSearchedRecursivelyInSortedOrder() throws {
        try withTempDirectory { dir in
            for name in [
                "b.jsonl", "a.json", "sub/c.jsonl.gz", "sub/z.json.gz", "sub/deeper/d.jsonl", "UPPER.JSONL",
                "labels.json", "sub/labels.json", "package.json", ".hidden.jsonl", "sub/.x.json", "notes.txt",
                "data.csv", "archive.tar.gz",
            ] {
                try dir.write(name, "{}\n")
            }
            // A directory whose name looks like an input file is not itself an input.
            try FileManager.default.createDirectory(
                atPath: dir.url("folder.jsonl"), withIntermediateDirectories: true)
            let files = try CorpusReader.inputFiles([dir.path])
            let expected = [
                "UPPER.JSONL", "a.json", "b.jsonl", "sub/c.jsonl.gz", "sub/deeper/d.jsonl", "sub/z.json.gz",
            ]
            .map { dir.url($0) }
            #expect(files == expected)
            #expect(files == files.sorted())
        }
    }

    /// Hidden directories (`.git`, `.venv`, `.cache`, ...) hold tool data, not model outputs, and a
    /// `.venv` alone can hold thousands of `.json` files; the walk skips hidden file names but still
    /// descends into hidden directories.
    @Test func filesInsideHiddenDirectoriesAreSkipped() throws {
        try withTempDirectory { dir in
            try dir.write("a.jsonl", "{}\n")
            try dir.write(".cache/x.jsonl", "{}\n")
            try dir.write("sub/.venv/lib/y.json", "{}\n")
            let files: [String] = try CorpusReader.inputFiles([dir.path])
            #expect(files == [dir.url("a.jsonl")])
        }
    }

    @Test func filesNamedExplicitlyAreKeptAsGivenAndInOrder() throws {
        try withTempDirectory { dir in
            let second = try dir.write("second.txt", "{}\n")
            let first = try dir.write("labels.json", "{}\n")
            let inner = try dir.write("sub/inner.jsonl", "{}\n")
            let files = try CorpusReader.inputFiles([second, first, dir.url("sub")])
            #expect(files == [second, first, inner])
        }
    }

    @Test func nonexistentPathIsUnreadable() throws {
        try withTempDirectory { dir in
            let missing = dir.url("does-not-exist")
            let error = try #require(corpusError { try CorpusReader.inputFiles([missing]) })
            #expect(error.kind == .unreadableFile)
            #expect(error.location == SourceLocation(file: missing))
        }
    }

    @Test func directoryWithoutInputsIsNoInput() throws {
        try withTempDirectory { dir in
            try dir.write("readme.md", "hello")
            try dir.write("labels.json", "{}")
            let error = try #require(corpusError { try CorpusReader.inputFiles([dir.path]) })
            #expect(error.kind == .noInput)
            #expect(error.location.file == dir.path)
        }
    }

    @Test func noPathsIsNoInput() {
        #expect(corpusError { try CorpusReader.inputFiles([]) }?.kind == .noInput)
    }

    @Test(
        arguments: [
            ("a.jsonl", true), ("a.JSONL", true), ("a.json", true), ("a.jsonl.gz", true), ("a.json.gz", true),
            ("labels.json", false), ("Labels.JSON", false), ("package.json", false), ("a.txt", false),
            ("a.gz", false), ("a.jsonl.bz2", false),
        ])
    func outputFileNames(name: String, accepted: Bool) {
        #expect(CorpusReader.isOutputFileName(name) == accepted)
    }
}
