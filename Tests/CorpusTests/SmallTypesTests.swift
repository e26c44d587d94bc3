import Foundation
import Testing

@testable import Corpus

// MARK: 14. PromptIndex

@Suite("PromptIndex")
struct PromptIndexTests {
    @Test func matchesByIDWhenEveryRowHasOne() {
        let index = PromptIndex([
            [PromptRef(id: "a", text: "Text A"), PromptRef(id: "b", text: nil)],
            [PromptRef(id: "b", text: "Text B"), PromptRef(id: "c", text: "Text C"), PromptRef(id: "a", text: nil)],
        ])
        #expect(index.matching == .id)
        #expect(index.keys == ["a", "b", "c"])
        #expect(index.rows == [[0, 1], [1, 2, 0]])
    }

    @Test func matchesByTextWhenSomeRowLacksAnID() {
        let index = PromptIndex([
            [PromptRef(id: "1", text: "Same prompt"), PromptRef(id: "2", text: "Other prompt")],
            [PromptRef(id: nil, text: "Other prompt"), PromptRef(id: "9", text: "Same prompt")],
        ])
        #expect(index.matching == .text)
        #expect(index.keys == ["Same prompt", "Other prompt"])
        #expect(index.rows == [[0, 1], [1, 0]])
    }

    @Test func eachRowIsItsOwnPromptWhenNeitherIsComplete() {
        let index = PromptIndex([
            [PromptRef(id: "1", text: nil), PromptRef(id: nil, text: "t")],
            [PromptRef(id: "1", text: "t")],
        ])
        #expect(index.matching == .none)
        #expect(index.keys.count == 3)
        #expect(index.rows == [[0, 1], [2]])
    }

    @Test func repeatedPromptsWithinAModelShareANumber() {
        let index = PromptIndex([[PromptRef(id: "p", text: nil), PromptRef(id: "p", text: nil)]])
        #expect(index.rows == [[0, 0]])
        #expect(index.keys == ["p"])
    }
}

// MARK: 15. AtomicFile

@Suite("AtomicFile")
struct AtomicFileTests {
    @Test func createsParentDirectoriesAndWritesTheContent() throws {
        try withTempDirectory { dir in
            let path = dir.url("a/b/c/out.json")
            try AtomicFile.write("hello \u{e9}\n", to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello \u{e9}\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url("a/b/c")) == ["out.json"])
        }
    }

    @Test func replacesAnExistingFileAndLeavesNoTemporaryFile() throws {
        try withTempDirectory { dir in
            let path = try dir.write("out.txt", "old content that is longer than the new one\n")
            try AtomicFile.write(Data("new\n".utf8), to: path)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("new\n".utf8))
            try AtomicFile.write("newer\n", to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "newer\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.txt"])
        }
    }

    @Test func writesEmptyData() throws {
        try withTempDirectory { dir in
            let path = dir.url("empty.txt")
            try AtomicFile.write(Data(), to: path)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["empty.txt"])
        }
    }

    @Test func failureIsWriteFailedAndLeavesNoTemporaryFile() throws {
        try withTempDirectory { dir in
            let blocker = try dir.write("blocker", "a file, not a directory")
            let error = try #require(corpusError { try AtomicFile.write("x", to: blocker + "/out.txt") })
            #expect(error.kind == .writeFailed)
            #expect(error.location == SourceLocation(file: blocker + "/out.txt"))
            // Renaming a file over a directory fails too.
            try FileManager.default.createDirectory(atPath: dir.url("target"), withIntermediateDirectories: false)
            try dir.write("target/inside", "keep")
            let second = try #require(corpusError { try AtomicFile.write("x", to: dir.url("target")) })
            #expect(second.kind == .writeFailed)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["blocker", "target"])
        }
    }
}

// MARK: 16. JSONWriter

@Suite("JSONWriter")
struct JSONWriterTests {
    static let tricky =
        "quote \" backslash \\ slash / newline \n cr \r tab \t nul \u{0} bell \u{7} us \u{1F} del \u{7F} caf\u{e9} \u{1F600} \u{2028}"

