import ArgumentParser
import Corpus
import Foundation
import Statistics
import Weights

/// `lineage weights inspect|compare|fingerprint`: evidence from the checkpoints themselves.
struct WeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "Inspect, compare and fingerprint model checkpoints (safetensors, sharded safetensors, GGUF).",
        subcommands: [WeightsInspectCommand.self, WeightsCompareCommand.self, WeightsFingerprintCommand.self]
    )
}

/// Output formats of the weights commands.
enum WeightsOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct WeightsInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List a checkpoint's tensors, shapes, dtypes, parameter count and architecture metadata.",
        discussion: """
            FILE is a .safetensors file, a model.safetensors.index.json (sharded), a .gguf file, or a directory \
            holding one of them. Shapes are outermost first in both formats (GGUF's dimensions are reversed).
            """
    )

    @Argument(help: "The checkpoint.") var file: String
    @Option(help: "text or json.") var format: WeightsOutputFormat = .text

    func run() throws {
        try Terminal.run {
            let checkpoint = try Checkpoint(path: file)
            if format == .json {
                print(WeightsJSON.inspection(checkpoint), terminator: "")
                return
            }
            let files = checkpoint.files.count
            print("\(checkpoint.path): \(checkpoint.format.rawValue), \(files) file\(files == 1 ? "" : "s")")
            print("architecture: \(checkpoint.architecture ?? "unknown")")
            print(
                "parameters: \(checkpoint.parameterCount) in \(checkpoint.tensors.count) tensors, "
                    + "\(checkpoint.tensorBytes) bytes")
            print("dtypes: " + WeightsJSON.dtypeCounts(checkpoint).map { "\($0.0) \($0.1)" }.joined(separator: ", "))
            let shown = checkpoint.metadata.filter { !$0.key.hasPrefix("tokenizer.ggml.") || $0.key.hasSuffix("model") }
            if !shown.isEmpty {
                print("metadata:")
                for (key, value) in shown { print("  \(key) = \(value)") }
            }
            print("tensors:")
            let width = checkpoint.tensors.map(\.name.count).max() ?? 0
            for tensor in checkpoint.tensors {
                let name = tensor.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let dtype = tensor.type.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
                print("  \(name)  \(dtype) \(tensor.shape)")
            }
        }
    }
}

