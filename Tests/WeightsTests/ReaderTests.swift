import Foundation
import Testing

@testable import Weights

@Suite struct ReaderTests {
    @Test func readsSafetensorsBuiltByHand() throws {
        let file = try TemporaryFile(Build.validSafetensors(), name: "m.safetensors")
        defer { file.remove() }
        let checkpoint = try Checkpoint(path: file.path)
        #expect(checkpoint.format == .safetensors)
        #expect(checkpoint.tensors.map(\.name) == ["a", "b"])
        #expect(checkpoint["a"]?.shape == [2, 3])
        #expect(checkpoint["a"]?.floats() == [0, 1, 2, 3, 4, 5])
        #expect(checkpoint["b"]?.floats() == [6, 7])
        #expect(checkpoint.parameterCount == 8)
        #expect(checkpoint.metadataValue("format")?.string == "pt")
    }

    @Test func readsGGUFBuiltByHand() throws {
        let file = try TemporaryFile(Build.validGGUF(), name: "m.gguf")
        defer { file.remove() }
        let checkpoint = try Checkpoint(path: file.path)
        #expect(checkpoint.format == .gguf)
        #expect(checkpoint.architecture == "llama")
        let norm = try #require(checkpoint["blk.0.attn_norm.weight"])
        #expect(norm.shape == [2, 4])
        #expect(norm.floats() == (0..<8).map(Float.init))
        let quantised = try #require(checkpoint["q"])
        #expect(quantised.type == .q8_0)
        #expect(quantised.floats() == (-16..<16).map { Float($0) * 0.5 })
    }

    @Test func decodesHalfAndBrainFloatAndQ4_0() {
        #expect(ValueDecoding.halfToFloat(0x3C00) == 1)
        #expect(ValueDecoding.halfToFloat(0xC000) == -2)
        #expect(ValueDecoding.halfToFloat(0x0001) == 0x1p-24)
        #expect(ValueDecoding.halfToFloat(0x7BFF) == 65504)
        #expect(ValueDecoding.halfToFloat(0x7C00) == .infinity)
        #expect(ValueDecoding.halfToFloat(0x7E00).isNaN)
        for bits in [UInt16(0x0000), 0x8001, 0x03FF, 0x0400, 0x3555, 0xFBFF] {
            #expect(Float16(bitPattern: bits) == Float16(ValueDecoding.halfToFloat(bits)), "\(bits)")
        }
        var bf16: [UInt16] = [0x3F80, 0xC0A0]
        var out = [Float](repeating: 0, count: 2)
        ValueDecoding.decode(.bf16, from: &bf16, count: 2, into: &out)
        #expect(out == [1, -5])
        // Q4_0: scale 2 (F16 0x4000); byte j holds value j (low nibble) and value j + 16 (high nibble).
        var block: [UInt8] = [0x00, 0x40] + (0..<16).map { UInt8($0) | UInt8(15 - $0) << 4 }
        var values = [Float](repeating: 0, count: 32)
        ValueDecoding.decode(.q4_0, from: &block, count: 32, into: &values)
        let low: [Float] = (0..<16).map { Float(($0 - 8) * 2) }
        let high: [Float] = (0..<16).map { Float((7 - $0) * 2) }
        #expect(Array(values[0..<16]) == low)
        #expect(Array(values[16..<32]) == high)
        #expect(ValueDecoding.float8E4M3(0x38) == 1)
        #expect(ValueDecoding.float8E4M3(0x7F).isNaN)
        #expect(ValueDecoding.float8E5M2(0x3C) == 1)
        #expect(ValueDecoding.float8E8M0(127) == 1)
    }

    @Test func namesMatchAcrossSchemes() {
        #expect(TensorNaming.canonical("model.layers.3.self_attn.q_proj.weight") == "blk.3.attn_q.weight")
        #expect(TensorNaming.canonical("model.layers.10.mlp.down_proj.weight") == "blk.10.ffn_down.weight")
        #expect(TensorNaming.canonical("model.embed_tokens.weight") == "token_embd.weight")
        #expect(TensorNaming.canonical("lm_head.weight") == "output.weight")
        #expect(TensorNaming.canonical("blk.2.ffn_up.weight") == "blk.2.ffn_up.weight")
        #expect(TensorNaming.canonical("something.else") == "something.else")
        // Two heads of four rows: llama.cpp interleaves each head's halves.
        #expect(TensorNaming.rotaryRowOrder(rows: 8, heads: 2) == [0, 2, 1, 3, 4, 6, 5, 7])
        #expect(TensorNaming.rotaryRowOrder(rows: 6, heads: 2) == nil)
    }
}

@Suite struct UntestedComparisonTests {
    @Test func checkpointsWithoutCommonLayersSayWhyNothingWasTested() throws {
        let file = try TemporaryFile(Build.validSafetensors(), name: "small.safetensors")
        defer { file.remove() }
        let checkpoint = try Checkpoint(path: file.path)
        let comparison = WeightsComparison(checkpoint, checkpoint)
        #expect(comparison.independence.verdict == .inconclusive)
        #expect(comparison.independence.untested?.contains("share no numbered layers") == true)
        let text = WeightsJSON.comparison(comparison)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let verdict = try #require(json["verdict"] as? [String: Any])
        #expect(verdict["p_value"] is NSNull)
        #expect(verdict["log10_p_value"] is NSNull)
        #expect((verdict["untested"] as? String)?.contains("share no numbered layers") == true)
    }
}