    @Test func outputParsesWithFoundationAndKeepsValues() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("text")
        writer.value(Self.tricky)
        writer.key("weird \"key\"\n")
        writer.value("k")
        writer.key("count")
        writer.value(42)
        writer.key("negative")
        writer.value(-7)
        writer.key("smallest")
        writer.value(Int.min)
        writer.key("ratio")
        writer.value(0.125)
        writer.key("whole")
        writer.value(3.0)
        writer.key("tiny")
        writer.value(1.5e-7)
        writer.key("huge")
        writer.value(1e20)
        writer.key("nan")
        writer.value(Double.nan)
        writer.key("infinite")
        writer.value(-Double.infinity)
        writer.key("flag")
        writer.value(true)
        writer.key("off")
        writer.value(false)
        writer.key("nothing")
        writer.null()
        writer.key("missingString")
        writer.value(nil as String?)
        writer.key("missingInt")
        writer.value(nil as Int?)
        writer.key("someDouble")
        writer.value(2.5 as Double?)
        writer.key("inlineList")
        writer.beginArray(singleLine: true)
        writer.value("a")
        writer.value(1)
        writer.null()
        writer.endArray()
        writer.key("rows")
        writer.beginArray()
        writer.beginObject()
        writer.key("k")
        writer.value("v")
        writer.endObject()
        writer.beginObject()
        writer.endObject()
        writer.beginArray()
        writer.endArray()
        writer.endArray()
        writer.key("emptyObject")
        writer.beginObject()
        writer.endObject()
        writer.endObject()

        let object = try JSONSerialization.jsonObject(with: Data(writer.bytes))
        let dictionary = try #require(object as? [String: Any])
        #expect(Array((dictionary["text"] as? String ?? "").utf8) == Array(Self.tricky.utf8))
        #expect(dictionary["weird \"key\"\n"] as? String == "k")
        #expect((dictionary["count"] as? NSNumber)?.intValue == 42)
        #expect((dictionary["negative"] as? NSNumber)?.intValue == -7)
        #expect((dictionary["smallest"] as? NSNumber)?.int64Value == Int64.min)
        #expect((dictionary["ratio"] as? NSNumber)?.doubleValue == 0.125)
        #expect((dictionary["whole"] as? NSNumber)?.doubleValue == 3)
        #expect((dictionary["tiny"] as? NSNumber)?.doubleValue == 1.5e-7)
        #expect((dictionary["huge"] as? NSNumber)?.doubleValue == 1e20)
        #expect(dictionary["nan"] is NSNull)
        #expect(dictionary["infinite"] is NSNull)
        #expect((dictionary["flag"] as? NSNumber)?.boolValue == true)
        #expect((dictionary["off"] as? NSNumber)?.boolValue == false)
        #expect(dictionary["nothing"] is NSNull)
        #expect(dictionary["missingString"] is NSNull)
        #expect(dictionary["missingInt"] is NSNull)
        #expect((dictionary["someDouble"] as? NSNumber)?.doubleValue == 2.5)
        let list = try #require(dictionary["inlineList"] as? [Any])
        #expect(list.count == 3)
        #expect(list.first as? String == "a")
        #expect(list.last is NSNull)
        let rows = try #require(dictionary["rows"] as? [Any])
        #expect(rows.count == 3)
        #expect((rows[0] as? [String: String]) == ["k": "v"])
        #expect((rows[1] as? [String: Any])?.isEmpty == true)
        #expect((rows[2] as? [Any])?.isEmpty == true)
        #expect((dictionary["emptyObject"] as? [String: Any])?.isEmpty == true)
        #expect(dictionary.count == 20)
        #expect(writer.text == String(decoding: writer.bytes, as: UTF8.self))
    }

    @Test func membersKeepTheirWrittenOrderAndLayout() {
        var writer = JSONWriter(indent: 2)
        writer.beginObject()
        writer.key("zeta")
        writer.value(1)
        writer.key("alpha")
        writer.beginArray(singleLine: true)
        writer.value(1)
        writer.value(2)
        writer.endArray()
        writer.endObject()
        #expect(writer.text == "{\n  \"zeta\": 1,\n  \"alpha\": [1,2]\n}")
    }

    @Test func singleLineObjectsKeepEverythingOnOneLine() throws {
        var writer = JSONWriter()
        writer.beginArray()
        writer.beginObject(singleLine: true)
        writer.key("a")
        writer.value("x\ny")
        writer.key("b")
        writer.beginArray()
        writer.value(1)
        writer.endArray()
        writer.endObject()
        writer.beginObject(singleLine: true)
        writer.endObject()
        writer.endArray()
        // Each element starts on its own line; everything inside a single-line object stays on one line.
        #expect(writer.text == "[\n  " + #"{"a":"x\ny","b":[1]}"# + ",\n  {}\n]")
        let parsed = try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [[String: Any]]
        #expect(parsed?.first?["a"] as? String == "x\ny")
    }

    @Test func zeroIndentWritesCompactJSON() throws {
        var writer = JSONWriter(indent: 0)
        writer.beginObject()
        writer.key("a")
        writer.value(1)
        writer.key("b")
        writer.beginArray()
        writer.value("c")
        writer.endArray()
        writer.endObject()
        #expect(!writer.text.contains("\n"))
        let parsed = try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any]
        #expect((parsed?["b"] as? [String]) == ["c"])
    }

    @Test(arguments: [0, 1, -1, 9, 10, -10, 1_234_567_890, Int.max, Int.min])
    func integersAreWrittenExactly(number: Int) {
        var bytes: [UInt8] = []
        JSONWriter.appendInteger(number, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == String(number))
    }

    @Test func literalEscapesEveryControlCharacter() throws {
        let all = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        let literal = JSONWriter.literal(all + "\"\\")
        #expect(!literal.unicodeScalars.dropFirst().dropLast().contains { $0.value < 0x20 })
        #expect(literal.hasPrefix(#""\u0000\u0001"#))
        #expect(literal.contains(#"\n"#) && literal.contains(#"\t"#) && literal.contains(#"\r"#))
        let parsed = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
        #expect(parsed.map { $0.map { Array($0.utf8) } } == [Array((all + "\"\\").utf8)])
    }
}

