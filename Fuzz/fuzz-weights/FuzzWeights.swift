import Foundation

#if !FUZZ_STANDALONE
    import Weights
#endif

/// The checkpoint formats whose header parsers are fuzzed.
enum FuzzedFormat {
    case safetensors, gguf

    /// The format a libFuzzer build exercises: GGUF when compiled with `-DFUZZ_GGUF`, else safetensors.
    static var built: FuzzedFormat {
        #if FUZZ_GGUF
            return .gguf
        #else
            return .safetensors
        #endif
    }

    /// The tensors of `file` read as this format.
    func tensors(_ file: MappedFile) throws(WeightsError) -> [Tensor] {
        switch self {
        case .safetensors: return try SafetensorsReader.read(file).tensors
        case .gguf: return try GGUFReader.read(file).tensors
        }
    }
}

/// Parses one input as `format` and decodes the last row of a few tensors; a malformed input must throw, never crash.
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int, as format: FuzzedFormat) -> CInt {
    let file = MappedFile(path: "fuzz-input", borrowing: UnsafeRawBufferPointer(start: data, count: size))
    guard let tensors = try? format.tensors(file) else { return 0 }
    for tensor in tensors.prefix(8) where tensor.type.isDecodable && tensor.rowCount > 0 && tensor.rowLength <= 1 << 16
    {
        var row = [Float](repeating: 0, count: tensor.rowLength)
        row.withUnsafeMutableBufferPointer {
            tensor.decodeRows(tensor.rowCount - 1..<tensor.rowCount, into: $0.baseAddress!)
        }
    }
    return 0
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzz(data, size, as: FuzzedFormat.built)
}

#if !FUZZING
    /// Without libFuzzer: runs the parser on each file named on the command line (to replay a crash); files ending in
    /// `.gguf` are read as GGUF, others as safetensors.
    @main struct Replay {
        static func main() throws {
            for path in CommandLine.arguments.dropFirst() {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                let format: FuzzedFormat = path.hasSuffix(".gguf") ? .gguf : .safetensors
                _ = data.withUnsafeBytes { fuzz($0.bindMemory(to: UInt8.self).baseAddress, $0.count, as: format) }
                print("\(path): ok")
            }
        }
    }
#endif
