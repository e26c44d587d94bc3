import Foundation

/// Why a file operation failed, in the plain words the readers use ("no such file or directory", "permission
/// denied") instead of Foundation's error dumps.
public enum FileProblem {
    /// The reason for the POSIX error number `code`, e.g. "permission denied".
    public static func reason(errno code: Int32) -> String {
        let text = String(cString: strerror(code))
        guard let first = text.first else { return "error \(code)" }
        // "Read-only file system" → "read-only file system"; keep acronyms such as "I/O error".
        let second = text.dropFirst().first
        return second.map { $0.isLowercase } == true ? first.lowercased() + text.dropFirst() : text
    }

    /// The reason behind an error thrown by Foundation's file APIs: the POSIX reason when the error carries one.
    public static func reason(_ error: any Error) -> String {
        if let code = posixCode(error) { return reason(errno: code) }
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return reason(errno: ENOENT)
            case .fileReadNoPermission, .fileWriteNoPermission: return reason(errno: EACCES)
            case .fileWriteVolumeReadOnly: return reason(errno: EROFS)
            case .fileWriteOutOfSpace: return reason(errno: ENOSPC)
            case .fileWriteFileExists: return reason(errno: EEXIST)
            default: break
            }
        }
        return error.localizedDescription
    }

    /// The POSIX error number inside `error` (itself or its underlying error), if any.
    static func posixCode(_ error: any Error) -> Int32? {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        return nil
    }
}

extension CorpusError {
    /// The error for a file that could not be read, with the plain reason (see ``FileProblem``).
    public static func unreadable(_ file: String, _ error: any Error) -> CorpusError {
        CorpusError(.unreadableFile, at: SourceLocation(file: file), FileProblem.reason(error))
    }
}
