/// Reads GGUF files (versions 2 and 3): header, metadata key/values, tensor infos and the aligned data section.
///
/// Every count, length and offset is checked against the file before use; a malformed file throws
/// ``WeightsError`` naming the byte offset and the field.
public enum GGUFReader {
    /// The default alignment of the data section and of every tensor's offset in it.
    public static let defaultAlignment = 32
    /// Most dimensions a tensor may have (ggml uses 4).
    public static let maximumDimensions = 8
    /// Deepest nesting of metadata arrays accepted.
    static let maximumArrayDepth = 4

    /// Whether `bytes` start with the GGUF magic.
    public static func hasMagic(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x47 && bytes[1] == 0x47 && bytes[2] == 0x55 && bytes[3] == 0x46
    }

    /// Parses the mapped file into metadata and tensors.
    public static func read(_ file: MappedFile) throws(WeightsError) -> (
        metadata: [(key: String, value: MetadataValue)], tensors: [Tensor]
    ) {
        var cursor = ByteCursor(file.bytes, file: file.path)
        guard hasMagic(file.bytes) else {
            throw WeightsError(.unknownFormat, file: file.path, offset: 0, "no GGUF magic")
        }
        try cursor.skip(4, "magic")
        let version = try cursor.read(UInt32.self, "version")
        guard version == 2 || version == 3 else {
            let detail =
                version.byteSwapped == 2 || version.byteSwapped == 3
                ? "big-endian GGUF is not supported" : "GGUF version \(version) is not supported (2 and 3 are)"
            throw WeightsError(.unsupported, file: file.path, offset: 4, detail)
        }
        // The smallest tensor info is 8 (name length) + 4 (dimensions) + 4 (type) + 8 (offset) bytes; the smallest
        // key/value 8 (key length) + 4 (type) + 1 (value).
        let tensorCount = try cursor.readCount("tensor count", bytesEach: 24)
        let keyValueCount = try cursor.readCount("metadata key/value count", bytesEach: 13)

        var metadata: [(key: String, value: MetadataValue)] = []
        var keys = Set<String>()
        for _ in 0..<keyValueCount {
            let start = cursor.offset
            let key = try cursor.readString("metadata key")
            guard keys.insert(key).inserted else {
                throw WeightsError(.malformedHeader, file: file.path, offset: start, "duplicate metadata key \(key)")
            }
            let type = try cursor.read(UInt32.self, "type of \(key)")
            metadata.append((key, try readValue(type: type, key: key, depth: 0, cursor: &cursor)))
        }

        var alignment = defaultAlignment
        if let value = metadata.first(where: { $0.key == "general.alignment" })?.value {
            guard let number = value.integer, number > 0, number <= 1 << 24, number & (number - 1) == 0 else {
                throw WeightsError(
                    .malformedHeader, file: file.path, "general.alignment \(value) is not a power of two up to 2^24")
            }
            alignment = number
        }

        struct Info {
            let name: String
            let type: TensorType
            let shape: [Int]
            let elements: Int
            let bytes: Int
            let offset: Int
            let at: Int
        }
        var infos: [Info] = []
        infos.reserveCapacity(tensorCount)
        var names = Set<String>()
        for _ in 0..<tensorCount {
            let at = cursor.offset
            let name = try cursor.readString("tensor name")
            guard names.insert(name).inserted else {
                throw WeightsError(.malformedHeader, file: file.path, tensor: name, offset: at, "duplicate tensor name")
            }
            let dimensionCount = Int(try cursor.read(UInt32.self, "dimension count of \(name)"))
            guard dimensionCount <= maximumDimensions else {
                throw WeightsError(
                    .limitExceeded, file: file.path, tensor: name, offset: at,
                    "\(dimensionCount) dimensions (at most \(maximumDimensions))")
            }
            var dimensions: [Int] = []
            var elements = 1
            for _ in 0..<dimensionCount {
                let dimension = try cursor.readCount("dimension of \(name)", limit: Int(Int64.max))
                let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
                guard !overflow else {
                    throw WeightsError(.badShape, file: file.path, tensor: name, offset: at, "element count overflows")
                }
                elements = product
                dimensions.append(dimension)
            }
            let typeNumber = try cursor.read(UInt32.self, "type of \(name)")
            guard let type = TensorType(ggmlType: typeNumber) else {
                throw WeightsError(
                    .unknownDType, file: file.path, tensor: name, offset: at, "ggml type \(typeNumber) is not supported"
                )
            }
            let offset = try cursor.readCount("data offset of \(name)", limit: Int(Int64.max))
            let innermost = dimensions.first ?? 1
            guard innermost % type.blockElements == 0, let bytes = type.byteCount(elements: elements) else {
                throw WeightsError(
                    .badShape, file: file.path, tensor: name, offset: at,
                    "innermost dimension \(innermost) is not a multiple of the \(type.rawValue) block of "
                        + "\(type.blockElements)")
            }
            guard offset % alignment == 0 else {
                throw WeightsError(
                    .badOffsets, file: file.path, tensor: name, offset: at,
                    "data offset \(offset) is not a multiple of the alignment \(alignment)")
            }
            infos.append(
                Info(
                    name: name, type: type, shape: dimensions.reversed(), elements: elements, bytes: bytes,
                    offset: offset, at: at))
        }

        let dataStart = (cursor.offset + alignment - 1) / alignment * alignment
        var tensors: [Tensor] = []
        tensors.reserveCapacity(infos.count)
        for info in infos {
            let (start, overflow) = dataStart.addingReportingOverflow(info.offset)
            guard !overflow, start <= file.count, info.bytes <= file.count - start else {
                throw WeightsError(
                    .badOffsets, file: file.path, tensor: info.name, offset: info.at,
                    "data at \(dataStart) + \(info.offset) with \(info.bytes) bytes runs past the end of the file "
                        + "(\(file.count) bytes)")
            }
            tensors.append(
                Tensor(
                    name: info.name, type: info.type, shape: info.shape, elementCount: info.elements, file: file,
                    byteRange: start..<start + info.bytes))
        }
        try OverlapCheck.check(tensors, file: file.path)
        return (metadata, tensors)
    }

