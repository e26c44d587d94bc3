import Corpus
import Crypto
import Foundation

/// An Ed25519 key pair for signing certificates or tree heads, stored as PEM (PKCS #8 private key, SubjectPublicKeyInfo
/// public key) so that OpenSSL and other libraries read the same files.
public struct SigningKey: Sendable {
    /// The 32-byte Ed25519 seed.
    let seed: Data
    /// The public half.
    public let publicKey: VerifyingKey

    /// The private key.
    var privateKey: Curve25519.Signing.PrivateKey {
        // The seed was validated when the key was made.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    /// A new random key.
    public init() {
        let key = Curve25519.Signing.PrivateKey()
        seed = key.rawRepresentation
        publicKey = VerifyingKey(publicKey: key.publicKey)
    }

    /// The key whose 32-byte Ed25519 seed is `seed`.
    public init(seed: Data) throws(AttestationError) {
        do {
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            self.seed = key.rawRepresentation
            self.publicKey = VerifyingKey(publicKey: key.publicKey)
        } catch {
            throw AttestationError(.malformedKey, "an Ed25519 seed has 32 bytes, not \(seed.count)")
        }
    }

    /// The Ed25519 signature of `message`.
    public func sign(_ message: Data) throws(AttestationError) -> Data {
        do {
            return try privateKey.signature(for: message)
        } catch {
            throw AttestationError(.badSignature, "cannot sign: \(error)")
        }
    }

    /// The private key as a PEM "PRIVATE KEY" block (PKCS #8, RFC 8410).
    public var pemRepresentation: String {
        PEM.encode(label: "PRIVATE KEY", der: PEM.ed25519PrivatePrefix + seed)
    }

    /// Reads a private key written by ``write(to:)`` (or any PKCS #8 Ed25519 PEM without a password).
    public static func load(path: String) throws(AttestationError) -> SigningKey {
        let text = String(decoding: try FileDigest.read(path), as: UTF8.self)
        let der = try PEM.decode(text, label: "PRIVATE KEY", file: path)
        guard der.count == PEM.ed25519PrivatePrefix.count + 32, der.starts(with: PEM.ed25519PrivatePrefix) else {
            throw AttestationError(.malformedKey, file: path, "not an Ed25519 private key (PKCS #8)")
        }
        return try SigningKey(seed: der.dropFirst(PEM.ed25519PrivatePrefix.count))
    }

    /// Writes the private key to `path` (mode 0600) and the public key to `path.pub`, each complete or not at all,
    /// creating missing parent directories. Refuses, writing nothing, when either file exists: a key is never
    /// overwritten (losing it would orphan everything it signed).
    public func write(to path: String) throws(AttestationError) {
        let publicPath = path + ".pub"
        for existing in [path, publicPath] where NewFile.exists(existing) {
            throw AttestationError(
                .writeFailed, file: existing, "a key file exists here; keys are never overwritten (remove it first)")
        }
        try NewFile.create(Data(pemRepresentation.utf8), at: path, mode: 0o600)
        do {
            try NewFile.create(Data(publicKey.pemRepresentation.utf8), at: publicPath, mode: 0o644)
        } catch {
            // Leave no private key without its public half.
            unlink(path)
            throw error
        }
    }
}

/// An Ed25519 public key that checks signatures.
public struct VerifyingKey: Sendable, Equatable {
    /// The 32 raw bytes.
    public let raw: Data

    /// The key.
    var publicKey: Curve25519.Signing.PublicKey {
        // The bytes were validated when the key was made.
        try! Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }

    /// Wraps `publicKey`.
    init(publicKey: Curve25519.Signing.PublicKey) { raw = publicKey.rawRepresentation }

    /// The key whose 32 raw bytes are `raw`.
    public init(raw: Data) throws(AttestationError) {
        do {
            self.raw = try Curve25519.Signing.PublicKey(rawRepresentation: raw).rawRepresentation
        } catch {
            throw AttestationError(.malformedKey, "an Ed25519 public key has 32 bytes, not \(raw.count)")
        }
    }

    /// The key id written into signatures: the SHA-256 of the raw public key, lowercase hex.
    public var keyID: String { FileDigest.sha256(raw) }

    /// Whether `signature` is a valid Ed25519 signature of `message` by this key.
    public func isValidSignature(_ signature: Data, for message: Data) -> Bool {
        publicKey.isValidSignature(signature, for: message)
    }

    /// The public key as a PEM "PUBLIC KEY" block (SubjectPublicKeyInfo, RFC 8410).
    public var pemRepresentation: String {
        PEM.encode(label: "PUBLIC KEY", der: PEM.ed25519PublicPrefix + raw)
    }

    /// Reads a public key PEM file.
    public static func load(path: String) throws(AttestationError) -> VerifyingKey {
        let text = String(decoding: try FileDigest.read(path), as: UTF8.self)
        let der = try PEM.decode(text, label: "PUBLIC KEY", file: path)
        guard der.count == PEM.ed25519PublicPrefix.count + 32, der.starts(with: PEM.ed25519PublicPrefix) else {
            throw AttestationError(.malformedKey, file: path, "not an Ed25519 public key (SubjectPublicKeyInfo)")
        }
        return try VerifyingKey(raw: der.dropFirst(PEM.ed25519PublicPrefix.count))
    }

    /// Writes the public key PEM to `path` atomically.
    public func write(to path: String) throws(AttestationError) {
        do {
            try AtomicFile.write(pemRepresentation, to: path)
        } catch {
            throw AttestationError(.writeFailed, file: path, error.detail)
        }
    }
}

/// PEM armour for the two fixed-shape Ed25519 DER structures.
enum PEM {
    /// PKCS #8 OneAsymmetricKey for Ed25519 up to the 32-byte seed (RFC 8410 §7).
    static let ed25519PrivatePrefix = Data([
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ])
    /// SubjectPublicKeyInfo for Ed25519 up to the 32-byte key (RFC 8410 §4).
    static let ed25519PublicPrefix = Data([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00])

    static func encode(label: String, der: Data) -> String {
        let body = der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
    }

    static func decode(_ text: String, label: String, file: String) throws(AttestationError) -> Data {
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex)
        else {
            throw AttestationError(.malformedKey, file: file, "no \(begin) block")
        }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: String(body)) else {
            throw AttestationError(.malformedKey, file: file, "the PEM body is not base64")
        }
        return der
    }
}

/// Creates files that must not replace anything: the content is written to a temporary file with its final
/// permissions from the first byte, synced, then linked into place, which fails if the name is taken meanwhile.
enum NewFile {
    /// Whether anything (a file, a directory, even a dangling symbolic link) has the name `path`.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Writes `data` to the new file `path` with permissions `mode`; fails if `path` exists.
    static func create(_ data: Data, at path: String, mode: mode_t) throws(AttestationError) {
        do {
            try AtomicFile.create(data, at: path, mode: mode)
        } catch {
            throw AttestationError(.writeFailed, file: path, error.detail)
        }
    }
}
