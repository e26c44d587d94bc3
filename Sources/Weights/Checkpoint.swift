import Corpus
import Foundation

/// A model checkpoint opened for reading: its tensors, header metadata and the mapped files behind them.
///
/// Opens a safetensors file, a sharded safetensors checkpoint (its `model.safetensors.index.json`, or a directory
/// holding one), a GGUF file, or a directory holding exactly one checkpoint file. Tensor bytes stay in the mapped
/// files; nothing is read until a tensor is decoded.
public struct Checkpoint: Sendable {
    /// The file formats read.
    public enum Format: String, Sendable {
        case safetensors
        case gguf
    }

    /// The path as given.
    public let path: String
    /// The format of the file(s).
    public let format: Format
    /// Header metadata: GGUF key/values in file order, or safetensors `__metadata__` sorted by key.
    public let metadata: [(key: String, value: MetadataValue)]
    /// Every tensor, in file (and shard) order.
    public let tensors: [Tensor]
    /// The files holding the tensors (several for a sharded checkpoint).
    public let files: [String]

    private let index: [String: Int]

    /// Opens the checkpoint at `path` (see the type's description for what a path may be).
    public init(path: String) throws(WeightsError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw WeightsError(.unreadableFile, file: path, "no such file or directory")
        }
        var target = path
        if isDirectory.boolValue { target = try Self.checkpointFile(inDirectory: path) }
        if target.hasSuffix(".index.json") {
            (metadata, tensors, files) = try Self.readShards(index: target)
            format = .safetensors
        } else {
            let file = try MappedFile(path: target)
            if GGUFReader.hasMagic(file.bytes) {
                (metadata, tensors) = try GGUFReader.read(file)
                format = .gguf
            } else if SafetensorsReader.hasHeader(file.bytes) || target.hasSuffix(".safetensors") {
                (metadata, tensors) = try SafetensorsReader.read(file)
                format = .safetensors
            } else {
                throw WeightsError(.unknownFormat, file: target, "neither GGUF nor safetensors")
            }
            files = [target]
        }
        var index: [String: Int] = [:]
        for (position, tensor) in tensors.enumerated() { index[tensor.name] = position }
        self.index = index
    }

    /// The tensor called `name`, if any.
    public subscript(name: String) -> Tensor? { index[name].map { tensors[$0] } }

    /// The metadata value for `key`, if any.
    public func metadataValue(_ key: String) -> MetadataValue? { metadata.first { $0.key == key }?.value }

    /// Total number of values over all tensors.
    public var parameterCount: Int { tensors.reduce(0) { $0 + $1.elementCount } }

    /// Total bytes of tensor data.
    public var tensorBytes: Int { tensors.reduce(0) { $0 + $1.byteRange.count } }

    /// The architecture named in the metadata (`general.architecture` in GGUF), if any.
    public var architecture: String? {
        metadataValue("general.architecture")?.string ?? metadataValue("architecture")?.string
    }

    private static func checkpointFile(inDirectory directory: String) throws(WeightsError) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        let join = { (name: String) in (directory as NSString).appendingPathComponent(name) }
        if let index = names.first(where: { $0.hasSuffix(".safetensors.index.json") }) { return join(index) }
        let candidates = names.filter { $0.hasSuffix(".safetensors") || $0.hasSuffix(".gguf") }
        guard candidates.count == 1 else {
            throw WeightsError(
                .unknownFormat, file: directory,
                candidates.isEmpty
                    ? "no .safetensors, .gguf or model.safetensors.index.json file"
                    : "several checkpoint files (\(candidates.joined(separator: ", "))); name one")
        }
        return join(candidates[0])
    }

    private static func readShards(index path: String) throws(WeightsError) -> (
        [(key: String, value: MetadataValue)], [Tensor], [String]
    ) {
        let file = try MappedFile(path: path)
        let index: JSONValue
        do {
            index = try JSONValue.parse([UInt8](file.bytes))
        } catch {
            throw WeightsError(
                .malformedHeader, file: path, offset: error.offset, "the index is not JSON: \(error.message)")
        }
        guard case .object = index else {
            throw WeightsError(
                .malformedHeader, file: path, "the index is \(HeaderField.describe(index)), expected an object")
        }
        let map = try HeaderField(index, file: path).strings("weight_map")
        let directory = PathName.parent(of: path)
        var shardNames: [String] = []
        for shard in Set(map.values).sorted() {
            guard !shard.contains("/"), !shard.hasPrefix(".") else {
                throw WeightsError(.malformedHeader, file: path, "shard \(shard) is not a file beside the index")
            }
            shardNames.append(shard)
        }
        var tensors: [Tensor] = []
        var metadata: [(key: String, value: MetadataValue)] = []
        var files: [String] = []
        var seen = Set<String>()
        for shard in shardNames {
            let shardPath = (directory as NSString).appendingPathComponent(shard)
            let (shardMetadata, shardTensors) = try SafetensorsReader.read(try MappedFile(path: shardPath))
            if metadata.isEmpty { metadata = shardMetadata }
            files.append(shardPath)
            for tensor in shardTensors {
                guard map[tensor.name] == shard else {
                    throw WeightsError(
                        .malformedHeader, file: shardPath, tensor: tensor.name,
                        "the index places this tensor in \(map[tensor.name] ?? "no shard")")
                }
                guard seen.insert(tensor.name).inserted else {
                    throw WeightsError(.malformedHeader, file: shardPath, tensor: tensor.name, "tensor in two shards")
                }
                tensors.append(tensor)
            }
        }
        if let missing = map.keys.sorted().first(where: { !seen.contains($0) }) {
            throw WeightsError(.malformedHeader, file: path, tensor: missing, "listed in the index but in no shard")
        }
        return (metadata, tensors, files)
    }
}
