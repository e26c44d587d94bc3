import Foundation

@testable import Weights

/// Builds checkpoint bytes by hand, so malformed variants can be made field by field.
struct Bytes {
    var data = Data()

    mutating func u8(_ value: UInt8) { data.append(value) }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    mutating func f32(_ value: Float) { u32(value.bitPattern) }
    mutating func string(_ text: String) {
        u64(UInt64(text.utf8.count))
        data.append(contentsOf: Array(text.utf8))
    }
    mutating func pad(to alignment: Int) {
        while data.count % alignment != 0 { data.append(0) }
    }
}

enum Build {
    /// A safetensors file with the given JSON header and data bytes.
    static func safetensors(header: String, data: Data, declaredLength: UInt64? = nil) -> Data {
        var bytes = Bytes()
        bytes.u64(declaredLength ?? UInt64(header.utf8.count))
        bytes.data.append(contentsOf: Array(header.utf8))
        bytes.data.append(data)
        return bytes.data
    }

    /// Two F32 tensors: a [2, 3] holding 0...5 and b [2] holding 6, 7.
    static func validSafetensors() -> Data {
        var values = Bytes()
        for value in 0..<8 { values.f32(Float(value)) }
        let header = """
            {"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},\
            "b":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}}
            """
        return safetensors(header: header, data: values.data)
    }

    struct GGUFTensor {
        var name: String
        var dimensions: [UInt64]  // innermost first, as GGUF stores them
        var type: UInt32
        var offset: UInt64
    }

    /// A GGUF v3 file: an architecture key, optional extra key/value bytes, the tensor infos, then `data`.
    static func gguf(
        version: UInt32 = 3, tensors: [GGUFTensor], data: Data, tensorCount: UInt64? = nil, alignment: UInt32? = nil,
        extraKeyValues: (count: UInt64, bytes: Data)? = nil
    ) -> Data {
        var bytes = Bytes()
        bytes.data.append(contentsOf: Array("GGUF".utf8))
        bytes.u32(version)
        bytes.u64(tensorCount ?? UInt64(tensors.count))
        bytes.u64(1 + (alignment == nil ? 0 : 1) + (extraKeyValues?.count ?? 0))
        bytes.string("general.architecture")
        bytes.u32(8)
        bytes.string("llama")
        if let alignment {
            bytes.string("general.alignment")
            bytes.u32(4)
            bytes.u32(alignment)
        }
        if let extraKeyValues { bytes.data.append(extraKeyValues.bytes) }
        for tensor in tensors {
            bytes.string(tensor.name)
            bytes.u32(UInt32(tensor.dimensions.count))
            for dimension in tensor.dimensions { bytes.u64(dimension) }
            bytes.u32(tensor.type)
            bytes.u64(tensor.offset)
        }
        bytes.pad(to: Int(alignment ?? 32))
        bytes.data.append(data)
        return bytes.data
    }

    /// An F32 tensor [2, 4] (rows of 4) with values 0...7, and a Q8_0 tensor of one block.
    static func validGGUF() -> Data {
        var data = Bytes()
        for value in 0..<8 { data.f32(Float(value)) }
        data.pad(to: 32)
        // Q8_0 block: scale 0.5 (F16 0x3800), quants -16...15.
        data.u8(0x00)
        data.u8(0x38)
        for quant in -16..<16 { data.u8(UInt8(bitPattern: Int8(quant))) }
        return gguf(
            tensors: [
                GGUFTensor(name: "blk.0.attn_norm.weight", dimensions: [4, 2], type: 0, offset: 0),
                GGUFTensor(name: "q", dimensions: [32], type: 8, offset: 32),
            ], data: data.data)
    }
}

/// A file in a fresh temporary directory, removed by `remove()`.
struct TemporaryFile {
    let directory: URL
    let path: String

    init(_ data: Data, name: String = "model.bin") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lineage-weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent(name).path
        try data.write(to: URL(fileURLWithPath: path))
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// Opens `data` as a checkpoint file and returns the error it throws, if any.
func openingError(_ data: Data, name: String = "model.bin") throws -> WeightsError? {
    let file = try TemporaryFile(data, name: name)
    defer { file.remove() }
    do {
        _ = try Checkpoint(path: file.path)
        return nil
    } catch {
        return error
    }
}
