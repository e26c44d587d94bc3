import Dispatch
import Foundation
import Statistics
import Synchronization

/// A permutation-robust test of whether two checkpoints were trained independently, after Zhu et al. 2025
/// ("Independence tests for language models", ICML), applied to weights.
///
/// In each transformer layer the MLP's hidden units can be permuted without changing the model, so unit i of one
/// model need not be unit i of the other. For a sample of the first model's units, the test finds the second
/// model's unit whose weights are most alike twice, independently: once by the rows of the gate projection and
/// once by the rows of the up projection (or, without a gate, by the up rows and the down columns); each matching
/// is a greedy one-to-one assignment by cosine similarity over a seeded sample of the input coordinates. If the
/// models share an origin, both matchings recover the same correspondence, whatever the permutation; if they were
/// trained independently, the two matchings are unrelated. Spearman's correlation of the two matched indices
/// gives a one-sided p-value per layer (normal approximation, z = ρ√(n−1)); Fisher's method combines the layers.
public enum IndependenceTest {
    /// Settings of the test.
    public struct Settings: Sendable, Hashable {
        /// Hidden units sampled from the first model per layer.
        public var units: Int
        /// Input coordinates sampled per weight row.
        public var coordinates: Int
        /// Seed of the samples.
        public var seed: UInt64
        /// p below this: `derived`.
        public var derivedBelow: Double
        /// p at or above this: `independent`; between the two: `inconclusive`.
        public var independentFrom: Double

        /// Creates settings; the defaults suit models from a few million to tens of billions of parameters.
        public init(
            units: Int = 256, coordinates: Int = 512, seed: UInt64 = 1, derivedBelow: Double = 0.01,
            independentFrom: Double = 0.1
        ) {
            self.units = units
            self.coordinates = coordinates
            self.seed = seed
            self.derivedBelow = derivedBelow
            self.independentFrom = independentFrom
        }
    }

    /// The call the test makes.
    public enum VerdictKind: String, Sendable {
        case derived, independent, inconclusive
    }

    /// The evidence of one layer.
    public struct LayerEvidence: Sendable, Hashable {
        /// Layer number.
        public let layer: Int
        /// The two weight matrices whose matchings were compared (e.g. `ffn_gate` and `ffn_up`).
        public let matrices: [String]
        /// Hidden units in the first and the second model.
        public let hiddenA: Int
        public let hiddenB: Int
        /// Units matched (the sample size).
        public let units: Int
        /// Spearman correlation of the two matchings.
        public let spearman: Double
        /// Share of sampled units that both matchings send to the same unit.
        public let agreement: Double
        /// One-sided p-value of this layer.
        public let pValue: Double
        /// Its natural logarithm (exact where the p-value underflows).
        public let logPValue: Double
    }

    /// The result: a verdict with its combined p-value and the evidence per layer.
    public struct Result: Sendable {
        public let verdict: VerdictKind
        /// Fisher-combined p-value over the layers (1 when no layer could be tested).
        public let pValue: Double
        /// log10 of the combined p-value.
        public let log10PValue: Double
        /// Evidence of every tested layer, by layer number.
        public let layers: [LayerEvidence]
        /// Layers present in both models that could not be tested, with the reason.
        public let skipped: [(layer: Int, reason: String)]
        /// Why no layer could be tested, when none was (the verdict is then `inconclusive` and the p-value means
        /// nothing); nil when some were.
        public let untested: String?
    }

    private struct LayerTask {
        let layer: Int
        let roles: [String]
        let first: (a: Tensor, b: Tensor, unitsAreRows: Bool)
        let second: (a: Tensor, b: Tensor, unitsAreRows: Bool)
    }

