import Foundation
import Statistics
import Testing

@testable import Weights

/// Every malformed file gives a typed error naming the problem; none crashes.
@Suite struct MalformedTests {
    private func safetensorsError(_ header: String, dataBytes: Int = 32, declared: UInt64? = nil) throws
        -> WeightsError?
    {
        try openingError(
            Build.safetensors(header: header, data: Data(count: dataBytes), declaredLength: declared),
            name: "m.safetensors")
    }

    @Test func truncatedFiles() throws {
        let valid = Build.validSafetensors()
        for length in [0, 4, 8, 20, valid.count - 1] {
            let error = try openingError(valid.prefix(length), name: "m.safetensors")
            #expect(error != nil, "\(length) bytes")
        }
        let gguf = Build.validGGUF()
        for length in stride(from: 0, to: gguf.count, by: 7) {
            let error = try openingError(gguf.prefix(length), name: "m.gguf")
            #expect(error != nil, "\(length) bytes")
        }
        #expect(try openingError(gguf.prefix(10), name: "m.gguf")?.kind == .truncated)
    }

    @Test func safetensorsHeaderLengthBeyondTheFile() throws {
        let error = try safetensorsError("{}", declared: 1_000)
        #expect(error?.kind == .truncated)
        #expect(error?.description.contains("beyond the end of the file") == true)
        #expect(try safetensorsError("{}", declared: UInt64.max)?.kind == .limitExceeded)
    }

