import Collect
import Foundation
import Testing

@Suite struct PromptListTests {
    @Test func readsJSONLinesWithStringAndIntegerIDs() throws {
        let text = "{\"prompt_id\": \"a\", \"prompt\": \"First?\"}\n\n{\"id\": 7, \"instruction\": \"Second?\"}\n"
        let prompts = try PromptList.parse(Data(text.utf8), file: "p.jsonl")
        #expect(prompts == [Prompt(id: "a", text: "First?"), Prompt(id: "7", text: "Second?")])
    }

    @Test func plainTextPromptsGetContentIDs() throws {
        let prompts = try PromptList.parse(Data("Who made you?\r\n\nWhat is 2+2?\n".utf8), file: "p.txt")
        #expect(prompts.map(\.text) == ["Who made you?", "What is 2+2?"])
        #expect(prompts[0].id == PromptList.textID("Who made you?"))
        #expect(prompts[0].id.count == 16)
        #expect(prompts[0].id != prompts[1].id)
        // Adding a line before keeps the ids.
        let moved = try PromptList.parse(Data("New one\nWho made you?\n".utf8), file: "p.txt")
        #expect(moved[1].id == prompts[0].id)
    }

    @Test func duplicateIDsAndBadLinesNameTheLine() throws {
        let duplicate = "{\"prompt_id\": \"a\", \"prompt\": \"x\"}\n{\"prompt_id\": \"a\", \"prompt\": \"y\"}\n"
        let error = #expect(throws: CollectError.self) { try PromptList.parse(Data(duplicate.utf8), file: "p.jsonl") }
        #expect(error?.location?.line == 2)
        #expect(error?.description.contains("line 1") == true)
        let missing = "{\"prompt_id\": \"a\", \"prompt\": \"x\"}\n{\"prompt_id\": \"b\"}\n"
        let second = #expect(throws: CollectError.self) { try PromptList.parse(Data(missing.utf8), file: "p.jsonl") }
        #expect(second?.location?.line == 2)
        #expect(throws: CollectError.self) { try PromptList.parse(Data("\n \n".utf8), file: "p.txt") }
    }

    @Test func corpusFilesServeAsPromptFilesCompressedOrNot() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        // A collected file: its run record, two samples of one prompt, then a record with an instruction and no id.
        let collected = """
            {"lineage_metadata": {"record": "run", "model": "m"}}
            {"model": "m", "prompt_id": "a", "prompt": "First?", "output": "x", "sample": 0}
            {"model": "m", "prompt_id": "a", "prompt": "First?", "output": "y", "sample": 1}
            {"model": "n", "instruction": "Second?", "output": "z"}

            """
        let plain = try directory.write("collected.jsonl", collected)
        let expected = [Prompt(id: "a", text: "First?"), Prompt(id: PromptList.textID("Second?"), text: "Second?")]
        #expect(try PromptList.read(file: plain).prompts == expected)
        let compressed = directory.file("collected.jsonl.gz")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c -n '\(plain)' > '\(compressed)'"]
        try gzip.run()
        gzip.waitUntilExit()
        let list = try PromptList.read(file: compressed)
        #expect(list.prompts == expected)
        #expect(list.sha256 != (try PromptList.read(file: plain)).sha256, "the digest is of the file as stored")
        // An AlpacaEval model_outputs.json: an array of records without ids.
        let alpaca =
            #"\#u{FEFF}[{"instruction": "One?", "output": "1", "generator": "g"}, {"instruction": "Two?", "output": "2"}]"#
        let array = try PromptList.parse(Data(alpaca.utf8), file: "model_outputs.json")
        #expect(
            array == [
                Prompt(id: PromptList.textID("One?"), text: "One?"),
                Prompt(id: PromptList.textID("Two?"), text: "Two?"),
            ])
    }

    @Test func badRecordsAndCompressedFilesNameTheirPlace() throws {
        // A plain-text file whose first prompt starts with "[" is plain text, not a broken JSON array.
        let bracketed = try PromptList.parse(Data("[INST] Write a haiku [/INST]\nSecond\n".utf8), file: "p.txt")
        #expect(bracketed.map(\.text) == ["[INST] Write a haiku [/INST]", "Second"])
        let cutShort = #expect(throws: CollectError.self) {
            try PromptList.parse(Data("[{\"prompt\": \"ok\"},\n".utf8), file: "model_outputs.json")
        }
        #expect(cutShort?.location?.line == 2)
        #expect(cutShort?.detail.contains("malformed JSON") == true)
        let notObject = #"[{"prompt": "ok"}, "just text"]"#
        let element = #expect(throws: CollectError.self) { try PromptList.parse(Data(notObject.utf8), file: "p.json") }
        #expect(element?.location?.record == 1)
        #expect(element?.detail.contains("found a string") == true)
        let noText = #"[{"prompt": "ok"}, {"prompt_id": "b", "prompt": ""}]"#
        let empty = #expect(throws: CollectError.self) { try PromptList.parse(Data(noText.utf8), file: "p.json") }
        #expect(empty?.location?.record == 1)
        let broken = "{\"prompt_id\": \"a\", \"prompt\": \"x\"}\n{\"prompt_id\": \"b\",\n"
        let line = #expect(throws: CollectError.self) { try PromptList.parse(Data(broken.utf8), file: "p.jsonl") }
        #expect(line?.location?.line == 2)
        #expect(line?.detail.contains("malformed JSON") == true)
        let badID = #"{"prompt_id": 1.5, "prompt": "x"}"#
        let id = #expect(throws: CollectError.self) { try PromptList.parse(Data(badID.utf8), file: "p.jsonl") }
        #expect(id?.detail.contains("prompt_id") == true)
        let directory = try TempDirectory()
        defer { directory.remove() }
        // A gzip header and nothing else: the stream is cut short.
        let truncated = directory.file("cut.jsonl.gz")
        try Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]).write(to: URL(fileURLWithPath: truncated))
        let cut = #expect(throws: CollectError.self) { try PromptList.read(file: truncated) }
        #expect(cut?.kind == .invalidPrompts)
        #expect(cut?.description.contains("gzip") == true)
        let missing = #expect(throws: CollectError.self) { try PromptList.read(file: directory.file("none.txt")) }
        #expect(missing?.detail == "no such file or directory")
    }

    @Test func shippedSetsLoadWithUniqueIDsAndStatedLicense() throws {
        #expect(Set(PromptSet.all.map(\.name)) == ["identity", "creative-writing", "instructions"])
        for set in PromptSet.all {
            let list = try set.load()
            #expect(list.isBuiltIn)
            #expect(list.prompts.count >= 20)
            #expect(Set(list.prompts.map(\.id)).count == list.prompts.count)
            #expect(list.sha256.count == 64)
            #expect(!set.license.isEmpty && !set.origin.isEmpty)
        }
        let identity = try PromptList.resolve("identity")
        #expect(identity.prompts.contains { $0.text == "Who created you?" })
        #expect(identity.prompts.contains { $0.text == "What is your knowledge cutoff?" })
    }

    @Test func resolvePrefersAnExistingFileAndRejectsUnknownNames() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let path = try directory.write("mine.txt", "Only prompt\n")
        let list = try PromptList.resolve(path)
        #expect(list.prompts.count == 1 && !list.isBuiltIn && list.name == path)
        let error = #expect(throws: CollectError.self) { try PromptList.resolve("no-such-set") }
        #expect(error?.kind == .unknownPromptSet)
        #expect(error?.description.contains("identity") == true)
    }
}