    /// Runs the test on two checkpoints.
    public static func run(_ a: Checkpoint, _ b: Checkpoint, settings: Settings = Settings()) -> Result {
        let tensorsA = canonicalTensors(a)
        let tensorsB = canonicalTensors(b)
        let layers = Set(tensorsA.keys.compactMap { TensorNaming.layerRole($0)?.layer }).intersection(
            tensorsB.keys.compactMap { TensorNaming.layerRole($0)?.layer }
        ).sorted()
        var tasks: [LayerTask] = []
        var skipped: [(Int, String)] = []
        for layer in layers {
            func pair(_ role: String) -> (Tensor, Tensor)? {
                let name = "blk.\(layer).\(role).weight"
                guard let x = tensorsA[name], let y = tensorsB[name], x.type.isDecodable, y.type.isDecodable,
                    x.shape.count == 2, y.shape.count == 2
                else { return nil }
                return (x, y)
            }
            let gate = pair("ffn_gate")
            let up = pair("ffn_up")
            let down = pair("ffn_down")
            if let gate, let up {
                guard gate.0.shape[1] == gate.1.shape[1], up.0.shape[1] == up.1.shape[1] else {
                    skipped.append((layer, "the models' hidden sizes differ"))
                    continue
                }
                tasks.append(
                    LayerTask(
                        layer: layer, roles: ["ffn_gate", "ffn_up"], first: (gate.0, gate.1, true),
                        second: (up.0, up.1, true)))
            } else if let up, let down {
                guard up.0.shape[1] == up.1.shape[1], down.0.shape[0] == down.1.shape[0] else {
                    skipped.append((layer, "the models' hidden sizes differ"))
                    continue
                }
                tasks.append(
                    LayerTask(
                        layer: layer, roles: ["ffn_up", "ffn_down"], first: (up.0, up.1, true),
                        second: (down.0, down.1, false)))
            } else {
                skipped.append((layer, "no decodable MLP projections (ffn_gate/ffn_up/ffn_down) in both models"))
            }
        }
        let results = Mutex([LayerEvidence?](repeating: nil, count: tasks.count))
        let layerTasks = tasks
        DispatchQueue.concurrentPerform(iterations: layerTasks.count) { index in
            let evidence = test(layerTasks[index], settings: settings)
            results.withLock { $0[index] = evidence }
        }
        let evidence = results.withLock { $0 }.compactMap { $0 }
        for (task, outcome) in zip(tasks, results.withLock { $0 }) where outcome == nil {
            skipped.append((task.layer, "too few hidden units to match"))
        }
        let logP = FisherMethod.combined(logPValues: evidence.map(\.logPValue))
        let pValue = exp(logP)
        let verdict: VerdictKind =
            evidence.isEmpty
            ? .inconclusive
            : pValue < settings.derivedBelow
                ? .derived : pValue >= settings.independentFrom ? .independent : .inconclusive
        let untested: String? =
            !evidence.isEmpty
            ? nil
            : layers.isEmpty
                ? "the models share no numbered layers (blk.N… or model.layers.N… in both)"
                : "none of the \(layers.count) layers both models have could be tested (see the skipped layers)"
        return Result(
            verdict: verdict, pValue: pValue, log10PValue: logP / log(10.0), layers: evidence,
            skipped: skipped.sorted { $0.0 < $1.0 }, untested: untested)
    }

    private static func canonicalTensors(_ checkpoint: Checkpoint) -> [String: Tensor] {
        var tensors: [String: Tensor] = [:]
        for tensor in checkpoint.tensors { tensors[TensorNaming.canonical(tensor.name)] = tensor }
        return tensors
    }

    private static func test(_ task: LayerTask, settings: Settings) -> LayerEvidence? {
        let hiddenA = task.first.unitsAreRows ? task.first.a.shape[0] : task.first.a.shape[1]
        let hiddenB = task.first.unitsAreRows ? task.first.b.shape[0] : task.first.b.shape[1]
        let secondHiddenA = task.second.unitsAreRows ? task.second.a.shape[0] : task.second.a.shape[1]
        let secondHiddenB = task.second.unitsAreRows ? task.second.b.shape[0] : task.second.b.shape[1]
        guard hiddenA == secondHiddenA, hiddenB == secondHiddenB, min(hiddenA, hiddenB) >= 4 else { return nil }
        var generator = SplitMix64(seed: settings.seed ^ (UInt64(task.layer) &* 0x9E37_79B9_7F4A_7C15))
        let units = generator.sample(min(settings.units, hiddenA, hiddenB), of: hiddenA)
        func matching(_ matrices: (a: Tensor, b: Tensor, unitsAreRows: Bool), generator: inout SplitMix64) -> [Int] {
            let inputs = matrices.unitsAreRows ? matrices.a.shape[1] : matrices.a.shape[0]
            let coordinates = generator.sample(settings.coordinates, of: inputs)
            let sampled = UnitVectors(
                matrices.a, unitsAreRows: matrices.unitsAreRows, units: units, coordinates: coordinates)
            let all = UnitVectors(matrices.b, unitsAreRows: matrices.unitsAreRows, units: nil, coordinates: coordinates)
            return GreedyMatching.match(sampled, all)
        }
        let first = matching(task.first, generator: &generator)
        let second = matching(task.second, generator: &generator)
        let n = units.count
        let rho = Correlation.spearman(first.map(Double.init), second.map(Double.init)) ?? 0
        let logP =
            rho >= 1
            ? NormalDistribution.logUpperTail(Double(n - 1).squareRoot())
            : NormalDistribution.logUpperTail(rho * Double(n - 1).squareRoot())
        let agreement = Double(zip(first, second).filter { $0 == $1 }.count) / Double(n)
        return LayerEvidence(
            layer: task.layer, matrices: task.roles, hiddenA: hiddenA, hiddenB: hiddenB, units: n, spearman: rho,
            agreement: agreement, pValue: exp(logP), logPValue: logP)
    }
}

