import Corpus
import Foundation

/// Reads safetensors files: an 8-byte little-endian header length, a JSON header mapping tensor names to
/// `dtype`, `shape` and `data_offsets` (relative to the end of the header), then the tensors' bytes.
///
/// Every length and offset is checked against the file; a malformed file throws ``WeightsError``.
public enum SafetensorsReader {
    /// Largest header accepted (the reference implementation's limit).
    public static let maximumHeaderLength = 100_000_000

    /// One tensor's header entry.
    private struct Entry {
        let dtype: String
        let shape: [Int]
        let dataOffsets: [Int]

        /// Reads the entry of tensor `name`; a missing or mistyped field is an error naming it.
        init(_ value: JSONValue, name: String, file: String) throws(WeightsError) {
            guard case .object = value else {
                throw WeightsError(
                    .malformedHeader, file: file, tensor: name,
                    "the entry is \(HeaderField.describe(value)), expected an object with dtype, shape and data_offsets"
                )
            }
            let field = HeaderField(value, tensor: name, file: file)
            dtype = try field.string("dtype")
            shape = try field.integers("shape")
            dataOffsets = try field.integers("data_offsets")
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
        let header: JSONValue
        do {
            header = try JSONValue.parse([UInt8](UnsafeRawBufferPointer(rebasing: file.bytes[8..<8 + headerLength])))
        } catch {
            throw WeightsError(
                .malformedHeader, file: file.path, offset: 8 + error.offset,
                "the JSON header does not parse: \(error.message)")
        }
        guard case .object(let members) = header else {
            throw WeightsError(
                .malformedHeader, file: file.path, offset: 8,
                "the JSON header is \(HeaderField.describe(header)), expected an object")
        }
        let dataStart = 8 + headerLength
        let dataLength = file.count - dataStart
        var metadata: [(key: String, value: MetadataValue)] = []
        var tensors: [Tensor] = []
        var names = Set<String>()
        for member in members {
            guard names.insert(member.key).inserted else {
                throw WeightsError(.malformedHeader, file: file.path, tensor: member.key, "named twice in the header")
            }
            if member.key == "__metadata__" {
                let strings = try HeaderField(header, file: file.path).strings("__metadata__")
                metadata = strings.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }
            } else {
                let entry = try Entry(member.value, name: member.key, file: file.path)
                tensors.append(try tensor(member.key, entry, file: file, dataStart: dataStart, dataLength: dataLength))
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
        guard entry.dataOffsets.count == 2 else {
            throw WeightsError(.badOffsets, file: file.path, tensor: name, "data_offsets must hold two numbers")
        }
        let begin = entry.dataOffsets[0]
        let end = entry.dataOffsets[1]
        guard begin >= 0, begin <= end else {
            throw WeightsError(
                .badOffsets, file: file.path, tensor: name, "data_offsets [\(begin), \(end)] are not a byte range")
        }
        guard end <= dataLength else {
            // Past the end of the data: the file is cut short (or the header is wrong); say where it should end.
            let (last, overflow) = dataStart.addingReportingOverflow(end)
            throw WeightsError(
                .truncated, file: file.path, tensor: name, offset: dataStart + min(begin, dataLength),
                "data_offsets [\(begin), \(end)] run to byte \(overflow ? "beyond \(Int.max)" : String(last)) of the "
                    + "file, which ends at byte \(dataStart + dataLength) (\(dataLength) data bytes)")
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
