import Foundation
import Testing

@testable import Corpus

/// Each bad input is rejected with the right kind of error, located at the right file and line.
@Suite("Bad input")
struct BadInputTests {
    // MARK: 1. Malformed JSON

    @Test func malformedJSONLineIsReportedAtItsLine() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl",
                """
                {"model": "m", "prompt_id": "1", "output": "a"}
                {"model": "m", "prompt_id": "2", "output": "b"}
                {"model": "m", "output": "x"
                {"model": "m", "prompt_id": "4", "output": "d"}

                """)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .malformedJSON)
            #expect(error.location == SourceLocation(file: path, line: 3))
            #expect(error.description.hasPrefix("\(path):3: malformed JSON"))
        }
    }

    @Test(
        "Other syntax errors are malformed JSON at their line",
        arguments: [
            #"{"model": "m", "output": "x",}"#,  // trailing comma
            #"{"model": "m" "output": "x"}"#,  // missing comma
            #"{model: "m", "output": "x"}"#,  // unquoted key
            #"{"model": "m", "output": 'x'}"#,  // single quotes
            #"{"model": "m", "output": "x"} extra"#,  // content after the record
            #"{"model": "m", "output": "unterminated}"#,
            #"{"model": "m", "output": "bad \x escape"}"#,
            #"{"model": "m", "output": "lone \ud83d surrogate"}"#,
            #"{"model": "m", "output": "lone \ude00 low surrogate"}"#,
            #"{"model": "m", "output": "bad \u00g1 hex"}"#,
            "{\"model\": \"m\", \"output\": \"raw\ttab\"}",  // unescaped control character
            #"{"model": "m", "output": "x", "n": 01}"#,  // leading zero
            #"{"model": "m", "output": "x", "n": tru}"#,
            #"{"model": "m", "output": "x", "n": [1, 2,]}"#,
            #"["model", "output"]"#,  // not an object
        ])
    func syntaxErrorsAreMalformedJSON(line: String) throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl", "{\"model\": \"m\", \"prompt_id\": \"1\", \"output\": \"fine\"}\n\(line)\n")
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .malformedJSON)
            #expect(error.location == SourceLocation(file: path, line: 2))
        }
    }

    // MARK: 2. Invalid UTF-8

    @Test(
        "Invalid UTF-8 inside an output string is reported at its line",
        arguments: [
            [0xFF] as [UInt8],  // never valid
            [0xC3, 0x28],  // bad continuation byte
            [0xC0, 0xAF],  // overlong encoding
            [0xED, 0xA0, 0x80],  // encoded surrogate
            [0xE2, 0x82],  // truncated sequence before the closing quote
            [0xF4, 0x90, 0x80, 0x80],  // beyond U+10FFFF
        ])
    func invalidUTF8InOutput(bad: [UInt8]) throws {
        try withTempDirectory { dir in
            var bytes = Array("{\"model\": \"m\", \"prompt_id\": \"1\", \"output\": \"caf\u{e9}\"}\n".utf8)
            bytes += Array("{\"model\": \"m\", \"prompt_id\": \"2\", \"output\": \"ab".utf8) + bad
            bytes += Array("cd\"}\n".utf8)
            bytes += Array("{\"model\": \"m\", \"prompt_id\": \"3\", \"output\": \"ok\"}\n".utf8)
            let path = try dir.write("outputs.jsonl", bytes: bytes)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .invalidUTF8)
            #expect(error.location == SourceLocation(file: path, line: 2))
        }
    }

    @Test func invalidUTF8InAnEscapedStringOrNestedValueOrOutsideStrings() throws {
        let variants: [[UInt8]] = [
            // a string that also holds escapes takes the slower decoding path
            Array(#"{"model": "m", "output": "a\nb "#.utf8) + [0xFF] + Array(#"c"}"#.utf8),
            // a value that is only validated, not decoded
            Array(#"{"model": "m", "output": "x", "extra": ["#.utf8) + [0x22, 0xC3, 0x28, 0x22] + Array("]}".utf8),
            // a member name
            Array(#"{"model": "m", "output": "x", ""#.utf8) + [0xFE] + Array(#"": 1}"#.utf8),
        ]
        try withTempDirectory { dir in
            for (index, variant) in variants.enumerated() {
                let bytes = Array("{\"model\": \"m\", \"output\": \"fine\"}\n".utf8) + variant + [0x0A]
                let path = try dir.write("v\(index).jsonl", bytes: bytes)
                let error = try #require(corpusError { try CorpusReader.read(file: path) })
                #expect(error.kind == .invalidUTF8, "variant \(index)")
                #expect(error.location == SourceLocation(file: path, line: 2), "variant \(index)")
            }
        }
    }

    // MARK: 3. Missing or mistyped fields

    @Test func missingOutputFieldIsReportedAtItsLine() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl",
                """
                {"model": "m", "prompt_id": "1", "output": "a"}
                {"model": "m", "prompt_id": "2", "output": "b"}
                {"model": "m", "prompt_id": "3", "output": "c"}
                {"model": "m", "prompt_id": "4", "outptu": "typo"}
                {"model": "m", "prompt_id": "5", "output": "e"}

                """)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .missingField)
            #expect(error.location == SourceLocation(file: path, line: 4))
            #expect(error.detail.contains("output"))
        }
    }

    @Test(
        "An output that is not a string is a wrong field type",
        arguments: ["42", "3.5", "null", "true", #"["a"]"#, #"{"text": "a"}"#])
    func outputOfWrongType(value: String) throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl",
                """
                {"model": "m", "prompt_id": "1", "output": "a"}
                {"model": "m", "prompt_id": "2", "output": \(value)}

                """)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .wrongFieldType)
            #expect(error.location == SourceLocation(file: path, line: 2))
            #expect(error.detail.contains("output"))
        }
    }

    @Test(
        "Other fields of the wrong type are rejected",
        arguments: [
            #"{"model": 7, "output": "a"}"#,
            #"{"generator": ["g"], "output": "a"}"#,
            #"{"model": "m", "prompt_id": 1.5, "output": "a"}"#,
            #"{"model": "m", "prompt": 3, "output": "a"}"#,
            #"{"model": "m", "sample": "1", "output": "a"}"#,
        ])
    func otherFieldsOfWrongType(line: String) throws {
        try withTempDirectory { dir in
            let path = try dir.write("outputs.jsonl", line + "\n")
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .wrongFieldType)
            #expect(error.location == SourceLocation(file: path, line: 1))
        }
    }

    // MARK: 4. Gzip

    static let gzipPayload: [UInt8] = {
        var text = ""
        for index in 0..<60 {
            text +=
                #"{"model": "m", "prompt_id": "p\#(index)", "output": "Response number \#(index * 7919 % 1000) about dragons and tapestries."}"#
            text += "\n"
        }
        return Array(text.utf8)
    }()

    @Test func validGzipIsRead() throws {
        try withTempDirectory { dir in
            let compressed = try GzipTool.compress(Self.gzipPayload)
            let path = try dir.write("outputs.jsonl.gz", bytes: compressed)
            let models = try CorpusReader.read(file: path)
            #expect(models.count == 1)
            #expect(models.first?.responses.count == 60)
            #expect(models.first?.model == "m")
        }
    }

    @Test(arguments: [20, 4, 1])
    func truncatedGzipIsReported(cut: Int) throws {
        try withTempDirectory { dir in
            let compressed = try GzipTool.compress(Self.gzipPayload)
            let path = try dir.write("outputs.jsonl.gz", bytes: Array(compressed.dropLast(cut)))
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .truncatedGzip)
            #expect(error.location == SourceLocation(file: path))
        }
    }

    /// `Fixtures/gzip/corrupt-middle.jsonl.gz` is `gzipPayload` compressed with `gzip -9 -n`, with the 8
    /// bytes in the middle of the 448-byte file inverted (committed, so the test does not depend on the
    /// local gzip version). zlib stops with "invalid distance too far back", a data error, which the
    /// reader reports as `.corruptGzip` (not `.truncatedGzip`).
    @Test func corruptGzipIsReported() throws {
        let path = try fixturesDirectory() + "/gzip/corrupt-middle.jsonl.gz"
        let error = try #require(corpusError { try CorpusReader.read(file: path) })
        #expect(error.kind == .corruptGzip)
        #expect(error.location == SourceLocation(file: path))
    }

    @Test func gzipWithBadChecksumIsCorrupt() throws {
        try withTempDirectory { dir in
            var compressed = try GzipTool.compress(Self.gzipPayload)
            compressed[compressed.count - 8] ^= 0x01  // CRC-32 in the trailer
            let path = try dir.write("outputs.jsonl.gz", bytes: compressed)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .corruptGzip)
            #expect(error.location == SourceLocation(file: path))
        }
    }

    @Test func gzipHeaderOnlyIsTruncated() throws {
        try withTempDirectory { dir in
            let compressed = try GzipTool.compress(Self.gzipPayload)
            let path = try dir.write("outputs.jsonl.gz", bytes: Array(compressed.prefix(10)))
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .truncatedGzip)
            #expect(error.location == SourceLocation(file: path))
        }
    }

    @Test func concatenatedGzipMembersAreAllRead() throws {
        try withTempDirectory { dir in
            let first = try GzipTool.compress(Array(Self.gzipPayload.prefix(while: { $0 != 0x0A })) + [0x0A])
            let second = try GzipTool.compress(
                Array(#"{"model": "m", "prompt_id": "other", "output": "z"}"#.utf8) + [0x0A])
            let path = try dir.write("outputs.jsonl.gz", bytes: first + second)
            let models = try CorpusReader.read(file: path)
            #expect(models.first?.responses.map(\.promptID) == ["p0", "other"])
        }
    }

    @Test func gzipZeroPaddingIsAcceptedButTrailingGarbageIsCorrupt() throws {
        try withTempDirectory { dir in
            let compressed = try GzipTool.compress(Self.gzipPayload)
            let padded = try dir.write("padded.jsonl.gz", bytes: compressed + [0, 0, 0, 0])
            #expect(try CorpusReader.read(file: padded).first?.responses.count == 60)
            let garbage = try dir.write("garbage.jsonl.gz", bytes: compressed + Array("garbage".utf8))
            let error = try #require(corpusError { try CorpusReader.read(file: garbage) })
            #expect(error.kind == .corruptGzip)
            #expect(error.location == SourceLocation(file: garbage))
        }
    }

    @Test func errorsInsideGzipFilesStillNameTheLine() throws {
        try withTempDirectory { dir in
            let text = "{\"model\": \"m\", \"output\": \"a\"}\n{\"model\": \"m\"}\n"
            let path = try dir.write("outputs.jsonl.gz", bytes: try GzipTool.compress(Array(text.utf8)))
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .missingField)
            #expect(error.location == SourceLocation(file: path, line: 2))
        }
    }

    // MARK: 5. Empty files

    @Test func emptyFileIsReported() throws {
        try withTempDirectory { dir in
            let path = try dir.write("outputs.jsonl", bytes: [])
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .emptyFile)
            #expect(error.location.file == path)
            #expect(error.location.line == nil)
        }
    }

    @Test(arguments: [" ", "\n", "\n\n  \t\r\n", "   \r\n\t", "\u{FEFF}\n\n"])
    func whitespaceOnlyFileIsEmpty(content: String) throws {
        try withTempDirectory { dir in
            let path = try dir.write("outputs.jsonl", content)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .emptyFile)
            #expect(error.location.file == path)
        }
    }

    @Test func gzippedEmptyAndWhitespaceFilesAreEmpty() throws {
        try withTempDirectory { dir in
            for (index, content) in ["", "  \n \n"].enumerated() {
                let path = try dir.write("e\(index).jsonl.gz", bytes: try GzipTool.compress(Array(content.utf8)))
                let error = try #require(corpusError { try CorpusReader.read(file: path) })
                #expect(error.kind == .emptyFile)
                #expect(error.location.file == path)
            }
        }
    }

    @Test func emptyJSONArrayIsEmpty() throws {
        try withTempDirectory { dir in
            let path = try dir.write("model_outputs.json", "[ ]\n")
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .emptyFile)
            #expect(error.location.file == path)
        }
    }

    // MARK: 6. Duplicate prompt ids

    @Test func duplicatePromptIDIsReportedAtTheSecondOccurrence() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl",
                """
                {"model": "a", "prompt_id": "p1", "output": "x"}
                {"model": "a", "prompt_id": "p2", "output": "y"}
                {"model": "b", "prompt_id": "p1", "output": "z"}

                {"model": "a", "prompt_id": "p1", "output": "w"}

                """)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .duplicatePromptID)
            #expect(error.location == SourceLocation(file: path, line: 5))
            #expect(error.detail.contains("p1"))
        }
    }

    @Test func samePromptIDWithDifferentSamplesIsAccepted() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl",
                """
                {"model": "a", "prompt_id": "p1", "sample": 0, "output": "x"}
                {"model": "a", "prompt_id": "p1", "sample": 1, "output": "y"}
                {"model": "a", "prompt_id": "p1", "sample": 2, "output": "z"}

                """)
            let models = try CorpusReader.read(file: path)
            #expect(models.count == 1)
            #expect(models.first?.responses.map(\.text) == ["x", "y", "z"])
            #expect(models.first?.responses.map(\.promptID) == ["p1", "p1", "p1"])
        }
    }

    @Test func samePromptIDAndSampleTwiceIsADuplicate() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl",
                """
                {"model": "a", "prompt_id": "p1", "sample": 0, "output": "x"}
                {"model": "a", "prompt_id": "p1", "sample": 1, "output": "y"}
                {"model": "a", "prompt_id": "p1", "sample": 1, "output": "z"}

                """)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .duplicatePromptID)
            #expect(error.location == SourceLocation(file: path, line: 3))
        }
    }

    @Test func samePromptIDForTwoModelsIsAccepted() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl",
                """
                {"model": "a", "prompt_id": "p1", "output": "x"}
                {"model": "b", "prompt_id": "p1", "output": "y"}
                {"model": "a", "prompt_id": "p2", "output": "z"}
                {"model": "b", "prompt_id": "p2", "output": "w"}

                """)
            let models = try CorpusReader.read(file: path)
            #expect(models.map(\.model) == ["a", "b"])
            #expect(models[0].responses.map(\.text) == ["x", "z"])
            #expect(models[1].responses.map(\.text) == ["y", "w"])
            #expect(models.allSatisfy { $0.responses.map(\.promptID) == ["p1", "p2"] })
        }
    }

    @Test func integerAndStringPromptIDsAreTheSameID() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl",
                """
                {"model": "a", "prompt_id": 7, "output": "x"}
                {"model": "a", "prompt_id": "7", "output": "y"}

                """)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .duplicatePromptID)
            #expect(error.location == SourceLocation(file: path, line: 2))
        }
    }

    // MARK: 7. Unknown formats

    @Test(
        "Files that are neither JSON Lines nor a JSON array are an unknown format",
        arguments: [
            "model,prompt_id,output\nm,1,hello\n",  // CSV
            "Once upon a time there was a dragon.\n",  // plain text
            "\"just a JSON string\"\n",
            "42\n",
            "<html><body>hi</body></html>\n",
        ])
    func unknownFormat(content: String) throws {
        try withTempDirectory { dir in
            let path = try dir.write("outputs.jsonl", content)
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .unknownFormat)
            #expect(error.location.file == path)
            #expect(error.location.line == 1)
        }
    }

    @Test(
        "JSON spread over several lines is named for what it most likely is, also when lenient",
        arguments: [
            (
                "{\n  \"format\": \"lineage-profile\",\n  \"version\": 1,\n  \"model\": \"m\"\n}\n",
                "a Lineage profile"
            ),
            (
                "{\n  \"m/a\": {\"slop_score\": 1.5, \"top_repetitive_words\": []},\n"
                    + "  \"m/b\": {\"slop_score\": 2}\n}\n",
                "slop-forensics' profile results (2 models), not model outputs: `lineage profile --import`"
            ),
            (
                "{  \r\n  \"model\": \"m\",\n  \"prompt_id\": \"1\",\n  \"output\": \"hi\"\n}\n",
                "one JSON object (its keys: \"model\", \"prompt_id\", \"output\"), not model outputs"
            ),
            ("{\n}\n", "an empty JSON object, not model outputs"),
            (
                "{\n  \"model\": \"m\",\n  \"output\": \"a\"\n}\n{\n  \"model\": \"m\",\n  \"output\": \"b\"\n}\n",
                "records spread over several lines (pretty-printed JSON)"
            ),
        ])
    func multiLineJSON(content: String, named: String) throws {
        try withTempDirectory { dir in
            let path = try dir.write("outputs.json", content)
            for options in [ReadOptions(), ReadOptions(lenient: true)] {
                let error = try #require(corpusError { try CorpusReader.read(file: path, options: options) })
                #expect(error.kind == .unknownFormat)
                #expect(error.location == SourceLocation(file: path, line: 1))
                #expect(error.detail.contains(named), "\(error.detail)")
            }
        }
    }

    @Test func recordsOnOneLineEachAreNotMistakenForSpreadJSON() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "outputs.jsonl", "\n{\"model\": \"m\", \"prompt_id\": \"1\", \"output\": \"{\"}\n{}\n")
            let outputs = try CorpusReader.read(file: path, options: ReadOptions(lenient: true))
            #expect(outputs.map(\.responses.count) == [1])
        }
    }

    @Test func binaryFileIsAnUnknownFormat() throws {
        try withTempDirectory { dir in
            let path = try dir.write("outputs.bin", bytes: [0x00, 0x01, 0x02, 0xFF, 0xFE, 0x7B])
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .unknownFormat)
            #expect(error.location.file == path)
        }
    }

    @Test func unreadableFileIsReported() throws {
        try withTempDirectory { dir in
            let path = dir.url("missing.jsonl")
            let error = try #require(corpusError { try CorpusReader.read(file: path) })
            #expect(error.kind == .unreadableFile)
            #expect(error.location == SourceLocation(file: path))
            let digestError = try #require(corpusError { try CorpusReader.sha256(of: path) })
            #expect(digestError.kind == .unreadableFile)
        }
    }
}
