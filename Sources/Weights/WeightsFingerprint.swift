import Crypto
import Dispatch
import Foundation
import Statistics
import Synchronization

/// What a registry keeps of a checkpoint to recognise it and its fine-tunes later without its weights: the SHA-256
/// of every tensor's stored bytes, and per tensor a short signature (seeded random projections of a seeded sample
/// of its values) whose cosine with another checkpoint's signature follows the cosine of the weights themselves.
///
/// The hashes match only identical bytes; the signatures survive small fine-tunes and re-quantisation (they are
/// taken in Hugging Face row order and on decoded values), but not a permutation of hidden units.
public struct WeightsFingerprint: Sendable {
    /// One tensor's entry.
    public struct Entry: Sendable, Hashable {
        public let name: String
        public let canonicalName: String
        public let type: TensorType
        public let shape: [Int]
        /// SHA-256 of the stored bytes, lower-case hexadecimal.
        public let sha256: String
        /// Projections of the sampled values scaled to unit length (nil for integer or undecodable tensors).
        public let signature: [Double]?
    }

    /// Settings of the signature.
    public struct Settings: Sendable, Hashable {
        public var seed: UInt64
        /// Rows and columns sampled (up to this many of each).
        public var sampledRows: Int
        public var sampledColumns: Int
        /// Length of each tensor's signature, 1 up to ``maximumProjections``.
        public var projections: Int

        /// The longest useful signature: the number of values sampled per tensor. A projection of a sample of
        /// that many values beyond that number is a linear combination of the others, so it adds length (and
        /// memory for the projection matrix, `projections` × the sample size) but no information.
        public var maximumProjections: Int { sampledRows * sampledColumns }

        public init(seed: UInt64 = 1, sampledRows: Int = 64, sampledColumns: Int = 64, projections: Int = 64) {
            self.seed = seed
            self.sampledRows = sampledRows
            self.sampledColumns = sampledColumns
            self.projections = projections
        }
    }

    public let format: Checkpoint.Format
    public let architecture: String?
    public let parameterCount: Int
    public let settings: Settings
    /// Entries in the checkpoint's tensor order.
    public let entries: [Entry]

    /// Fingerprints `checkpoint`, hashing tensors in parallel.
    public init(_ checkpoint: Checkpoint, settings: Settings = Settings()) {
        let tensors = checkpoint.tensors
        let slots = Mutex([Entry?](repeating: nil, count: tensors.count))
        // Largest first, so one big tensor does not finish last on its own.
        let order = tensors.indices.sorted { tensors[$0].byteRange.count > tensors[$1].byteRange.count }
        var projection = SplitMix64(seed: settings.seed ^ 0x5EED_0F51_6EA7)
        let width = settings.sampledRows * settings.sampledColumns
        let gaussians = (0..<(settings.projections * width)).map { _ in projection.gaussian() }
        DispatchQueue.concurrentPerform(iterations: order.count) { position in
            let tensor = tensors[order[position]]
            let canonical = TensorNaming.canonical(tensor.name)
            let digest = SHA256.hash(data: tensor.bytes).map { String(format: "%02x", $0) }.joined()
            let entry = Entry(
                name: tensor.name, canonicalName: canonical, type: tensor.type, shape: tensor.shape, sha256: digest,
                signature: Self.signature(
                    tensor, canonicalName: canonical, in: checkpoint, settings: settings, gaussians: gaussians))
            slots.withLock { $0[order[position]] = entry }
        }
        entries = slots.withLock { $0 }.compactMap { $0 }
        format = checkpoint.format
        architecture = checkpoint.architecture
        parameterCount = checkpoint.parameterCount
        self.settings = settings
    }

    static func signature(
        _ tensor: Tensor, canonicalName: String, in checkpoint: Checkpoint, settings: Settings, gaussians: [Double]
    ) -> [Double]? {
        guard tensor.type.isDecodable, tensor.type.isFloatingPoint, tensor.elementCount > 0 else { return nil }
        var generator = SplitMix64(seed: settings.seed ^ stableHash(canonicalName))
        let rows = generator.sample(settings.sampledRows, of: tensor.rowCount)
        let columns = generator.sample(settings.sampledColumns, of: tensor.rowLength)
        var storedRow = Array(0..<tensor.rowCount)
        if let order = TensorNaming.huggingFaceRowOrder(of: canonicalName, in: checkpoint, rows: tensor.rowCount) {
            for (ggufRow, huggingFaceRow) in order.enumerated() { storedRow[huggingFaceRow] = ggufRow }
        }
        var values: [Double] = []
        values.reserveCapacity(rows.count * columns.count)
        var scratch = [Float](repeating: 0, count: tensor.rowLength)
        scratch.withUnsafeMutableBufferPointer { row in
            for r in rows {
                tensor.decodeRows(storedRow[r]..<storedRow[r] + 1, into: row.baseAddress!)
                for c in columns { values.append(Double(row[c])) }
            }
        }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0, norm.isFinite else { return nil }
        let width = settings.sampledRows * settings.sampledColumns
        return (0..<settings.projections).map { p in
            var sum = 0.0
            for (index, value) in values.enumerated() { sum += gaussians[p * width + index] * value }
            return sum / norm
        }
    }

    /// FNV-1a over the UTF-8 bytes: the same on every platform and run (unlike `Hasher`).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// How one tensor of two fingerprints compares.
    public struct Match: Sendable, Hashable {
        public let canonicalName: String
        /// Whether the stored bytes are identical.
        public let identicalBytes: Bool
        /// Cosine of the two signatures (nil when either has none or the settings differ).
        public let signatureCosine: Double?
    }

    /// Compares two fingerprints tensor by tensor (by canonical name, in this fingerprint's order).
    public func matches(_ other: WeightsFingerprint) -> [Match] {
        var byName: [String: Entry] = [:]
        for entry in other.entries { byName[entry.canonicalName] = entry }
        return entries.compactMap { entry in
            guard let theirs = byName[entry.canonicalName] else { return nil }
            var cosine: Double?
            if settings == other.settings, let x = entry.signature, let y = theirs.signature, x.count == y.count {
                let dot = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
                let norms = (x.reduce(0) { $0 + $1 * $1 } * y.reduce(0) { $0 + $1 * $1 }).squareRoot()
                cosine = norms > 0 ? dot / norms : nil
            }
            return Match(
                canonicalName: entry.canonicalName, identicalBytes: entry.sha256 == theirs.sha256,
                signatureCosine: cosine)
        }
    }
}

extension SplitMix64 {
    /// A standard normal value (Box–Muller).
    mutating func gaussian() -> Double {
        let u = (Double(next() >> 11) + 0.5) * 0x1p-53
        let v = Double(next() >> 11) * 0x1p-53
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
