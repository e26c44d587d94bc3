import Foundation

/// Writes files so that readers see either the old content or the complete new content, never a part.
public enum AtomicFile {
    /// Writes `data` to `path` through a temporary file in the same directory, then renames it into place.
    ///
    /// Creates missing parent directories.
    public static func write(_ data: Data, to path: String) throws(CorpusError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CorpusError(
                .writeFailed, at: SourceLocation(file: path),
                "cannot create the directory: \(error.localizedDescription)")
        }
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw CorpusError(
                .writeFailed, at: SourceLocation(file: path), "cannot write the temporary file \(temporary.path)")
        }
        // Flush to disk before the rename makes the file visible.
        if let handle = FileHandle(forWritingAtPath: temporary.path) {
            try? handle.synchronize()
            try? handle.close()
        }
        guard rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw CorpusError(
                .writeFailed, at: SourceLocation(file: path), "cannot move the new file into place: \(reason)")
        }
    }

    /// Writes `text` as UTF-8 (see ``write(_:to:)``).
    public static func write(_ text: String, to path: String) throws(CorpusError) {
        try write(Data(text.utf8), to: path)
    }
}
