import Foundation
import Testing

@testable import Weights

@Suite(.enabled(if: Fixtures.available, "needs LINEAGE_WEIGHTS_PYTHON with numpy, safetensors and gguf"))
struct ComparisonFixtureTests {
    private func compare(_ other: String) throws -> WeightsComparison {
        WeightsComparison(
            try Checkpoint(path: Fixtures.path("original.safetensors")), try Checkpoint(path: Fixtures.path(other)))
    }

    @Test(arguments: ["finetuned.safetensors", "permuted.safetensors", "converted.gguf", "sharded"])
    func derivedCopiesAreCalledDerived(other: String) throws {
        let comparison = try compare(other)
        #expect(comparison.independence.verdict == .derived, "p = \(comparison.independence.pValue)")
        #expect(comparison.independence.pValue < 0.01)
        #expect(comparison.independence.layers.count == 4)
        #expect(comparison.tensors.count == 39)
        #expect(comparison.pairing.onlyInA.isEmpty && comparison.pairing.onlyInB.isEmpty)
    }

    @Test func independentModelIsCalledIndependent() throws {
        let comparison = try compare("independent.safetensors")
        #expect(comparison.independence.verdict == .independent, "p = \(comparison.independence.pValue)")
        #expect(comparison.independence.pValue >= 0.1)
        for tensor in comparison.tensors where tensor.name.hasSuffix("_proj.weight") || tensor.name.contains("attn_q") {
            #expect(abs(tensor.cosine ?? 1) < 0.2, "\(tensor.name)")
        }
    }

    @Test func similaritiesFollowTheChanges() throws {
        let finetuned = try compare("finetuned.safetensors")
        for tensor in finetuned.tensors {
            let cosine = try #require(tensor.cosine)
            #expect(cosine > 0.99, "\(tensor.name)")
            let l2 = try #require(tensor.relativeL2)
            #expect(l2 > 0 && l2 < 0.1, "\(tensor.name)")
        }
        let identical = try compare("sharded")
        #expect(identical.tensors.allSatisfy { $0.cosine == 1 && $0.relativeL2 == 0 })
        // Permuting hidden units leaves per-tensor cosine low for the MLP but the test still finds the lineage.
        let permuted = try compare("permuted.safetensors")
        let up = try #require(permuted.tensors.first { $0.name == "blk.0.ffn_up.weight" })
        #expect((up.cosine ?? 1) < 0.5)
        let q = try #require(permuted.tensors.first { $0.name == "blk.0.attn_q.weight" })
        #expect(q.cosine == 1)
    }

    @Test func comparisonJSONCarriesTheVerdictAndTensors() throws {
        let text = WeightsJSON.comparison(try compare("converted.gguf"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let verdict = try #require(json["verdict"] as? [String: Any])
        #expect(verdict["kind"] as? String == "derived")
        #expect((verdict["p_value"] as? Double ?? 1) < 0.01)
        #expect(verdict["untested"] is NSNull)
        let tensors = try #require(json["tensors"] as? [[String: Any]])
        #expect(tensors.count == 39)
        let first = try #require(tensors.first)
        #expect(first["name"] is String && first["cosine"] is Double && first["relative_l2"] is Double)
        #expect((json["layers"] as? [Any])?.count == 4)
        #expect(text == WeightsJSON.comparison(try compare("converted.gguf")))
    }

    @Test func fingerprintsRecogniseFineTunesAndConversions() throws {
        let original = WeightsFingerprint(try Checkpoint(path: Fixtures.path("original.safetensors")))
        let again = WeightsFingerprint(try Checkpoint(path: Fixtures.path("sharded")))
        let finetuned = WeightsFingerprint(try Checkpoint(path: Fixtures.path("finetuned.safetensors")))
        let converted = WeightsFingerprint(try Checkpoint(path: Fixtures.path("converted.gguf")))
        let independent = WeightsFingerprint(try Checkpoint(path: Fixtures.path("independent.safetensors")))
        #expect(original.entries.count == 39)
        #expect(original.entries.allSatisfy { $0.sha256.count == 64 })
        #expect(
            original.matches(again).allSatisfy {
                $0.identicalBytes && $0.signatureCosine.map { abs($0 - 1) < 1e-9 } == true
            })
        #expect(original.matches(finetuned).allSatisfy { !$0.identicalBytes && ($0.signatureCosine ?? 0) > 0.95 })
        let conversion = original.matches(converted)
        #expect(conversion.count == 39)
        #expect(conversion.allSatisfy { ($0.signatureCosine ?? 0) > 0.9 })
        let unrelated = original.matches(independent).filter { match in
            ["ffn_gate", "ffn_up", "ffn_down", "attn_q"].contains { match.canonicalName.contains($0) }
        }
        // Unrelated signatures are nearly orthogonal: |cosine| about 1/√64 each.
        let meanCosine = unrelated.reduce(0.0) { $0 + abs($1.signatureCosine ?? 1) } / Double(unrelated.count)
        #expect(unrelated.count == 16)
        #expect(meanCosine < 0.25)
    }
}