/// Unit weight vectors restricted to sampled input coordinates, scaled to unit length.
struct UnitVectors {
    /// Number of units.
    let count: Int
    /// Coordinates per unit.
    let width: Int
    /// `count × width` values, unit after unit.
    var values: [Float]

    /// The vectors of `units` (all when nil) of `tensor`, whose units are its rows or its columns.
    init(_ tensor: Tensor, unitsAreRows: Bool, units: [Int]?, coordinates: [Int]) {
        width = coordinates.count
        if unitsAreRows {
            let rows = units ?? Array(0..<tensor.rowCount)
            count = rows.count
            values = [Float](repeating: 0, count: count * width)
            var scratch = [Float](repeating: 0, count: tensor.rowLength)
            scratch.withUnsafeMutableBufferPointer { row in
                for (position, unit) in rows.enumerated() {
                    tensor.decodeRows(unit..<unit + 1, into: row.baseAddress!)
                    for (k, coordinate) in coordinates.enumerated() { values[position * width + k] = row[coordinate] }
                }
            }
        } else {
            let columns = units ?? Array(0..<tensor.rowLength)
            count = columns.count
            values = [Float](repeating: 0, count: count * width)
            var scratch = [Float](repeating: 0, count: tensor.rowLength)
            scratch.withUnsafeMutableBufferPointer { row in
                for (k, coordinate) in coordinates.enumerated() {
                    tensor.decodeRows(coordinate..<coordinate + 1, into: row.baseAddress!)
                    for (position, unit) in columns.enumerated() { values[position * width + k] = row[unit] }
                }
            }
        }
        for unit in 0..<count {
            var norm: Float = 0
            for k in 0..<width { norm += values[unit * width + k] * values[unit * width + k] }
            let scale = norm > 0 && norm.isFinite ? 1 / norm.squareRoot() : 0
            for k in 0..<width { values[unit * width + k] *= scale }
        }
    }
}

/// A one-to-one assignment of sampled units to units of the other model, best cosine similarity first.
enum GreedyMatching {
    /// Candidates kept per sampled unit before falling back to a full scan.
    static let candidatesPerUnit = 16

    /// The dot product of two vectors of `count` values.
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var k = 0
        while k + 8 <= count {
            // Multiply then add (not addProduct: a fused multiply-add is a library call per lane without FMA
            // in the target).
            lanes +=
                UnsafeRawPointer(x + k).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(y + k).loadUnaligned(as: SIMD8<Float>.self)
            k += 8
        }
        var sum = lanes.sum()
        while k < count {
            sum += x[k] * y[k]
            k += 1
        }
        return sum
    }

    /// For each of `sampled`'s units, the index of the unit of `all` it is matched to.
    static func match(_ sampled: UnitVectors, _ all: UnitVectors) -> [Int] {
        let width = sampled.width
        var similarities = [Float](repeating: 0, count: sampled.count * all.count)
        sampled.values.withUnsafeBufferPointer { left in
            all.values.withUnsafeBufferPointer { right in
                for i in 0..<sampled.count {
                    let x = left.baseAddress! + i * width
                    for j in 0..<all.count {
                        let y = right.baseAddress! + j * width
                        similarities[i * all.count + j] = dot(x, y, width)
                    }
                }
            }
        }
        var candidates: [(similarity: Float, unit: Int, other: Int)] = []
        for i in 0..<sampled.count {
            // The best few by one pass with a small sorted buffer (a full sort per unit costs more than the
            // similarities).
            var best: [(similarity: Float, other: Int)] = []
            for j in 0..<all.count {
                let similarity = similarities[i * all.count + j]
                if best.count == candidatesPerUnit {
                    guard similarity > best[best.count - 1].similarity else { continue }
                    best.removeLast()
                }
                let position = best.firstIndex { $0.similarity < similarity } ?? best.count
                best.insert((similarity, j), at: position)
            }
            for (similarity, j) in best { candidates.append((similarity, i, j)) }
        }
        candidates.sort { ($0.similarity, $1.unit, $1.other) > ($1.similarity, $0.unit, $0.other) }
        var assignment = [Int](repeating: -1, count: sampled.count)
        var taken = [Bool](repeating: false, count: all.count)
        for candidate in candidates where assignment[candidate.unit] < 0 && !taken[candidate.other] {
            assignment[candidate.unit] = candidate.other
            taken[candidate.other] = true
        }
        for i in 0..<sampled.count where assignment[i] < 0 {
            var best = -1
            for j in 0..<all.count
            where !taken[j] && (best < 0 || similarities[i * all.count + j] > similarities[i * all.count + best]) {
                best = j
            }
            assignment[i] = best
            if best >= 0 { taken[best] = true }
        }
        return assignment
    }
}