// MARK: Errors and locations

@Suite("CorpusError")
struct CorpusErrorTests {
    @Test func descriptionsNameTheFileAndPosition() {
        #expect(SourceLocation(file: "f.jsonl", line: 3).description == "f.jsonl:3")
        #expect(SourceLocation(file: "f.json", record: 2).description == "f.json: record 2")
        #expect(SourceLocation(file: "f").description == "f")
        #expect(
            CorpusError(.missingField, at: SourceLocation(file: "f.jsonl", line: 3), "no output").description
                == "f.jsonl:3: missing field: no output")
        #expect(CorpusError(.emptyFile, at: SourceLocation(file: "f")).description == "f: empty file")
    }

    @Test func sha256OfAFile() throws {
        try withTempDirectory { dir in
            let path = try dir.write("abc.txt", "abc")
            #expect(
                try CorpusReader.sha256(of: path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        }
    }

    @Test func characterCountCountsUnicodeScalars() {
        let outputs = ModelOutputs(
            model: "m", file: "f",
            responses: [
                Response(promptID: nil, prompt: nil, text: "caf\u{e9}"),
                Response(promptID: nil, prompt: nil, text: "e\u{301}\u{1F600}"),
            ], format: .jsonLines, sha256: "")
        #expect(outputs.characterCount == 7)
    }
}

// MARK: HumanTextReader

@Suite("HumanTextReader")
struct HumanTextReaderTests {
    @Test func plainTextIsOneDocument() throws {
        try withTempDirectory { dir in
            let path = try dir.write("essay.txt", "First line.\nSecond line.\n")
            #expect(try HumanTextReader.texts(file: path) == ["First line.\nSecond line.\n"])
        }
    }

    @Test func jsonLinesRecordsCarryTextOrOutput() throws {
        try withTempDirectory { dir in
            let path = try dir.write(
                "human.jsonl", "{\"text\": \"one\\n\"}\n\n{\"output\": \"two\", \"id\": 3}\n")
            #expect(try HumanTextReader.texts(file: path) == ["one\n", "two"])
            let gz = try dir.write(
                "human.jsonl.gz", bytes: try GzipTool.compress(Array("{\"text\": \"three\"}\n".utf8)))
            #expect(try HumanTextReader.texts(file: gz) == ["three"])
        }
    }