    /// Minimal stored size of one value of a GGUF metadata type, or nil for an unknown type.
    private static func minimumSize(_ type: UInt32) -> Int? {
        switch type {
        case 0, 1, 7: 1
        case 2, 3: 2
        case 4, 5, 6: 4
        case 10, 11, 12: 8
        case 8: 8
        case 9: 12
        default: nil
        }
    }

    private static func readValue(type: UInt32, key: String, depth: Int, cursor: inout ByteCursor) throws(WeightsError)
        -> MetadataValue
    {
        switch type {
        case 0: return .unsigned(UInt64(try cursor.read(UInt8.self, key)))
        case 1: return .signed(Int64(try cursor.read(Int8.self, key)))
        case 2: return .unsigned(UInt64(try cursor.read(UInt16.self, key)))
        case 3: return .signed(Int64(try cursor.read(Int16.self, key)))
        case 4: return .unsigned(UInt64(try cursor.read(UInt32.self, key)))
        case 5: return .signed(Int64(try cursor.read(Int32.self, key)))
        case 6: return .float(Double(try cursor.readFloat(key)))
        case 7:
            let start = cursor.offset
            let byte = try cursor.read(UInt8.self, key)
            guard byte <= 1 else {
                throw WeightsError(.malformedHeader, file: cursor.file, offset: start, "\(key): bool byte \(byte)")
            }
            return .bool(byte == 1)
        case 8: return .string(try cursor.readString(key))
        case 10: return .unsigned(try cursor.read(UInt64.self, key))
        case 11: return .signed(try cursor.read(Int64.self, key))
        case 12: return .float(try cursor.readDouble(key))
        case 9:
            let start = cursor.offset
            guard depth < maximumArrayDepth else {
                throw WeightsError(.limitExceeded, file: cursor.file, offset: start, "\(key): arrays nested too deep")
            }
            let elementType = try cursor.read(UInt32.self, "element type of \(key)")
            guard let size = minimumSize(elementType) else {
                throw WeightsError(
                    .malformedHeader, file: cursor.file, offset: start,
                    "\(key): unknown array element type \(elementType)")
            }
            let count = try cursor.readCount("element count of \(key)", bytesEach: size)
            var first: [MetadataValue] = []
            let fixedSize = elementType == 8 || elementType == 9 ? nil : Optional(size)
            for index in 0..<count {
                if let fixedSize, index == MetadataValue.keptArrayElements {
                    // The rest of a fixed-size array is skipped in one step (its length was checked above).
                    try cursor.skip((count - index) * fixedSize, key)
                    break
                }
                let value = try readValue(type: elementType, key: key, depth: depth + 1, cursor: &cursor)
                if index < MetadataValue.keptArrayElements { first.append(value) }
            }
            return .array(count: count, first: first)
        default:
            throw WeightsError(
                .malformedHeader, file: cursor.file, offset: cursor.offset - 4, "\(key): unknown value type \(type)")
        }
    }
}

/// Refuses tensors whose byte ranges overlap.
enum OverlapCheck {
    static func check(_ tensors: [Tensor], file: String) throws(WeightsError) {
        let sorted = tensors.filter { !$0.byteRange.isEmpty }.sorted {
            $0.byteRange.lowerBound < $1.byteRange.lowerBound
        }
        for (previous, next) in zip(sorted, sorted.dropFirst())
        where previous.byteRange.upperBound > next.byteRange.lowerBound {
            throw WeightsError(
                .badOffsets, file: file, tensor: next.name,
                "bytes \(next.byteRange.lowerBound)..<\(next.byteRange.upperBound) overlap \(previous.name)'s "
                    + "\(previous.byteRange.lowerBound)..<\(previous.byteRange.upperBound)")
        }
    }
}
