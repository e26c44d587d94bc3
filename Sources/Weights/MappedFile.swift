#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's bytes mapped read-only into memory; pages are read from disk when first touched, so memory does not
/// grow with the file's size.
public final class MappedFile: @unchecked Sendable {
    /// The path as given.
    public let path: String
    /// The mapped bytes (empty for an empty file).
    public let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path`.
    public init(path: String) throws(WeightsError) {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw WeightsError(.unreadableFile, file: path, String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw WeightsError(.unreadableFile, file: path, String(cString: strerror(errno)))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw WeightsError(.unreadableFile, file: path, "not a regular file")
        }
        let size = Int(status.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw WeightsError(.unreadableFile, file: path, "cannot map: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// Wraps bytes already in memory (for parsing buffers, e.g. in tests and fuzzing); they must outlive the file.
    public init(path: String, borrowing buffer: UnsafeRawBufferPointer) {
        self.path = path
        bytes = buffer
        ownsMapping = false
    }

    private var ownsMapping = true

    /// The number of bytes.
    public var count: Int { bytes.count }

    /// Advises the kernel that `range` will be read front to back soon.
    public func adviseSequential(_ range: Range<Int>) {
        guard let base = bytes.baseAddress, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = range.lowerBound / page * page
        _ = madvise(UnsafeMutableRawPointer(mutating: base + start), range.upperBound - start, MADV_WILLNEED)
    }

    deinit {
        if ownsMapping, let base = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        }
    }
}
