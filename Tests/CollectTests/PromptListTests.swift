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
