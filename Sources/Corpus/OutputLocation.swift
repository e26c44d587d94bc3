import Foundation

/// Checks of where a command will write, made before the work so that a bad `--out` fails at once, and without
/// creating anything, so that a run that fails later leaves no trace.
public enum OutputLocation {
    /// Checks that `path` is a directory the tool can write into, or that it can be created: it is not a file, and
    /// it or its nearest existing ancestor is a writable directory.
    public static func checkDirectory(_ path: String) throws(CorpusError) {
        let location = SourceLocation(file: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CorpusError(.writeFailed, at: location, "exists and is not a directory")
            }
            guard access(path, W_OK | X_OK) == 0 else {
                throw CorpusError(.writeFailed, at: location, FileProblem.reason(errno: errno))
            }
            return
        }
        var ancestor = path
        repeat {
            let parent = PathName.parent(of: ancestor)
            ancestor = parent.isEmpty ? "." : parent
        } while !FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDirectory) && ancestor != "/"
            && ancestor != "."
        guard isDirectory.boolValue else {
            throw CorpusError(.writeFailed, at: location, "cannot create the directory: \(ancestor) is not a directory")
        }
        guard access(ancestor, W_OK | X_OK) == 0 else {
            throw CorpusError(
                .writeFailed, at: location,
                "cannot create the directory: \(ancestor): \(FileProblem.reason(errno: errno))")
        }
    }

    /// Checks that a file can be written at `path`: it is not a directory, and its directory exists and is writable
    /// or can be created (see ``checkDirectory(_:)``).
    public static func checkFile(_ path: String) throws(CorpusError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CorpusError(.writeFailed, at: SourceLocation(file: path), "is a directory")
        }
        let parent = PathName.parent(of: path)
        try checkDirectory(parent.isEmpty ? "." : parent)
    }

    /// Creates the directory `path` and any missing parents (as `mkdir -p`); an error says why in plain words.
    public static func createDirectory(_ path: String) throws(CorpusError) {
        if let code = makeDirectories(path) {
            throw CorpusError(
                .writeFailed, at: SourceLocation(file: path),
                "cannot create the directory: \(FileProblem.reason(errno: code))")
        }
    }

    /// Creates `path` and its missing parents; the POSIX error number of the step that failed, or nil.
    static func makeDirectories(_ path: String) -> Int32? {
        if mkdir(path, 0o777) == 0 { return nil }
        let code = errno
        var isDirectory: ObjCBool = false
        switch code {
        case EEXIST:
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            return exists && isDirectory.boolValue ? nil : ENOTDIR
        case ENOENT:
            let parent = PathName.parent(of: path)
            guard !parent.isEmpty, parent != path else { return code }
            if let failed = makeDirectories(parent) { return failed }
            if mkdir(path, 0o777) == 0 { return nil }
            let retry = errno
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            return retry == EEXIST && exists && isDirectory.boolValue ? nil : retry
        default:
            return code
        }
    }
}
