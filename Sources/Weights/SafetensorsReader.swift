import Foundation

/// Reads safetensors files: an 8-byte little-endian header length, a JSON header mapping tensor names to
/// `dtype`, `shape` and `data_offsets` (relative to the end of the header), then the tensors' bytes.
///
/// Every length and offset is checked against the file; a malformed file throws ``WeightsError``.
public enum SafetensorsReader {
    /// Largest header accepted (the reference implementation's limit).
    public static let maximumHeaderLength = 100_000_000

    private struct Entry: Decodable {
        let dtype: String
        let shape: [Int]
        let data_offsets: [Int]
    }

    private enum HeaderValue: Decodable {
        case tensor(Entry)
        case metadata([String: String])

        init(from decoder: any Decoder) throws {
            if let entry = try? Entry(from: decoder) {
                self = .tensor(entry)
            } else {
                self = .metadata(try [String: String](from: decoder))
            }
        }
    }

    /// Whether `bytes` look like a safetensors file: a plausible header length followed by `{`.
    public static func hasHeader(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 9 else { return false }
        let length = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        return length >= 2 && length <= UInt64(bytes.count - 8) && bytes[8] == UInt8(ascii: "{")
    }

    /// Parses the mapped file into `__metadata__` and tensors (in the order of their data).
    public static func read(_ file: MappedFile) throws(WeightsError) -> (
        metadata: [(key: String, value: MetadataValue)], tensors: [Tensor]
    ) {
        var cursor = ByteCursor(file.bytes, file: file.path)
        let declared = try cursor.read(UInt64.self, "header length")
        guard declared <= UInt64(maximumHeaderLength) else {
            throw WeightsError(
                .limitExceeded, file: file.path, offset: 0,
                "header length \(declared) exceeds \(maximumHeaderLength) bytes")
        }
        let headerLength = Int(declared)
        guard headerLength <= cursor.remaining else {
            throw WeightsError(
                .truncated, file: file.path, offset: 0,
                "header length \(headerLength) is beyond the end of the file (\(cursor.remaining) bytes follow)")
        }
        let header = Data(UnsafeRawBufferPointer(rebasing: file.bytes[8..<8 + headerLength]))
        let values: [String: HeaderValue]
        do {
            values = try JSONDecoder().decode([String: HeaderValue].self, from: header)
        } catch {
            throw WeightsError(.malformedHeader, file: file.path, offset: 8, "the JSON header does not parse: \(error)")
        }
        let dataStart = 8 + headerLength
        let dataLength = file.count - dataStart
        var metadata: [(key: String, value: MetadataValue)] = []
        var tensors: [Tensor] = []
        for (name, value) in values {
            switch value {
            case .metadata(let strings):
                guard name == "__metadata__" else {
                    throw WeightsError(.malformedHeader, file: file.path, tensor: name, "not a tensor entry")
                }
                metadata = strings.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }
            case .tensor(let entry):
                guard name != "__metadata__" else {
                    throw WeightsError(.malformedHeader, file: file.path, "__metadata__ must map strings to strings")
                }
                tensors.append(try tensor(name, entry, file: file, dataStart: dataStart, dataLength: dataLength))
            }
        }
        tensors.sort { ($0.byteRange.lowerBound, $0.name) < ($1.byteRange.lowerBound, $1.name) }
        try OverlapCheck.check(tensors, file: file.path)
        return (metadata, tensors)
    }

    private static func tensor(_ name: String, _ entry: Entry, file: MappedFile, dataStart: Int, dataLength: Int)
        throws(WeightsError) -> Tensor
    {
        guard let type = TensorType(safetensorsName: entry.dtype) else {
            throw WeightsError(.unknownDType, file: file.path, tensor: name, "dtype \(entry.dtype) is not supported")
        }
        guard entry.shape.count <= GGUFReader.maximumDimensions, entry.shape.allSatisfy({ $0 >= 0 }) else {
            throw WeightsError(.badShape, file: file.path, tensor: name, "shape \(entry.shape)")
        }
        var elements = 1
        for dimension in entry.shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw WeightsError(.badShape, file: file.path, tensor: name, "element count overflows")
            }
            elements = product
        }
        guard entry.data_offsets.count == 2 else {
            throw WeightsError(.badOffsets, file: file.path, tensor: name, "data_offsets must hold two numbers")
        }
        let begin = entry.data_offsets[0]
        let end = entry.data_offsets[1]
        guard begin >= 0, begin <= end, end <= dataLength else {
            throw WeightsError(
                .badOffsets, file: file.path, tensor: name,
                "data_offsets [\(begin), \(end)] are outside the \(dataLength) data bytes")
        }
        guard let bytes = type.byteCount(elements: elements), bytes == end - begin else {
            throw WeightsError(
                .badShape, file: file.path, tensor: name,
                "shape \(entry.shape) of \(type.rawValue) needs \(elements) × \(type.blockBytes) bytes but "
                    + "data_offsets give \(end - begin)")
        }
        return Tensor(
            name: name, type: type, shape: entry.shape, elementCount: elements, file: file,
            byteRange: dataStart + begin..<dataStart + end)
    }
}
