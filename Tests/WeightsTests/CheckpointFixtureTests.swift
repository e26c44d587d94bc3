import Foundation
import Testing

@testable import Weights

@Suite(.enabled(if: Fixtures.available, "needs LINEAGE_WEIGHTS_PYTHON with numpy, safetensors and gguf"))
struct CheckpointFixtureTests {
    @Test func readsBackWhatNumpyWrote() throws {
        let manifest = try Fixtures.manifest()
        #expect(manifest.count >= 10)
        var checkpoints: [String: Checkpoint] = [:]
        for expectation in manifest {
            let checkpoint = try checkpoints[expectation.file] ?? Checkpoint(path: Fixtures.path(expectation.file))
            checkpoints[expectation.file] = checkpoint
            let tensor = try #require(checkpoint[expectation.tensor], "\(expectation.tensor)")
            let values = tensor.floats()
            let expected = try Fixtures.expectedValues(expectation.expected)
            try #require(values.count == expected.count, "\(expectation.tensor)")
            switch expectation.kind {
            case "exact":
                // Bit for bit: F32, F16 and BF16 widen exactly; Q8_0/Q4_0 against gguf-py's own dequantisation.
                #expect(
                    values.map(\.bitPattern) == expected.map(\.bitPattern), "\(expectation.file) \(expectation.tensor)")
            case "Q8_0", "Q4_0":
                // Within the quantisation error: half a step of the block's scale for Q8_0, a whole step for Q4_0
                // (llama.cpp clips the top quant to 15, so the largest values of the other sign lose up to a
                // step), plus the F16 rounding of the scale.
                for block in 0..<(expected.count / 32) {
                    let range = block * 32..<(block + 1) * 32
                    let largest = expected[range].map(abs).max() ?? 0
                    let tolerance = expectation.kind == "Q8_0" ? largest / 127 / 2 : largest / 8
                    for index in range {
                        #expect(abs(values[index] - expected[index]) <= tolerance + largest * 2e-3 + 1e-12)
                    }
                }
            default:
                Issue.record("unknown expectation kind \(expectation.kind)")
            }
        }
    }

    @Test func ggufShapesAndMetadataMatchTheOriginal() throws {
        let gguf = try Checkpoint(path: Fixtures.path("converted.gguf"))
        let original = try Checkpoint(path: Fixtures.path("original.safetensors"))
        #expect(gguf.architecture == "llama")
        #expect(gguf.metadataValue("llama.attention.head_count")?.integer == 4)
        #expect(gguf.parameterCount == original.parameterCount)
        #expect(gguf["blk.0.ffn_down.weight"]?.shape == original["model.layers.0.mlp.down_proj.weight"]?.shape)
        #expect(gguf["blk.0.ffn_gate.weight"]?.type == .q8_0)
        #expect(gguf["blk.0.ffn_up.weight"]?.type == .q4_0)
        #expect(gguf["blk.0.ffn_down.weight"]?.type == .bf16)
    }

    @Test func shardedCheckpointEqualsTheSingleFile() throws {
        let sharded = try Checkpoint(path: Fixtures.path("sharded"))
        let single = try Checkpoint(path: Fixtures.path("original.safetensors"))
        #expect(sharded.files.count == 2)
        #expect(Set(sharded.tensors.map(\.name)) == Set(single.tensors.map(\.name)))
        for tensor in single.tensors {
            #expect(sharded[tensor.name]?.floats() == tensor.floats(), "\(tensor.name)")
        }
    }

    @Test func queryRowsLineUpAfterUndoingTheRotaryReordering() throws {
        let a = try Checkpoint(path: Fixtures.path("original-f16.safetensors"))
        let b = try Checkpoint(path: Fixtures.path("converted.gguf"))
        let similarities = TensorComparison.compare(TensorPairing(a, b).pairs)
        for name in ["blk.0.attn_q.weight", "blk.3.attn_k.weight"] {
            let similarity = try #require(similarities.first { $0.name == name })
            // Both hold the same F16 values, in different row orders.
            #expect(similarity.cosine == 1, "\(name)")
            #expect(similarity.relativeL2 == 0, "\(name)")
        }
    }
}
