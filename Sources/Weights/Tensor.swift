/// One tensor of a checkpoint: its name, element type, shape and where its bytes lie in a mapped file.
///
/// Shapes are outermost first (row-major, as NumPy and safetensors give them); GGUF's innermost-first dimensions
/// are reversed on reading, so the same weight has the same shape in both formats.
public struct Tensor: Sendable {
    /// The name as stored in the file.
    public let name: String
    /// How values are stored.
    public let type: TensorType
    /// Dimensions, outermost first; empty for a scalar.
    public let shape: [Int]
    /// Number of values (product of the shape).
    public let elementCount: Int
    /// The file holding the bytes.
    public let file: MappedFile
    /// Absolute byte range within `file`.
    public let byteRange: Range<Int>

    init(name: String, type: TensorType, shape: [Int], elementCount: Int, file: MappedFile, byteRange: Range<Int>) {
        self.name = name
        self.type = type
        self.shape = shape
        self.elementCount = elementCount
        self.file = file
        self.byteRange = byteRange
    }

    /// Values per row: the innermost dimension (1 for a scalar or an empty innermost dimension).
    public var rowLength: Int { max(shape.last ?? 1, 1) }
    /// Number of rows: values divided by the row length.
    public var rowCount: Int { elementCount / rowLength }
    /// Bytes per row.
    public var rowBytes: Int { rowLength / type.blockElements * type.blockBytes }

    /// The stored bytes (a view into the mapping).
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[byteRange])
    }

    /// Decodes rows `rows` into `destination`, which must hold `rows.count × rowLength` values.
    ///
    /// The type must be decodable (``TensorType/isDecodable``).
    public func decodeRows(_ rows: Range<Int>, into destination: UnsafeMutablePointer<Float>) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= rowCount)
        guard !rows.isEmpty, let base = file.bytes.baseAddress else { return }
        ValueDecoding.decode(
            type, from: base + byteRange.lowerBound + rows.lowerBound * rowBytes, count: rows.count * rowLength,
            into: destination)
    }

    /// All values as `Float` (for small tensors and tests; comparisons stream rows instead).
    public func floats() -> [Float] {
        [Float](unsafeUninitializedCapacity: elementCount) { buffer, initialized in
            if let base = buffer.baseAddress { decodeRows(0..<rowCount, into: base) }
            initialized = elementCount
        }
    }
}
