import Fingerprint
import Foundation
import Phylogeny
import Testing

@testable import Analysis

@Suite struct TreeAnalysisTests {
    /// Profiles of four models: "a1" and "a2" share a family phrase, "b1" and "b2" another.
    func profiles() throws -> [Profile] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-an-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let phrases = ["a": "a rich tapestry woven with vibrant threads", "b": "let us delve deeper into this journey"]
        for model in ["a1", "a2", "b1", "b2"] {
            let lines = (0..<12).map { id in
                let text =
                    "Answer \(id): \(phrases[String(model.prefix(1))]!). Model \(model) writes plain garden words."
                return "{\"model\":\"\(model)\",\"prompt_id\":\"\(id)\",\"prompt\":\"p\",\"output\":\"\(text)\"}"
            }
            try lines.joined(separator: "\n").write(
                to: directory.appendingPathComponent("\(model).jsonl"), atomically: true, encoding: .utf8)
        }
        return try Fingerprinting.run(inputs: [directory.path]).profiles
    }

    @Test func bootstrapsOverPromptsAndRootsAtTheMidpoint() throws {
        let selection = FeatureSelection(profiles: try profiles())
        let options = TreeAnalysisOptions(inference: TreeInference(method: .nj), replicates: 10, seed: 2)
        let analysis = try TreeAnalysis.run(selection: selection, options: options)
        #expect(analysis.resampling == .prompts)
        #expect(analysis.rooting == "midpoint")
        #expect(analysis.tree.isRooted)
        let split = try #require(
            try analysis.tree.splits(taxa: selection.models).first { $0.split == Split([0, 1], taxonCount: 4) })
        #expect(analysis.tree[split.node].support == 1)
        let again = try TreeAnalysis.run(selection: selection, options: options)
        #expect(analysis.json() == again.json())
        #expect(
            analysis.files().map(\.name) == [
                "tree.nwk", "tree.nex", "distances.phy", "tree.json", "characters.phy", "characters-taxa.tsv",
            ])
    }

    @Test func outgroupRootingAndNoBootstrap() throws {
        let selection = FeatureSelection(profiles: try profiles())
        let options = TreeAnalysisOptions(
            inference: TreeInference(method: .parsimony), replicates: 0, seed: 1, outgroup: ["b1", "b2"])
        let analysis = try TreeAnalysis.run(selection: selection, options: options)
        #expect(analysis.resampling == .none)
        #expect(analysis.rooting == "outgroup")
        #expect(analysis.inferred.parsimonyLength != nil)
        let rootChildren = analysis.tree[analysis.tree.root].children
        let sides = rootChildren.map { child in
            Set(
                analysis.tree.preorder().filter { isBelow($0, child, in: analysis.tree) && analysis.tree[$0].isLeaf }
                    .map { analysis.tree[$0].name! })
        }
        #expect(sides.contains(["b1", "b2"]))
    }

    func isBelow(_ node: Int, _ ancestor: Int, in tree: Tree) -> Bool {
        var current: Int? = node
        while let index = current {
            if index == ancestor { return true }
            current = tree[index].parent
        }
        return false
    }
}