    @Test func aJSONDocumentIsReadWhole() throws {
        try withTempDirectory { dir in
            let array = try dir.write(
                "array.json", "[\n  {\"text\": \"one\"},\n  \"two\",\n  {\"output\": \"three\"}\n]\n")
            #expect(try HumanTextReader.texts(file: array) == ["one", "two", "three"])
            let record = try dir.write("record.json", "{\n  \"id\": 1,\n  \"text\": \"pretty\"\n}\n")
            #expect(try HumanTextReader.texts(file: record) == ["pretty"])
        }
    }

    @Test func aJSONFileOfAnotherKindSaysWhatIsExpected() throws {
        try withTempDirectory { dir in
            let profile = try dir.write(
                "profile.json", "{\n  \"format\": \"lineage-profile\",\n  \"version\": 2,\n  \"words\": []\n}\n")
            let error = try #require(corpusError { try HumanTextReader.texts(file: profile) })
            #expect(error.kind == .missingField)
            #expect(error.detail.contains("\"format\", \"version\", \"words\""), "\(error)")
            #expect(error.detail.contains("expected JSON Lines records with a \"text\" or \"output\" field"))
            let numbers = try dir.write("numbers.json", "[1, 2]")
            let numbersError = try #require(corpusError { try HumanTextReader.texts(file: numbers) })
            #expect(numbersError.location == SourceLocation(file: numbers, record: 0))
            #expect(numbersError.detail.hasPrefix("found a number; expected"))
            let broken = try dir.write("broken.json", "{\n  \"text\": \"a\",\n  \"id\": \n}\n")
            let brokenError = try #require(corpusError { try HumanTextReader.texts(file: broken) })
            #expect(brokenError.kind == .malformedJSON)
            #expect(brokenError.location == SourceLocation(file: broken, line: 4))
        }
    }

    @Test func badRecordsAreLocated() throws {
        try withTempDirectory { dir in
            let missing = try dir.write("a.jsonl", "{\"text\": \"ok\"}\n{\"body\": \"x\"}\n")
            let missingError = try #require(corpusError { try HumanTextReader.texts(file: missing) })
            #expect(missingError.kind == .missingField)
            #expect(missingError.location == SourceLocation(file: missing, line: 2))

            let typed = try dir.write("b.jsonl", "{\"text\": 5}\n")
            #expect(corpusError { try HumanTextReader.texts(file: typed) }?.kind == .wrongFieldType)

            let malformed = try dir.write("c.jsonl", "{\"text\": \"ok\"}\n\n{\"text\": \n")
            let malformedError = try #require(corpusError { try HumanTextReader.texts(file: malformed) })
            #expect(malformedError.kind == .malformedJSON)
            #expect(malformedError.location == SourceLocation(file: malformed, line: 3))

            let invalid = try dir.write("d.txt", bytes: Array("fine\nfine\nbad ".utf8) + [0xFF])
            let invalidError = try #require(corpusError { try HumanTextReader.texts(file: invalid) })
            #expect(invalidError.kind == .invalidUTF8)
            #expect(invalidError.location == SourceLocation(file: invalid, line: 3))

            let empty = try dir.write("e.txt", bytes: [])
            #expect(corpusError { try HumanTextReader.texts(file: empty) }?.kind == .emptyFile)
        }
    }
}

@Suite struct PathNameTests {
    @Test(
        "parent(of:) is NSString's deletingLastPathComponent, also where that traps",
        arguments: [
            ("o", ""), ("ab", ""), ("a/b", "a"), ("a/b/", "a"), ("/ab", "/"), ("/a", "/"), ("/", "/"), ("", ""),
            ("a//bc", "a"), ("//ab", "/"), ("./ab", "."), ("../ab", ".."), ("abc/de/fgh", "abc/de"), ("/abc/", "/"),
            ("ab///", ""), ("r/o", "r"),
        ])
    func parent(path: String, expected: String) {
        #expect(PathName.parent(of: path) == expected)
        if path.count > 1 { #expect((path as NSString).deletingLastPathComponent == expected) }
    }
}
