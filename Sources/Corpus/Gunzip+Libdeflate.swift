#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Gunzip {
    /// Whether the fast path through the system's libdeflate (loaded at run time when present) is on.
    ///
    /// libdeflate inflates a whole gzip member in one call, two to three times as fast as zlib's streaming
    /// inflate. It is optional: without it, or with `LINEAGE_GUNZIP=zlib` in the environment, every file goes
    /// through zlib. Both paths give the same bytes for the same input; damaged data is reported by the zlib path.
    public static var usesLibdeflate: Bool { Libdeflate.shared != nil }

    /// What the libdeflate path made of some gzip data.
    enum FastInflation: Equatable {
        /// The whole payload.
        case inflated([UInt8])
        /// The payload is longer than the limit.
        case tooLarge
        /// libdeflate is not available, or the data is for zlib to judge (damaged, or a header checksum
        /// libdeflate would not verify).
        case leftToZlib
    }

    /// The payload of `compressed` inflated by libdeflate, if it can be (see ``FastInflation``).
    static func inflateWithLibdeflate(_ compressed: [UInt8], limit: Int = .max) -> FastInflation {
        guard let library = Libdeflate.shared else { return .leftToZlib }
        let limit = max(limit, 0)
        return compressed.withUnsafeBufferPointer { input -> FastInflation in
            guard let base = input.baseAddress, let decompressor = library.allocate() else { return .leftToZlib }
            defer { library.free(decompressor) }
            // The gzip trailer's last four bytes hold the last member's size (mod 2^32): exact for the usual
            // single-member file, and a starting size otherwise. Deflate cannot expand data more than 1032 times,
            // so a forged trailer cannot ask for more.
            let trailerSize =
                input.count >= 4
                ? Int(UnsafeRawPointer(base + input.count - 4).loadUnaligned(as: UInt32.self).littleEndian) : 0
            let possible = input.count.multipliedReportingOverflow(by: 1032)
            var capacity = min(max(trailerSize, 64), possible.overflow ? .max : possible.partialValue + 64, limit)
            while true {
                var outcome = FastInflation.inflated([])
                let output = [UInt8](unsafeUninitializedCapacity: max(capacity, 1)) { buffer, initialized in
                    var offset = 0
                    var produced = 0
                    initialized = 0
                    while offset < input.count {
                        // libdeflate skips a header checksum (FHCRC) without checking it; zlib checks it.
                        guard input.count - offset > 3, input[offset + 3] & 0x02 == 0 else {
                            outcome = .leftToZlib
                            return
                        }
                        var consumed = 0
                        var written = 0
                        let status = library.gzipDecompress(
                            decompressor, base + offset, input.count - offset, buffer.baseAddress! + produced,
                            capacity - produced, &consumed, &written)
                        guard status == Libdeflate.success else {
                            outcome = status == Libdeflate.insufficientSpace ? .tooLarge : .leftToZlib
                            return
                        }
                        produced += written
                        offset += consumed
                        // Padding zeros some writers append after a member, as the zlib path skips them.
                        while offset < input.count && input[offset] == 0 { offset += 1 }
                    }
                    initialized = produced
                }
                switch outcome {
                case .inflated: return .inflated(output)
                case .leftToZlib: return .leftToZlib
                case .tooLarge:
                    // Out of room: at the limit the answer is known, below it the buffer grows.
                    if capacity >= limit { return .tooLarge }
                    capacity = min(max(capacity * 2, input.count * 8), limit)
                }
            }
        }
    }
}

/// The few libdeflate entry points Lineage uses, resolved with `dlopen` so that the library stays optional.
struct Libdeflate: @unchecked Sendable {
    typealias Allocate = @convention(c) () -> OpaquePointer?
    typealias Free = @convention(c) (OpaquePointer?) -> Void
    typealias GzipDecompress =
        @convention(c) (
            OpaquePointer?, UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, Int, UnsafeMutablePointer<Int>?,
            UnsafeMutablePointer<Int>?
        ) -> Int32

    /// `LIBDEFLATE_SUCCESS` and `LIBDEFLATE_INSUFFICIENT_SPACE` of `enum libdeflate_result`.
    static let success: Int32 = 0
    static let insufficientSpace: Int32 = 3

    let allocate: Allocate
    let free: Free
    let gzipDecompress: GzipDecompress

    /// The loaded library, or nil when it is absent or turned off with `LINEAGE_GUNZIP=zlib`.
    static let shared: Libdeflate? = {
        if let choice = getenv("LINEAGE_GUNZIP"), String(cString: choice) == "zlib" { return nil }
        for name in ["libdeflate.so.0", "libdeflate.so", "libdeflate.0.dylib", "libdeflate.dylib"] {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let allocate = dlsym(handle, "libdeflate_alloc_decompressor"),
                let free = dlsym(handle, "libdeflate_free_decompressor"),
                let decompress = dlsym(handle, "libdeflate_gzip_decompress_ex")
            else {
                dlclose(handle)
                continue
            }
            return Libdeflate(
                allocate: unsafeBitCast(allocate, to: Allocate.self), free: unsafeBitCast(free, to: Free.self),
                gzipDecompress: unsafeBitCast(decompress, to: GzipDecompress.self))
        }
        return nil
    }()
}
