/// Turns stored tensor values of any decodable ``TensorType`` into `Float`.
///
/// Sources may be unaligned (safetensors data follows a header of any length). Decoding to `Float` is exact for
/// F32, F16, BF16, the 8-bit floats and small integers; F64 and wide integers are rounded to the nearest `Float`;
/// Q8_0 and Q4_0 blocks are dequantised as llama.cpp does (scale × quant, Q4_0 quants offset by 8).
public enum ValueDecoding {
    /// Decodes `count` values of `type` at `source` into `destination`; `count` must be a whole number of blocks.
    public static func decode(
        _ type: TensorType, from source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>
    ) {
        switch type {
        case .f32:
            UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: count * 4)
        case .f16:
            let table = halfTable
            table.withUnsafeBufferPointer { table in
                for index in 0..<count {
                    destination[index] = table[Int(source.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self))]
                }
            }
        case .bf16:
            for index in 0..<count {
                let bits = UInt32(source.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)) << 16
                destination[index] = Float(bitPattern: bits)
            }
        case .f64:
            for index in 0..<count {
                destination[index] = Float(source.loadUnaligned(fromByteOffset: index * 8, as: Double.self))
            }
        case .q8_0: decodeQ8_0(source, count: count, into: destination)
        case .q4_0: decodeQ4_0(source, count: count, into: destination)
        case .bool, .u8:
            for index in 0..<count { destination[index] = Float(source.load(fromByteOffset: index, as: UInt8.self)) }
        case .i8:
            for index in 0..<count { destination[index] = Float(source.load(fromByteOffset: index, as: Int8.self)) }
        case .i16: decodeIntegers(source, Int16.self, count, destination)
        case .u16: decodeIntegers(source, UInt16.self, count, destination)
        case .i32: decodeIntegers(source, Int32.self, count, destination)
        case .u32: decodeIntegers(source, UInt32.self, count, destination)
        case .i64: decodeIntegers(source, Int64.self, count, destination)
        case .u64: decodeIntegers(source, UInt64.self, count, destination)
        case .f8e4m3:
            for index in 0..<count {
                destination[index] = float8E4M3(source.load(fromByteOffset: index, as: UInt8.self))
            }
        case .f8e5m2:
            for index in 0..<count {
                destination[index] = float8E5M2(source.load(fromByteOffset: index, as: UInt8.self))
            }
        case .f8e8m0:
            for index in 0..<count {
                destination[index] = float8E8M0(source.load(fromByteOffset: index, as: UInt8.self))
            }
        case .q4_1, .q5_0, .q5_1, .q8_1, .q2K, .q3K, .q4K, .q5K, .q6K, .q8K:
            preconditionFailure("\(type.rawValue) is not decodable; check isDecodable first")
        }
    }

    private static func decodeIntegers<T: BinaryInteger>(
        _ source: UnsafeRawPointer, _: T.Type, _ count: Int, _ destination: UnsafeMutablePointer<Float>
    ) {
        let size = MemoryLayout<T>.size
        for index in 0..<count {
            destination[index] = Float(source.loadUnaligned(fromByteOffset: index * size, as: T.self))
        }
    }

    /// Q8_0: per block of 32, an F16 scale then 32 signed bytes; value = scale × byte.
    private static func decodeQ8_0(
        _ source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>
    ) {
        let table = halfTable
        for block in 0..<(count / 32) {
            let base = source + block * 34
            let scale = table[Int(base.loadUnaligned(as: UInt16.self))]
            let out = destination + block * 32
            for index in 0..<32 { out[index] = scale * Float(base.load(fromByteOffset: 2 + index, as: Int8.self)) }
        }
    }

    /// Q4_0: per block of 32, an F16 scale then 16 bytes; byte j holds value j in its low nibble and value j + 16
    /// in its high nibble; value = scale × (nibble − 8).
    private static func decodeQ4_0(
        _ source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>
    ) {
        let table = halfTable
        for block in 0..<(count / 32) {
            let base = source + block * 18
            let scale = table[Int(base.loadUnaligned(as: UInt16.self))]
            let out = destination + block * 32
            for index in 0..<16 {
                let byte = base.load(fromByteOffset: 2 + index, as: UInt8.self)
                out[index] = scale * Float(Int(byte & 0x0F) - 8)
                out[index + 16] = scale * Float(Int(byte >> 4) - 8)
            }
        }
    }

    /// Every IEEE 754 half-precision bit pattern as a `Float` (exact).
    static let halfTable: [Float] = (0...UInt16.max).map(halfToFloat)

    /// Converts IEEE 754 binary16 bits to `Float` exactly.
    public static func halfToFloat(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = Int(bits & 0x3FF)
        switch exponent {
        case 0: return sign * Float(mantissa) * 0x1p-24
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * Float(1024 + mantissa) * Float(sign: .plus, exponent: exponent - 25, significand: 1)
        }
    }

    /// OCP FP8 E4M3 ("fn": no infinities, S.1111.111 is NaN), bias 7.
    static func float8E4M3(_ bits: UInt8) -> Float {
        let sign: Float = bits & 0x80 == 0 ? 1 : -1
        let exponent = Int((bits >> 3) & 0x0F)
        let mantissa = Int(bits & 0x07)
        if exponent == 15 && mantissa == 7 { return .nan }
        if exponent == 0 { return sign * Float(mantissa) * 0x1p-9 }
        return sign * Float(8 + mantissa) * Float(sign: .plus, exponent: exponent - 10, significand: 1)
    }

    /// FP8 E5M2 (IEEE-like, with infinities and NaNs), bias 15.
    static func float8E5M2(_ bits: UInt8) -> Float {
        let sign: Float = bits & 0x80 == 0 ? 1 : -1
        let exponent = Int((bits >> 2) & 0x1F)
        let mantissa = Int(bits & 0x03)
        if exponent == 31 { return mantissa == 0 ? sign * .infinity : .nan }
        if exponent == 0 { return sign * Float(mantissa) * 0x1p-16 }
        return sign * Float(4 + mantissa) * Float(sign: .plus, exponent: exponent - 17, significand: 1)
    }

    /// E8M0 scale: 2^(bits − 127); 0xFF is NaN.
    static func float8E8M0(_ bits: UInt8) -> Float {
        bits == 0xFF ? .nan : Float(sign: .plus, exponent: Int(bits) - 127, significand: 1)
    }
}
