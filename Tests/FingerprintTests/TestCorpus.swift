import Foundation

/// Writes small JSONL corpora to a fresh temporary directory.
struct TestCorpus {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-fp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Writes `answers` (prompt id → text) for `model` as `<file>.jsonl`.
    @discardableResult
    func write(model: String, answers: [(String, String)], file: String? = nil) throws -> String {
        let lines = try answers.map { id, text -> String in
            let record: [String: String] = ["model": model, "prompt_id": id, "prompt": "prompt \(id)", "output": text]
            let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
        let path = directory.appendingPathComponent((file ?? model) + ".jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Three models over 8 prompts: "alpha" over-uses "tapestry" and "rich tapestry woven", "beta" over-uses
    /// "delve", "gamma" writes plainly.
    static func threeModels() throws -> TestCorpus {
        let corpus = try TestCorpus()
        let ids = (0..<8).map(String.init)
        try corpus.write(
            model: "alpha",
            answers: ids.map {
                ($0, "The garden story \($0) is a rich tapestry woven of light. Gardens grow slowly. A tapestry again.")
            })
        try corpus.write(
            model: "beta",
            answers: ids.map {
                ($0, "Let us delve into garden story \($0). We delve deeper into gardens that grow slowly.")
            })
        try corpus.write(
            model: "gamma", answers: ids.map { ($0, "Garden story \($0): plants grow slowly in gardens.") })
        return corpus
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
