import Foundation
import Testing

@testable import Corpus

/// AlpacaEval arrays, slop-forensics records, detection by content, and model names from paths.
@Suite("Formats")
struct FormatTests {
    // MARK: 8. AlpacaEval

    @Test func alpacaEvalFixtureParses() throws {
        let path = try fixturesDirectory() + "/alpacaeval/results/tiny-model/model_outputs.json"
        let models = try CorpusReader.read(file: path)
        let model = try #require(models.first)
        #expect(models.count == 1)
        #expect(model.model == "tiny-model")
        #expect(model.format == .alpacaEval)
        #expect(model.file == path)
        #expect(model.skipped.isEmpty)
        #expect(
            model.responses == [
                Response(
                    promptID: nil, prompt: "What is the capital of France?", text: "The capital of France is Paris."),
                Response(
                    promptID: nil, prompt: "Name a primary colour.",
                    text: "Blue is a primary colour.\nSo are red and yellow."),
                Response(promptID: nil, prompt: "Say \"hi\" politely.", text: "Hello \u{2014} how are you?"),
            ])
        #expect(model.sha256 == (try CorpusReader.sha256(of: path)))
    }

    @Test func alpacaEvalModelsAreMatchedByPromptText() throws {
        let root = try fixturesDirectory() + "/alpacaeval/results"
        let tiny = try CorpusReader.read(file: root + "/tiny-model/model_outputs.json")
        let other = try CorpusReader.read(file: root + "/other-model/model_outputs.json")
        // No generator field: the model is named after the directory holding model_outputs.json.
        #expect(other.map(\.model) == ["other-model"])
        let index = PromptIndex(
            (tiny + other).map { $0.responses.map { PromptRef(id: $0.promptID, text: $0.prompt) } })
        #expect(index.matching == .text)
        #expect(
            index.keys == ["What is the capital of France?", "Name a primary colour.", "Say \"hi\" politely."])
        #expect(index.rows == [[0, 1, 2], [2, 0, 1]])
    }

    @Test func alpacaEvalRecordMissingOutputIsReportedByRecordIndex() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "model_outputs.json",
                """
                [
                  {"instruction": "a", "output": "x", "generator": "g"},
                  {"instruction": "b", "output": "y", "generator": "g"},
                  {"instruction": "c", "generator": "g"},
                  {"instruction": "d", "output": "w", "generator": "g"}
                ]

                """)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .missingField)
            #expect(error.location == SourceLocation(file: path, record: 2))
            #expect(error.description.contains("record 2"))
        }
    }

    @Test func alpacaEvalOutputOfWrongTypeIsReportedByRecordIndex() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "model_outputs.json",
                #"[{"instruction": "a", "output": "x"}, {"instruction": "b", "output": 12}]"#)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .wrongFieldType)
            #expect(error.location == SourceLocation(file: path, record: 1))
        }
    }

    @Test func alpacaEvalMissingCommaIsMalformedJSONAtItsLine() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "model_outputs.json",
                """
                [
                  {"instruction": "a", "output": "x", "generator": "g"},
                  {"instruction": "b", "output": "y", "generator": "g"}
                  {"instruction": "c", "output": "z", "generator": "g"}
                ]

                """)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .malformedJSON)
            #expect(error.location.file == path)
            #expect(error.location.line == 4)
        }
    }

    @Test func alpacaEvalSyntaxErrorInsideARecordIsMalformedJSONAtItsLine() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "model_outputs.json",
                """
                [
                  {
                    "instruction": "a",
                    "output": "x"
                  },
                  {
                    "instruction": "b",
                    "output": tru
                  }
                ]

                """)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .malformedJSON)
            #expect(error.location.file == path)
            #expect(error.location.line == 8)
            #expect(error.location.record == 1)
        }
    }

    @Test func alpacaEvalUnterminatedArrayIsMalformedJSON() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "model_outputs.json", "[\n  {\"instruction\": \"a\", \"output\": \"x\"},\n  {\"instruction\": \"b\"")
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .malformedJSON)
            #expect(error.location.file == path)
            #expect(error.location.line == 3)
        }
    }

    @Test func alpacaEvalInvalidUTF8IsReportedAtItsLine() throws {
        try withTempDirectory { dir in
            let bytes =
                Array(
                    "[\n  {\"instruction\": \"a\", \"output\": \"x\"},\n  {\"instruction\": \"b\", \"output\": \"".utf8)
                + [0xC3, 0x28] + Array("\"}\n]\n".utf8)
            let path = try dir.write("model_outputs.json", bytes: bytes)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .invalidUTF8)
            #expect(error.location == SourceLocation(file: path, line: 3))
        }
    }

    @Test func alpacaEvalWithByteOrderMarkParses() throws {
        try withTempDirectory { dir in
            let bytes: [UInt8] =
                [0xEF, 0xBB, 0xBF] + Array(#"[{"instruction": "a", "output": "x", "generator": "g"}]"#.utf8)
            let path = try dir.write("model_outputs.json", bytes: bytes)
            let models = try CorpusReader.read(file: path)
            #expect(models.map(\.model) == ["g"])
            #expect(models.first?.responses.map(\.text) == ["x"])
        }
    }

    // MARK: 10. Detection by content, not by file name

    @Test func jsonLinesNamedDotJSONIsReadAsJSONLines() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "x.json",
                """
                {"model": "m", "prompt_id": "1", "prompt": "P1", "output": "a"}
                {"model": "m", "prompt_id": "2", "prompt": "P2", "output": "b"}

                """)
            let models = try CorpusReader.read(file: path)
            #expect(models.count == 1)
            #expect(models.first?.format == .jsonLines)
            #expect(
                models.first?.responses == [
                    Response(promptID: "1", prompt: "P1", text: "a"), Response(promptID: "2", prompt: "P2", text: "b"),
                ])
        }
    }

    @Test func jsonArrayNamedDotJSONLIsReadAsAlpacaEval() throws {
        try withTempDirectory { dir in
            let path = try dir.write("outputs.jsonl", #"[{"instruction": "a", "output": "x", "generator": "g"}]"#)
            let models = try CorpusReader.read(file: path)
            #expect(models.first?.format == .alpacaEval)
            #expect(models.first?.responses.map(\.text) == ["x"])
        }
    }

    @Test(arguments: ["outputs.data", "outputs.jsonl", "outputs"])
    func gzipWithoutGzSuffixIsRead(name: String) throws {
        try withTempDirectory { dir in
            let text = "{\"model\": \"m\", \"prompt_id\": \"1\", \"output\": \"caf\u{e9}\"}\n"
            let compressed = try GzipTool.compress(Array(text.utf8))
            let path = try dir.write(name, bytes: compressed)
            let models = try CorpusReader.read(file: path)
            #expect(models.first?.format == .jsonLines)
            #expect(models.first?.responses == [Response(promptID: "1", prompt: nil, text: "caf\u{e9}")])
            // The digest is of the stored (compressed) bytes.
            #expect(models.first?.sha256 == (try CorpusReader.sha256(of: path)))
        }
    }

    @Test func slopForensicsRecordsAreDetected() throws {
        let path = try fixturesDirectory() + "/slop-forensics/generated_google__gemma-3-4b-it.jsonl"
        let models = try CorpusReader.read(file: path)
        let model = try #require(models.first)
        #expect(models.count == 1)
        #expect(model.format == .slopForensics)
        #expect(model.model == "google/gemma-3-4b-it")
        #expect(model.responses.map(\.promptID) == ["17", "18", "19"])
        #expect(
            model.responses.map(\.prompt) == [
                "Write about a lighthouse.", "Write about a forest.", "Write about the sea.",
            ])
        #expect(model.responses.first?.text == "The lighthouse keeper watched the storm.")
    }

    @Test func recordsWithPromptIDAndSourceAreNotSlopForensics() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl",
                #"{"source": "s", "id": "row-1", "prompt_id": "p", "model": "m", "output": "x"}"# + "\n")
            let models = try CorpusReader.read(file: path)
            #expect(models.first?.format == .jsonLines)
            // prompt_id takes precedence over id.
            #expect(models.first?.responses.first?.promptID == "p")
        }
    }

    @Test func generatorNamesTheModelAndInstructionThePrompt() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl", #"{"generator": "gen", "instruction": "Do it.", "output": "Done."}"# + "\n")
            let models = try CorpusReader.read(file: path)
            #expect(models.map(\.model) == ["gen"])
            #expect(models.first?.responses == [Response(promptID: nil, prompt: "Do it.", text: "Done.")])
        }
    }

    @Test func metadataRecordsAndNullFieldsAreHandled() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl",
                """
                {"lineage_metadata": {"run": 1}, "model": "m"}
                {"model": "m", "prompt_id": null, "prompt": null, "sample": null, "output": "a", "extra": {"x": [1, 2.5e3, true, null]}}
                \r
                {"model": "m", "prompt_id": "2", "output": ""}\r

                """)
            let models = try CorpusReader.read(file: path)
            #expect(models.count == 1)
            #expect(
                models.first?.responses == [
                    Response(promptID: nil, prompt: nil, text: "a"), Response(promptID: "2", prompt: nil, text: ""),
                ])
        }
    }

    @Test func modelsAppearInOrderOfFirstAppearance() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl",
                """
                {"model": "zeta", "output": "1"}
                {"model": "alpha", "output": "2"}
                {"model": "zeta", "output": "3"}
                {"model": "mid", "output": "4"}

                """)
            let models = try CorpusReader.read(file: path)
            #expect(models.map(\.model) == ["zeta", "alpha", "mid"])
            #expect(models.map { $0.responses.map(\.text) } == [["1", "3"], ["2"], ["4"]])
            #expect(Set(models.map(\.sha256)).count == 1)
        }
    }

    /// The detector skips a UTF-8 byte order mark, so a JSON Lines file that starts with one should be
    /// read like any other (the AlpacaEval array reader does skip it).
    @Test func jsonLinesWithByteOrderMarkIsRead() throws {
        try withTempDirectory { dir in
            let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\"model\": \"m\", \"output\": \"a\"}\n".utf8)
            let path = try dir.write("outputs.jsonl", bytes: bytes)
            let models = try CorpusReader.read(file: path)
            #expect(models.first?.responses.map(\.text) == ["a"])
        }
    }

    // MARK: 11. Model names from file names

    @Test func modelNameFromSlopForensicsFileName() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "generated_google__gemma-3-4b-it.jsonl",
                """
                {"prompt_id": "1", "output": "a"}
                {"prompt_id": "2", "output": "b"}

                """)
            let models = try CorpusReader.read(file: path)
            #expect(models.map(\.model) == ["google/gemma-3-4b-it"])
            #expect(models.first?.responses.count == 2)
        }
    }

    @Test func modelNameFromAlpacaEvalDirectory() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "results/foo/model_outputs.json", #"[{"instruction": "a", "output": "x"}]"#)
            let models = try CorpusReader.read(file: path)
            #expect(models.map(\.model) == ["foo"])
        }
    }

    @Test(
        arguments: [
            ("generated_google__gemma-3-4b-it.jsonl", "google/gemma-3-4b-it"),
            ("data/generated_google__gemma-3-4b-it.jsonl.gz", "google/gemma-3-4b-it"),
            ("results/foo/model_outputs.json", "foo"),
            ("results/foo/model_outputs.json.gz", "foo"),
            ("/abs/path/my-model.json", "my-model"),
            ("Upper.JSONL", "Upper"),
            ("org__name__v2.jsonl", "org/name/v2"),
        ])
    func modelNameFromPath(path: String, expected: String) {
        #expect(CorpusReader.modelName(fromPath: path) == expected)
    }

    @Test func recordModelTakesPrecedenceOverFileName() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "generated_google__gemma-3-4b-it.jsonl",
                """
                {"model": "named", "output": "a"}
                {"output": "b"}

                """)
            let models = try CorpusReader.read(file: path)
            #expect(models.map(\.model) == ["named", "google/gemma-3-4b-it"])
        }
    }
}
