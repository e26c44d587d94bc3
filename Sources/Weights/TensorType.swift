/// The element type of a tensor, as safetensors and GGUF name them, with its storage layout.
///
/// Block-quantised GGML types store `blockElements` values in `blockBytes` bytes; plain types have blocks of one.
public enum TensorType: String, Sendable, Hashable, CaseIterable {
    case bool = "BOOL"
    case u8 = "U8"
    case i8 = "I8"
    case i16 = "I16"
    case u16 = "U16"
    case i32 = "I32"
    case u32 = "U32"
    case i64 = "I64"
    case u64 = "U64"
    case f16 = "F16"
    case bf16 = "BF16"
    case f32 = "F32"
    case f64 = "F64"
    case f8e5m2 = "F8_E5M2"
    case f8e4m3 = "F8_E4M3"
    case f8e8m0 = "F8_E8M0"
    case q4_0 = "Q4_0"
    case q4_1 = "Q4_1"
    case q5_0 = "Q5_0"
    case q5_1 = "Q5_1"
    case q8_0 = "Q8_0"
    case q8_1 = "Q8_1"
    case q2K = "Q2_K"
    case q3K = "Q3_K"
    case q4K = "Q4_K"
    case q5K = "Q5_K"
    case q6K = "Q6_K"
    case q8K = "Q8_K"

    /// The type a safetensors header names (`"F32"`, `"BF16"`, ...), or nil for a name the spec does not define
    /// or whose layout is not a whole number of bytes per element.
    public init?(safetensorsName name: String) {
        guard let type = TensorType(rawValue: name), type.blockElements == 1 else { return nil }
        self = type
    }

    /// The type a GGUF tensor info gives as its `ggml_type` number, or nil for an unknown or unsupported one.
    public init?(ggmlType: UInt32) {
        switch ggmlType {
        case 0: self = .f32
        case 1: self = .f16
        case 2: self = .q4_0
        case 3: self = .q4_1
        case 6: self = .q5_0
        case 7: self = .q5_1
        case 8: self = .q8_0
        case 9: self = .q8_1
        case 10: self = .q2K
        case 11: self = .q3K
        case 12: self = .q4K
        case 13: self = .q5K
        case 14: self = .q6K
        case 15: self = .q8K
        case 24: self = .i8
        case 25: self = .i16
        case 26: self = .i32
        case 27: self = .i64
        case 28: self = .f64
        case 30: self = .bf16
        default: return nil
        }
    }

    /// Values per storage block (1 for plain types, 32 or 256 for GGML quantisations).
    public var blockElements: Int {
        switch self {
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1: 32
        case .q2K, .q3K, .q4K, .q5K, .q6K, .q8K: 256
        default: 1
        }
    }

    /// Bytes per storage block.
    public var blockBytes: Int {
        switch self {
        case .bool, .u8, .i8, .f8e5m2, .f8e4m3, .f8e8m0: 1
        case .i16, .u16, .f16, .bf16: 2
        case .i32, .u32, .f32: 4
        case .i64, .u64, .f64: 8
        case .q4_0: 18
        case .q4_1: 20
        case .q5_0: 22
        case .q5_1: 24
        case .q8_0: 34
        case .q8_1: 36
        case .q2K: 84
        case .q3K: 110
        case .q4K: 144
        case .q5K: 176
        case .q6K: 210
        case .q8K: 292
        }
    }

    /// Whether values of this type can be decoded to floating point for comparison.
    public var isDecodable: Bool {
        switch self {
        case .q4_1, .q5_0, .q5_1, .q8_1, .q2K, .q3K, .q4K, .q5K, .q6K, .q8K: false
        default: true
        }
    }

    /// Whether the type holds real-valued weights (floating point or quantised floating point).
    public var isFloatingPoint: Bool {
        switch self {
        case .bool, .u8, .i8, .i16, .u16, .i32, .u32, .i64, .u64: false
        default: true
        }
    }

    /// Bytes needed for `elements` values, or nil when the count is not a whole number of blocks or overflows.
    public func byteCount(elements: Int) -> Int? {
        guard elements >= 0, elements % blockElements == 0 else { return nil }
        let (bytes, overflow) = (elements / blockElements).multipliedReportingOverflow(by: blockBytes)
        return overflow ? nil : bytes
    }
}
