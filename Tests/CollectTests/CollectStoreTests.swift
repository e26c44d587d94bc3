import Collect
import Foundation
import Testing

@Suite struct CollectStoreTests {
    let answerLine =
        "{\"model\":\"m\",\"prompt_id\":\"p1\",\"prompt\":\"q\",\"output\":\"a\",\"sample\":0}"

    @Test func cutsOffATornLastLine() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let path = try directory.write("out.jsonl", answerLine + "\n{\"model\":\"m\",\"prompt_id\":\"p2\",\"outp")
        let store = try CollectStore(path: path)
        #expect(store.existing.answers == [AnswerKey(model: "m", promptID: "p1", sample: 0)])
        #expect(store.existing.repairedBytes == "{\"model\":\"m\",\"prompt_id\":\"p2\",\"outp".utf8.count)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == answerLine + "\n")
    }

    @Test func completesAWholeLastRecordMissingItsLineFeed() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let path = try directory.write("out.jsonl", answerLine)
        let store = try CollectStore(path: path)
        #expect(store.existing.answers.count == 1)
        #expect(store.existing.completedLastLine)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == answerLine + "\n")
    }

    @Test func appendsAreOnDiskWhenTheyReturn() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let path = directory.file("new/out.jsonl")
        let store = try CollectStore(path: path)
        #expect(store.existing.answers.isEmpty)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask {
                    try await store.append(
                        Array("{\"model\":\"m\",\"prompt_id\":\"p\(index)\",\"output\":\"x\"}\n".utf8))
                }
            }
            try await group.waitForAll()
        }
        let lines = try jsonLines(path)
        #expect(lines.count == 50)
        #expect(Set(lines.compactMap { $0["prompt_id"] as? String }).count == 50)
    }

    @Test func aDamagedMiddleLineIsAnErrorNamingIt() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let path = try directory.write("out.jsonl", answerLine + "\nnot json\n" + answerLine + "\n")
        let error = #expect(throws: CollectError.self) { try CollectStore(path: path) }
        #expect(error?.kind == .damagedOutput)
        #expect(error?.location?.line == 2)
    }

    @Test func aSecondWriterIsRefused() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let path = directory.file("out.jsonl")
        let first = try CollectStore(path: path)
        let error = #expect(throws: CollectError.self) { try CollectStore(path: path) }
        #expect(error?.kind == .outputInUse)
        _ = first
    }

    @Test func failuresCountUntilAnAnswerArrives() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let failure = { (id: String) in
            "{\"lineage_metadata\":{\"record\":\"failure\",\"model\":\"m\",\"prompt_id\":\"\(id)\",\"sample\":0}}\n"
        }
        let path = try directory.write("out.jsonl", failure("p1") + failure("p2") + answerLine + "\n")
        let store = try CollectStore(path: path)
        #expect(store.existing.failures == [AnswerKey(model: "m", promptID: "p2", sample: 0)])
    }
}