struct WeightsCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two checkpoints tensor by tensor and test whether they were trained independently.",
        discussion: """
            Tensors are paired across Hugging Face and llama.cpp names (model.layers.N.self_attn.q_proj.weight = \
            blk.N.attn_q.weight; llama.cpp's rotary reordering of query/key rows is undone). Per tensor: cosine \
            similarity and relative L2 distance ‖a − b‖/‖a‖, streamed from the mapped files. The independence test \
            matches MLP hidden units by their gate rows and by their up rows and asks whether the two matchings \
            agree (Spearman per layer, Fisher over layers): derived if p < --derived-below, independent if \
            p ≥ --independent-from, else inconclusive.
            """
    )

    @Argument(help: "The first checkpoint.") var a: String
    @Argument(help: "The second checkpoint.") var b: String
    @Option(help: "text or json.") var format: WeightsOutputFormat = .text
    @Option(help: "Write the JSON report to this file as well.") var out: String?
    @Option(help: "Hidden units sampled per layer.") var units = 256
    @Option(help: "Input coordinates sampled per weight row.") var coordinates = 512
    @Option(help: "Seed of the samples.") var seed: UInt64 = 1
    @Option(help: "Combined p-value below which the verdict is derived.") var derivedBelow = 0.01
    @Option(help: "Combined p-value from which the verdict is independent.") var independentFrom = 0.1

    func validate() throws {
        guard units >= 4 else { throw ValidationError("--units must be 4 or more; got \(units)") }
        guard coordinates >= 1 else { throw ValidationError("--coordinates must be 1 or more; got \(coordinates)") }
        // Positive comparisons, so that NaN (for which every comparison is false) fails them.
        guard derivedBelow > 0, derivedBelow <= independentFrom, independentFrom <= 1 else {
            throw ValidationError(
                "need 0 < --derived-below ≤ --independent-from ≤ 1; got \(derivedBelow) and \(independentFrom)")
        }
    }

    func run() throws {
        try Terminal.run {
            let first = try Checkpoint(path: a)
            let second = try Checkpoint(path: b)
            let settings = IndependenceTest.Settings(
                units: units, coordinates: coordinates, seed: seed, derivedBelow: derivedBelow,
                independentFrom: independentFrom)
            let comparison = WeightsComparison(
                first, second, settings: settings, progress: Terminal.progress("tensors"))
            let json = WeightsJSON.comparison(comparison)
            if let out { try AtomicFile.write(json, to: out) }
            if format == .json {
                print(json, terminator: "")
                return
            }
            let test = comparison.independence
            if let untested = test.untested {
                print("verdict: \(test.verdict.rawValue): no layer could be tested: \(untested)")
            } else {
                print("verdict: \(test.verdict.rawValue) (\(PValueFormat.text(test.pValue, log10: test.log10PValue)))")
            }
            for layer in test.layers {
                print(
                    "  layer \(layer.layer): \(layer.matrices.joined(separator: " vs ")), \(layer.units) units, "
                        + "spearman \(fixed(layer.spearman)), agreement \(fixed(layer.agreement)), "
                        + "\(PValueFormat.text(layer.pValue, log10: layer.logPValue / log(10.0)))")
            }
            for (layer, reason) in test.skipped { print("  layer \(layer): skipped (\(reason))") }
            if let cosine = comparison.weightedCosine { print("weighted cosine: \(fixed(cosine))") }
            print(
                "tensors: \(comparison.tensors.count) compared, \(comparison.pairing.onlyInA.count) only in A, "
                    + "\(comparison.pairing.onlyInB.count) only in B, \(comparison.pairing.incomparable.count) incomparable"
            )
            let width = comparison.tensors.map(\.name.count).max() ?? 0
            for tensor in comparison.tensors {
                let name = tensor.name.padding(toLength: width, withPad: " ", startingAt: 0)
                print("  \(name)  cosine \(fixed(tensor.cosine))  relative L2 \(fixed(tensor.relativeL2))")
            }
            for (name, reason) in comparison.pairing.incomparable { print("  \(name): not compared (\(reason))") }
        }
    }

    private func fixed(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        return String(format: "%.6f", value)
    }
}

struct WeightsFingerprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fingerprint",
        abstract: "Write a checkpoint's fingerprint: SHA-256 of every tensor and a small signature per tensor.",
        discussion: """
            The signature of a floating-point tensor is --projections seeded Gaussian projections of a seeded \
            sample of its values (rows × columns, in Hugging Face row order), scaled by the sample's norm: two \
            checkpoints' signatures have about the cosine of their weights, so a registry can match fine-tunes and \
            re-quantisations without keeping the weights.
            """
    )

    @Argument(help: "The checkpoint.") var file: String
    @Option(help: "The fingerprint JSON file to write.") var out: String
    @Option(help: "Seed of the samples and projections.") var seed: UInt64 = 1
    @Option(
        help:
            "Values per signature (1…\(WeightsFingerprint.Settings().maximumProjections), the values sampled per tensor)."
    )
    var projections = 64

    func validate() throws {
        let limit = WeightsFingerprint.Settings().maximumProjections
        guard (1...limit).contains(projections) else {
            throw ValidationError(
                "--projections must be 1…\(limit) (a signature longer than the \(limit) values sampled per tensor "
                    + "adds nothing); got \(projections)")
        }
    }

    func run() throws {
        try Terminal.run {
            let checkpoint = try Checkpoint(path: file)
            let fingerprint = WeightsFingerprint(
                checkpoint, settings: .init(seed: seed, projections: projections))
            try AtomicFile.write(WeightsJSON.fingerprint(fingerprint, path: file), to: out)
            let tensors = fingerprint.entries.count
            Terminal.note("lineage: fingerprinted \(tensors) tensor\(tensors == 1 ? "" : "s"); wrote \(out)")
        }
    }
}
