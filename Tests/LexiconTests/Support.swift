import Foundation
import Testing

@testable import Corpus
@testable import Lexicon

/// Runs `body` with a fresh temporary directory and removes the directory afterwards.
func withTempDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("LexiconTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

/// Writes `text` to `name` inside `directory` and returns the full path.
@discardableResult
func write(_ text: String, to name: String, in directory: String) throws -> String {
    let path = (directory as NSString).appendingPathComponent(name)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// The `CorpusError` thrown by `body`, or nil when it does not throw (any other error is an issue).
func corpusError<T>(
    _ body: () throws -> T, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> CorpusError? {
    do {
        _ = try body()
        return nil
    } catch let error as CorpusError {
        return error
    } catch {
        Issue.record("expected a CorpusError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Model outputs holding `texts` as responses to prompts `p1`, `p2`, ...
func outputs(_ model: String, _ texts: [String], file: String = "test.jsonl") -> ModelOutputs {
    ModelOutputs(
        model: model, file: file,
        responses: texts.enumerated().map { Response(promptID: "p\($0.offset + 1)", prompt: nil, text: $0.element) },
        format: .jsonLines, sha256: "")
}

/// Feature totals of `kind` keyed by their text: text → (total, rows).
func textTotals(_ totals: FeatureTotals, kind: FeatureKind, words: [String]) -> [String: [Int]] {
    var result: [String: [Int]] = [:]
    for index in 0..<totals.count {
        let text = NGramKey.words(of: totals.keys[index], order: kind.order).map { words[Int($0)] }
            .joined(separator: " ")
        #expect(result[text] == nil, "\(text) appears twice")
        result[text] = [Int(totals.totals[index]), Int(totals.rows[index])]
    }
    return result
}
