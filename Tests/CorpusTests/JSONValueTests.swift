import Corpus
import Testing

@Suite struct JSONValueTests {
    @Test func readsNestedValuesInFull() throws {
        let text =
            #" {"id": 7, "n": -2.5e1, "ok": true, "no": false, "none": null, "s": "a\"\u00e9\n", "#
            + #""list": ["x", [1, {}], []], "doc": {"q": "é", "k": "1"}, "k": "2"} "#
        let value = try JSONValue.parse(Array(text.utf8))
        #expect(value["id"] == .integer(7))
        #expect(value["n"] == .number(-25))
        #expect(value["ok"] == .bool(true) && value["no"] == .bool(false))
        #expect(value["none"]?.isNull == true)
        #expect(value["s"]?.string == "a\"é\n")
        #expect(value["list"] == .array([.string("x"), .array([.integer(1), .object([])]), .array([])]))
        #expect(value["doc"]?["q"]?.string == "é")
        // A repeated name keeps both members; lookup gives the last.
        #expect(value["k"]?.string == "2")
        #expect(value["missing"] == nil && value["id"]?["x"] == nil)
        #expect(value["list"]?.array?.count == 3 && value["id"]?.integer == 7 && value["s"]?.integer == nil)
    }

    @Test func arrayElementsComeInOrder() throws {
        let elements = try JSONValue.parseArrayElements(Array(#"[{"a": 1}, "b", 3]"#.utf8))
        #expect(elements == [.object([JSONMember(key: "a", value: .integer(1))]), .string("b"), .integer(3)])
        #expect(try JSONValue.parseArrayElements(Array(" [ ] ".utf8)).isEmpty)
    }

    @Test func errorsNameTheElementLineAndColumn() throws {
        let text = "[{\"a\": 1},\n {\"a\": 2},\n {\"a\": 3,, \"b\": 4}]"
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parseArrayElements(Array(text.utf8)) }
        #expect(error?.element == 2)
        #expect(error?.line == 3)
        #expect(error?.column == 10)
        #expect(error?.description.hasPrefix("line 3, column 10: ") == true)
        let cases: [([UInt8], Int?, Bool)] = [
            (Array(#"[{"a": "x"}] trailing"#.utf8), nil, false),
            (Array(#"[{"a": "x"}"#.utf8), 1, false),
            (Array(#"[1, {"a": ""#.utf8) + [0xFF] + Array(#""}]"#.utf8), 1, true),
            (Array(#"{"a": 1}"#.utf8), 0, false),
        ]
        for (bytes, element, invalidUTF8) in cases {
            let error = #expect(throws: JSONParseError.self) { try JSONValue.parseArrayElements(bytes) }
            #expect(error?.invalidUTF8 == invalidUTF8, "\(error?.description ?? "")")
            if let element { #expect(error?.element == element, "\(error?.description ?? "")") }
        }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(#"{"a": 1} {"b": 2}"#.utf8)) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(#"{"a": tru}"#.utf8)) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array("".utf8)) }
    }

    @Test func parsesASliceOfALargerBuffer() throws {
        let bytes = Array("{\"a\": 1}\n{\"b\": [2,]}\n".utf8)
        let newline = bytes.firstIndex(of: 0x0A)!
        #expect(try JSONValue.parse(bytes[..<newline])["a"] == .integer(1))
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes[(newline + 1)...]) }
        // Line and column are counted within the slice.
        #expect(error?.line == 1 && error?.column == 10)
    }
}
