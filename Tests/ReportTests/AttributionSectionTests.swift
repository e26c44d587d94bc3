import Attribution
import Foundation
import Phylogeny
import Testing

@testable import Report

/// The attribution table's reading aids: verdict counts, mutual pairs (↔), borderline calls, the p floor.
@Suite struct AttributionSectionTests {
    /// A result as `lineage attribute --format json` writes it.
    func result(_ suspect: String, best: String, kind: String, score: Double, low: Double, p: Double) throws
        -> AttributionResult
    {
        let teacher = kind == "distilled" ? "\"\(best)\"" : "null"
        let json = """
            {"suspect": "\(suspect)", "method": "test", "prompts_used": 10, "bootstrap": 50, "seed": 1,
             "null_models": [], "evidence": [],
             "candidates": [{"model": "\(best)", "score": \(score), "interval": [\(low), \(score + 1)], "support": 0.9,
                             "signals": {}}],
             "verdict": {"kind": "\(kind)", "teacher": \(teacher), "confidence": 0.7, "p_value": \(p)}}
            """
        return try JSONDecoder().decode(AttributionResult.self, from: Data(json.utf8))
    }

    @Test func countsVerdictsMarksMutualPairsAndBorderlineCallsAndFloorsP() throws {
        let names = ["a", "b", "c"]
        var tree = Tree()
        for name in names { tree.addChild(to: 0, name: name, length: 0.1) }
        let content = ReportContent(
            tool: "test", inputs: [], profiles: [], promptCount: 10, characterCount: 0, settings: [], tree: tree,
            distances: DistanceMatrix(names: names), treeMethod: "nj", distanceName: "jaccard", bootstrapReplicates: 0,
            resampling: "prompts", parsimonyLength: nil,
            attributions: [
                try result("a", best: "b", kind: "distilled", score: 4, low: 2, p: 1e-9),
                try result("b", best: "a", kind: "distilled", score: 5, low: 4, p: 0.001),
                try result("c", best: "a", kind: "inconclusive", score: 2, low: 1, p: 0.2),
            ],
            attributionReplicates: 50, evaluation: nil, families: [:], files: [])
        #expect(content.mutualPairs == ["a", "b"])
        let html = HTMLReport(content).html()
        #expect(html.contains("2 distilled (2 of them in 1 mutual pairs ↔), 1 inconclusive, 0 independent."))
        #expect(html.contains("needs a score of at least 2.75"))
        // a's interval starts at 2, below the 2.75 a distilled call needs; b's at 4.
        #expect(html.components(separatedBy: ">borderline</span>").count == 2)
        #expect(html.components(separatedBy: "direction not determined\">↔</span>").count == 3)
        #expect(html.contains(">&lt; 1e-6</td>"))
        #expect(html.contains("(2 of them in mutual pairs, whose direction is not determined)"))
    }
}