    @Test func safetensorsBadEntries() throws {
        let outOfRange = try safetensorsError(#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[24,40]}}"#)
        // 32 data bytes after a header of 56: the tensor would run to byte 104 of a file of 96.
        #expect(outOfRange?.kind == .truncated)
        #expect(outOfRange?.tensor == "a")
        #expect(outOfRange?.offset == 8 + 56 + 24)
        #expect(outOfRange?.description.contains("run to byte 104 of the file, which ends at byte 96") == true)
        let farOut = try safetensorsError(#"{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,9223372036854775807]}}"#)
        #expect(farOut?.kind == .truncated)
        #expect(farOut?.description.contains("beyond") == true, "\(String(describing: farOut))")
        let overlapping = try safetensorsError(
            #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}"#
        )
        #expect(overlapping?.kind == .badOffsets)
        #expect(overlapping?.description.contains("overlap") == true)
        let unknown = try safetensorsError(#"{"a":{"dtype":"F12","shape":[4],"data_offsets":[0,16]}}"#)
        #expect(unknown?.kind == .unknownDType)
        let mismatch = try safetensorsError(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}"#)
        #expect(mismatch?.kind == .badShape)
        let negative = try safetensorsError(#"{"a":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}}"#)
        #expect(negative?.kind == .badShape)
        let overflow = try safetensorsError(
            #"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,16]}}"#)
        #expect(overflow?.kind == .badShape)
        let reversed = try safetensorsError(#"{"a":{"dtype":"F32","shape":[0],"data_offsets":[16,8]}}"#)
        #expect(reversed?.kind == .badOffsets)
        #expect(try safetensorsError(#"{"a":[1,2]}"#)?.kind == .malformedHeader)
        #expect(try safetensorsError(#"{"a": "#)?.kind == .malformedHeader)
        #expect(try safetensorsError(#"{"__metadata__":{"k":1}}"#)?.kind == .malformedHeader)
    }

    @Test func ggufBadCountsAndOffsets() throws {
        var data = Bytes()
        for value in 0..<8 { data.f32(Float(value)) }
        let tensor = Build.GGUFTensor(name: "t", dimensions: [8], type: 0, offset: 0)

        let absurd = try openingError(
            Build.gguf(tensors: [tensor], data: data.data, tensorCount: 1 << 60), name: "m.gguf")
        #expect(absurd?.kind == .truncated)
        #expect(absurd?.description.contains("bytes after it") == true, "\(String(describing: absurd))")
        // A GGUF cut after its first 30 bytes: the counts it declares no longer fit what is left.
        let whole = Build.gguf(tensors: [tensor], data: data.data)
        let cut = try openingError(whole.prefix(30), name: "m.gguf")
        #expect(cut?.kind == .truncated, "\(String(describing: cut))")

        var far = tensor
        far.offset = 1 << 20
        #expect(try openingError(Build.gguf(tensors: [far], data: data.data), name: "m.gguf")?.kind == .badOffsets)

        var unaligned = tensor
        unaligned.offset = 4
        let misaligned = try openingError(Build.gguf(tensors: [unaligned], data: data.data), name: "m.gguf")
        #expect(misaligned?.kind == .badOffsets)

        var second = tensor
        second.name = "u"
        second.dimensions = [16]
        var longer = data
        for value in 0..<32 { longer.f32(Float(value)) }
        let overlap = try openingError(Build.gguf(tensors: [second, tensor], data: longer.data), name: "m.gguf")
        #expect(overlap?.kind == .badOffsets)

        var unknownType = tensor
        unknownType.type = 99
        #expect(
            try openingError(Build.gguf(tensors: [unknownType], data: data.data), name: "m.gguf")?.kind == .unknownDType
        )

        var notBlocks = tensor
        notBlocks.type = 2  // Q4_0 needs rows that are multiples of 32
        #expect(try openingError(Build.gguf(tensors: [notBlocks], data: data.data), name: "m.gguf")?.kind == .badShape)

        var manyDimensions = tensor
        manyDimensions.dimensions = Array(repeating: 1, count: 40)
        let dimensions = try openingError(Build.gguf(tensors: [manyDimensions], data: data.data), name: "m.gguf")
        #expect(dimensions?.kind == .limitExceeded)

        var huge = tensor
        huge.dimensions = [1 << 40, 1 << 40]
        #expect(try openingError(Build.gguf(tensors: [huge], data: data.data), name: "m.gguf")?.kind == .badShape)

        #expect(
            try openingError(Build.gguf(version: 1, tensors: [tensor], data: data.data), name: "m.gguf")?.kind
                == .unsupported)
        let badAlignment = try openingError(
            Build.gguf(tensors: [tensor], data: data.data, alignment: 24), name: "m.gguf")
        #expect(badAlignment?.kind == .malformedHeader)

        var badValue = Bytes()
        badValue.string("x")
        badValue.u32(42)
        let unknownValue = try openingError(
            Build.gguf(tensors: [tensor], data: data.data, extraKeyValues: (1, badValue.data)), name: "m.gguf")
        #expect(unknownValue?.kind == .malformedHeader)

        var hugeArray = Bytes()
        hugeArray.string("x")
        hugeArray.u32(9)
        hugeArray.u32(8)
        hugeArray.u64(1 << 50)
        let array = try openingError(
            Build.gguf(tensors: [tensor], data: data.data, extraKeyValues: (1, hugeArray.data)), name: "m.gguf")
        #expect(array?.kind == .truncated)
    }

    @Test func safetensorsHeaderFieldErrorsNameTheTensorAndField() throws {
        let cases: [(header: String, message: String)] = [
            (
                #"{"a":{"dtype":"F32","shape":"4","data_offsets":[0,16]}}"#,
                "tensor a: malformed header: shape is a string, expected an array of integers"
            ),
            (
                #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,1.5]}}"#,
                "tensor a: malformed header: data_offsets[1] is the number 1.5, expected an integer"
            ),
            (#"{"a":{"shape":[4],"data_offsets":[0,16]}}"#, "tensor a: malformed header: no dtype"),
            (
                #"{"a":[1,2]}"#,
                "tensor a: malformed header: the entry is an array, expected an object with dtype, shape and data_offsets"
            ),
            (#"{"__metadata__":{"k":1}}"#, "malformed header: __metadata__.k is the number 1, expected a string"),
            (
                #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#,
                "tensor a: malformed header: named twice in the header"
            ),
            ("[1]", "byte 8: malformed header: the JSON header is an array, expected an object"),
        ]
        for (header, message) in cases {
            let error = try safetensorsError(header)
            #expect(error?.kind == .malformedHeader, "\(header)")
            #expect(error?.description.hasSuffix(message) == true, "\(error?.description ?? "no error")")
            #expect(error?.description.contains("m.safetensors") == true)
        }
        let syntax = try #require(try safetensorsError(#"{"a": "#))
        #expect(syntax.description.contains("the JSON header does not parse") && syntax.offset != nil)
        #expect(!syntax.description.contains("DecodingError") && !syntax.description.contains("codingPath"))
    }

    @Test func shardIndexErrorsNameTheIndexAndField() throws {
        for (index, message) in [
            (#"{"weight_map":{"a":3}}"#, "malformed header: weight_map.a is the number 3, expected a string"),
            (#"{"metadata":{}}"#, "malformed header: no weight_map"),
            (#"{"weight_map":"#, "malformed header: the index is not JSON"),
        ] {
            let file = try TemporaryFile(Data(index.utf8), name: "model.safetensors.index.json")
            defer { file.remove() }
            let error = #expect(throws: WeightsError.self) { try Checkpoint(path: file.path) }
            #expect(error?.description.contains("\(file.path)") == true)
            #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
        }
    }

    @Test func unknownFilesAndMissingPaths() throws {
        #expect(try openingError(Data("hello, world".utf8))?.kind == .unknownFormat)
        #expect(throws: WeightsError.self) { try Checkpoint(path: "/nonexistent/model.safetensors") }
    }

    @Test func randomBytesNeverCrashTheParsers() throws {
        var generator = SplitMix64(seed: 42)
        let seeds = [Build.validSafetensors(), Build.validGGUF()]
        for round in 0..<400 {
            var bytes = [UInt8](seeds[round % 2])
            for _ in 0..<(1 + round % 6) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[position] = UInt8.random(in: 0...255, using: &generator)
            }
            let mapped = bytes.withUnsafeBytes { buffer in
                let file = MappedFile(path: "mutated", borrowing: buffer)
                let safetensors = try? SafetensorsReader.read(file)
                let gguf = try? GGUFReader.read(file)
                for tensor in (safetensors?.tensors ?? []) + (gguf?.tensors ?? []) where tensor.type.isDecodable {
                    #expect(tensor.byteRange.upperBound <= buffer.count)
                    _ = tensor.floats()
                }
                return (safetensors != nil) || (gguf != nil)
            }
            _ = mapped
        }
    }
}
