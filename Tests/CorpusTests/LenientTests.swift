import Foundation
import Testing

@testable import Corpus

/// Lenient reading skips bad records and says which ones.
@Suite("Lenient mode")
struct LenientTests {
    static let mixed = """
        {"model": "m", "prompt_id": "1", "output": "one"}
        {"model": "m", "prompt_id": "2", "output": "two"
        {"model": "m", "prompt_id": "3", "output": "three"}
        {"model": "m", "prompt_id": "4"}
        {"model": "m", "prompt_id": "5", "output": "five"}

        """

    @Test func lenientReadSkipsBadRecordsAndCountsThem() throws {
        try withTempDirectory { dir in
            let path = try dir.write("outputs.jsonl", Self.mixed)
            let models = try CorpusReader.read(file: path, options: ReadOptions(lenient: true))
            #expect(models.count == 1)
            let model = try #require(models.first)
            #expect(model.model == "m")
            #expect(model.responses.map(\.text) == ["one", "three", "five"])
            #expect(model.responses.map(\.promptID) == ["1", "3", "5"])
            #expect(model.skipped.count == 2)
            #expect(model.skipped.map(\.kind) == [.malformedJSON, .missingField])
            #expect(
                model.skipped.map(\.location) == [
                    SourceLocation(file: path, line: 2), SourceLocation(file: path, line: 4),
                ])
        }
    }

    @Test func strictReadStopsAtTheFirstBadRecord() throws {
        try withTempDirectory { dir in
            let path = try dir.write("outputs.jsonl", Self.mixed)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .malformedJSON)
            #expect(error.location == SourceLocation(file: path, line: 2))
            #expect(ReadOptions().lenient == false)
        }
    }

    @Test func lenientReadSkipsDuplicatesUnderTheirModel() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl",
                """
                {"model": "a", "prompt_id": "1", "output": "x"}
                {"model": "b", "prompt_id": "1", "output": "y"}
                {"model": "b", "prompt_id": "1", "output": "dup"}
                {"model": "b", "prompt_id": "2", "output": "z"}

                """)
            let models = try CorpusReader.read(file: path, options: ReadOptions(lenient: true))
            #expect(models.map(\.model) == ["a", "b"])
            #expect(models[0].skipped.isEmpty)
            #expect(models[1].responses.map(\.text) == ["y", "z"])
            #expect(models[1].skipped.map(\.kind) == [.duplicatePromptID])
            #expect(models[1].skipped.first?.location == SourceLocation(file: path, line: 3))
        }
    }

    @Test func lenientAlpacaEvalSkipsRecordsWithBadFields() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "model_outputs.json",
                #"[{"instruction": "a", "output": "x", "generator": "g"}, {"instruction": "b", "generator": "g"}, {"instruction": "c", "output": 3, "generator": "g"}, {"instruction": "d", "output": "w", "generator": "g"}]"#
            )
            let models = try CorpusReader.read(file: path, options: ReadOptions(lenient: true))
            #expect(models.map(\.model) == ["g"])
            #expect(models.first?.responses.map(\.text) == ["x", "w"])
            #expect(models.first?.skipped.map(\.kind) == [.missingField, .wrongFieldType])
            #expect(
                models.first?.skipped.map(\.location) == [
                    SourceLocation(file: path, record: 1), SourceLocation(file: path, record: 2),
                ])
        }
    }

    @Test func lenientModeStillFailsOnASyntaxErrorInAnArray() throws {
        try withTempDirectory { dir in
            let path = try dir.write("model_outputs.json", "[{\"output\": \"x\"} {\"output\": \"y\"}]")
            let error = try #require(
                corpusError { try CorpusReader.read(file: path, options: ReadOptions(lenient: true)) })
            #expect(error.kind == .malformedJSON)
            #expect(error.location.line == 1)
        }
    }

    @Test func lenientFileWithOnlyBadRecordsYieldsNoResponses() throws {
        try withTempDirectory { dir in
            let path = try dir.write("generated_some__model.jsonl", "{\"model\": \"m\"}\n{oops}\n")
            let models = try CorpusReader.read(file: path, options: ReadOptions(lenient: true))
            #expect(models.count == 1)
            #expect(models.first?.model == "some/model")
            #expect(models.first?.responses.isEmpty == true)
            #expect(models.first?.skipped.count == 2)
        }
    }

    @Test func lenientModeDoesNotHideFileLevelErrors() throws {
        try withTempDirectory { dir in
            let empty = try dir.write("empty.jsonl", bytes: [])
            let csv = try dir.write("table.jsonl", "a,b\n1,2\n")
            let lenient = ReadOptions(lenient: true)
            #expect(corpusError { try CorpusReader.read(file: empty, options: lenient) }?.kind == .emptyFile)
            #expect(corpusError { try CorpusReader.read(file: csv, options: lenient) }?.kind == .unknownFormat)
        }
    }
}
