import Corpus
import Testing

@testable import Attribution

@Suite struct SharedTrigramsTests {
    /// Four models; `d` answers only the second prompt.
    static func data() throws -> AnswerFeatures {
        let texts: [String: [String?]] = [
            "a": ["the quick brown fox jumps over the lazy dog", "hello there"],
            "b": ["the quick brown fox sleeps", "hello there"],
            "c": ["a quick brown fox jumps high", "hello there"],
            "d": [nil, "hello there"],
        ]
        let outputs = texts.keys.sorted().map { model in
            ModelOutputs(
                model: model, file: "\(model).jsonl",
                responses: texts[model]!.enumerated().compactMap { index, text in
                    text.map { Response(promptID: String(index), prompt: "prompt \(index)", text: $0) }
                }, format: .jsonLines, skipped: [], sha256: "")
        }
        return try AnswerFeatures(outputs: outputs)
    }

    @Test func onlyTrigramsNoOtherComparedAnswerHoldsCount() throws {
        let data = try Self.data()
        let shared = SharedTrigrams(data)
        let (a, b, c, d) = try (data.index(of: "a"), data.index(of: "b"), data.index(of: "c"), data.index(of: "d"))
        let answered = { (model: Int, prompt: Int) in data.answers[model][prompt] != nil }
        let first = try #require(data.prompts.firstIndex(of: "0"))

        // "the quick brown" is a and b's alone, "brown fox jumps" a and c's; "quick brown fox" is held by all three.
        let all = shared.pairSpecificCounts(rows: [a, b, c, d], modelCount: 4, answered: answered)[first]
        #expect(all[0 * 4 + 1] == 1 && all[1 * 4 + 0] == 1)
        #expect(all[0 * 4 + 2] == 1)
        #expect(all[1 * 4 + 2] == 0)
        #expect(all[0 * 4 + 3].isNaN && all[3 * 4 + 1].isNaN)

        // Without c among the rows compared, "quick brown fox" is a and b's alone too.
        let withoutC = shared.pairSpecificCounts(rows: [a, b], modelCount: 4, answered: answered)[first]
        #expect(withoutC[0 * 2 + 1] == 2)
    }
}
