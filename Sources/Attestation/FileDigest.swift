import Crypto
import Foundation

/// SHA-256 digests of files, read in blocks so that model weights of any size fit.
public enum FileDigest {
    /// The SHA-256 of the file at `path`, lowercase hex.
    public static func sha256(path: String) throws(AttestationError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw AttestationError(.unreadableFile, file: path, "cannot open the file")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
                hasher.update(data: block)
            }
        } catch {
            throw AttestationError(.unreadableFile, file: path, "cannot read the file: \(error.localizedDescription)")
        }
        return Hex.encode(hasher.finalize())
    }

    /// The SHA-256 of `data`, lowercase hex.
    public static func sha256(_ data: Data) -> String {
        Hex.encode(SHA256.hash(data: data))
    }

    /// The contents of the file at `path`.
    static func read(_ path: String) throws(AttestationError) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AttestationError(.unreadableFile, file: path, "cannot read the file")
        }
        return data
    }
}
