import Corpus
import Crypto
import Foundation

/// SHA-256 digests of files, read in blocks so that model weights of any size fit.
public enum FileDigest {
    /// The SHA-256 of the file at `path`, lowercase hex.
    public static func sha256(path: String) throws(AttestationError) -> String {
        var hasher = SHA256()
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
                hasher.update(data: block)
            }
        } catch {
            throw AttestationError(.unreadableFile, file: path, FileProblem.reason(error))
        }
        return Hex.encode(hasher.finalize())
    }

    /// The SHA-256 of `data`, lowercase hex.
    public static func sha256(_ data: Data) -> String {
        Hex.encode(SHA256.hash(data: data))
    }

    /// The contents of the file at `path`; an error says why it cannot be read ("no such file or directory").
    public static func read(_ path: String) throws(AttestationError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw AttestationError(.unreadableFile, file: path, FileProblem.reason(error))
        }
    }
}
