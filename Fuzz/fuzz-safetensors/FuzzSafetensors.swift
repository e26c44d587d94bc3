import Foundation

#if !FUZZ_STANDALONE
    import Weights
#endif

/// Parses one input with `SafetensorsReader` and decodes the first values of a few tensors; a malformed input must throw,
/// never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = MappedFile(path: "fuzz-input", borrowing: UnsafeRawBufferPointer(start: data, count: size))
    guard let (_, tensors) = try? SafetensorsReader.read(file) else { return 0 }
    for tensor in tensors.prefix(8) where tensor.type.isDecodable && tensor.rowCount > 0 && tensor.rowLength <= 1 << 16
    {
        var row = [Float](repeating: 0, count: tensor.rowLength)
        row.withUnsafeMutableBufferPointer {
            tensor.decodeRows(tensor.rowCount - 1..<tensor.rowCount, into: $0.baseAddress!)
        }
    }
    return 0
}

#if !FUZZING
    /// Without libFuzzer: runs the target on each file named on the command line (to replay a crash).
    @main struct Replay {
        static func main() throws {
            for path in CommandLine.arguments.dropFirst() {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                _ = data.withUnsafeBytes { fuzzSafetensors($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
                print("\(path): ok")
            }
        }
    }
#endif
