import Foundation

/// Writes files so that readers see either the old content or the complete new content, never a part.
public enum AtomicFile {
    /// Writes `data` to `path` through a temporary file in the same directory, then renames it into place.
    ///
    /// Creates missing parent directories.
    public static func write(_ data: Data, to path: String) throws(CorpusError) {
        try write(data, to: path, mode: 0o666, replacing: true)
    }

    /// Creates the file `path` with `data` and permissions `mode` (before the umask), through a temporary file as
    /// ``write(_:to:)`` does, but fails if `path` exists, even when it appears during the write: the file is linked
    /// into place, which, unlike a rename, never replaces a name. For files that must never be overwritten (keys).
    public static func create(_ data: Data, at path: String, mode: mode_t) throws(CorpusError) {
        try write(data, to: path, mode: mode, replacing: false)
    }

    private static func write(_ data: Data, to path: String, mode: mode_t, replacing: Bool) throws(CorpusError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        if let code = OutputLocation.makeDirectories(directory.path) {
            throw CorpusError(
                .writeFailed, at: SourceLocation(file: path),
                "cannot create the directory \(directory.path): \(FileProblem.reason(errno: code))")
        }
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        if let reason = writeAndSync(data, to: temporary.path, mode: mode) {
            throw CorpusError(
                .writeFailed, at: SourceLocation(file: path),
                "cannot write a temporary file in \(directory.path): \(reason)")
        }
        if !replacing {
            defer { unlink(temporary.path) }
            guard link(temporary.path, path) == 0 else {
                let reason =
                    errno == EEXIST ? "the file exists; it is never overwritten" : FileProblem.reason(errno: errno)
                throw CorpusError(.writeFailed, at: SourceLocation(file: path), reason)
            }
            return
        }
        guard rename(temporary.path, path) == 0 else {
            let reason = FileProblem.reason(errno: errno)
            unlink(temporary.path)
            throw CorpusError(
                .writeFailed, at: SourceLocation(file: path), "cannot move the new file into place: \(reason)")
        }
    }

    /// Creates the file at `path` (it must not exist), writes `data` and flushes it to disk; returns the reason
    /// when any step fails, after removing the file it created.
    private static func writeAndSync(_ data: Data, to path: String, mode: mode_t) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { return FileProblem.reason(errno: errno) }
        var failure: String?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = FileProblem.reason(errno: errno)
                    return
                }
                offset += written
            }
        }
        // Flush to disk before the rename makes the file visible.
        if failure == nil, fsync(descriptor) != 0 { failure = FileProblem.reason(errno: errno) }
        if close(descriptor) != 0, failure == nil { failure = FileProblem.reason(errno: errno) }
        if failure != nil { unlink(path) }
        return failure
    }

    /// Writes `text` as UTF-8 (see ``write(_:to:)``).
    public static func write(_ text: String, to path: String) throws(CorpusError) {
        try write(Data(text.utf8), to: path)
    }
}
