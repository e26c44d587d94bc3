import Foundation
import Statistics
import Testing

@testable import Corpus

/// JSON strings decode exactly as Foundation decodes them.
@Suite("JSON strings")
struct JSONStringTests {
    /// Parses `line` with Foundation and returns its "output" member.
    static func foundationOutput(_ line: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        let dictionary = try #require(object as? [String: Any])
        return try #require(dictionary["output"] as? String)
    }

    @Test(
        arguments: [
            (#"line\nbreak"#, "line\nbreak"),
            (#"say \"hi\""#, "say \"hi\""),
            (#"back\\slash"#, "back\\slash"),
            (#"a\/b"#, "a/b"),
            (#"caf\u00e9"#, "caf\u{e9}"),
            (#"CAF\u00C9"#, "CAF\u{c9}"),
            (#"smile \ud83d\ude00!"#, "smile \u{1F600}!"),
            (#"\uD83D\uDE00"#, "\u{1F600}"),
            (#"tab\tcr\rbs\bff\f"#, "tab\tcr\rbs\u{8}ff\u{c}"),
            (#"nul\u0000end"#, "nul\u{0}end"),
            (#"\u2028\u2029"#, "\u{2028}\u{2029}"),
            ("raw caf\u{e9} \u{1F600} and escaped \\u00e9", "raw caf\u{e9} \u{1F600} and escaped \u{e9}"),
            (#"\\n is not a newline"#, "\\n is not a newline"),
            (#"ends with backslash \\"#, "ends with backslash \\"),
            ("", ""),
        ])
    func escapesDecodeLikeFoundation(escaped: String, expected: String) throws {
        let line = #"{"model": "m", "output": ""# + escaped + #""}"#
        let foundation = try Self.foundationOutput(line)
        #expect(Array(foundation.unicodeScalars) == Array(expected.unicodeScalars))
        try withTempDirectory { dir in
            let path = try dir.write("outputs.jsonl", line + "\n")
            let text = try #require(try CorpusReader.read(file: path).first?.responses.first?.text)
            #expect(Array(text.utf8) == Array(foundation.utf8))
        }
    }

    @Test func escapesInModelPromptAndIDDecodeToo() throws {
        try withTempDirectory { dir in
            let line = #"{"model": "org\/m\u00e9", "prompt_id": "id\"1", "prompt": "P\n\u00e9", "output": "o"}"#
            let path = try dir.write("outputs.jsonl", line + "\n")
            let model = try #require(try CorpusReader.read(file: path).first)
            #expect(model.model == "org/m\u{e9}")
            #expect(model.responses == [Response(promptID: "id\"1", prompt: "P\n\u{e9}", text: "o")])
        }
    }

    /// Property check: random strings encoded by Foundation come back exactly (byte for byte).
    @Test func randomStringsRoundTripThroughFoundationEncoding() throws {
        var generator = SplitMix64(seed: 0x1ACE_5EED)
        var expected: [String] = []
        var lines = ""
        for index in 0..<200 {
            let string = randomTrickyString(using: &generator)
            expected.append(string)
            let data = try JSONSerialization.data(
                withJSONObject: ["model": "m", "prompt_id": "p\(index)", "output": string] as [String: Any])
            let line = try #require(String(data: data, encoding: .utf8))
            #expect(!line.contains("\n"))
            lines += line + "\n"
        }
        try withTempDirectory { dir in
            let path = try dir.write("outputs.jsonl", lines)
            let models = try CorpusReader.read(file: path)
            let responses = try #require(models.first?.responses)
            try #require(responses.count == expected.count)
            for (index, response) in responses.enumerated() {
                #expect(response.promptID == "p\(index)")
                #expect(
                    Array(response.text.utf8) == Array(expected[index].utf8),
                    "string \(index): \(expected[index].debugDescription)")
            }
        }
    }

    /// Property check in the other direction: strings written by JSONWriter parse with Foundation
    /// and with the reader to the same string.
    @Test func randomStringsRoundTripThroughJSONWriter() throws {
        var generator = SplitMix64(seed: 42)
        var lines = ""
        var expected: [String] = []
        for _ in 0..<200 {
            let string = randomTrickyString(using: &generator)
            expected.append(string)
            let literal = JSONWriter.literal(string)
            let parsed =
                try JSONSerialization.jsonObject(
                    with: Data("[\(literal)]".utf8)) as? [String]
            #expect(parsed.map { $0.map { Array($0.utf8) } } == [Array(string.utf8)])
            lines += #"{"model": "m", "output": "# + literal + "}\n"
        }
        try withTempDirectory { dir in
            let path = try dir.write("outputs.jsonl", lines)
            let texts = try #require(try CorpusReader.read(file: path).first?.responses.map(\.text))
            #expect(texts.map { Array($0.utf8) } == expected.map { Array($0.utf8) })
        }
    }

    @Test func scannerMaterialisesIntegersAndKindsOfOtherValues() throws {
        let text =
            #"{"s": "x", "i": -12, "big": 123456789012345678901234567890, "f": 1.5, "e": 1e3, "b": false, "n": null, "a": [1, {"x": []}], "o": {"k": "v"}}"#
        let bytes = Array(text.utf8)
        let members = try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var scanner = JSONScanner(buffer)
            return try scanner.readObject()
        }
        #expect(members.map(\.key) == ["s", "i", "big", "f", "e", "b", "n", "a", "o"])
        #expect(
            members.map(\.value) == [
                .string("x"), .integer(-12), .number, .number, .number, .bool, .null, .array, .object,
            ])
    }
}
