import Attestation
import Foundation

/// The server's transparency log of certificates: the Attestation module's SQLite log and its signing key
/// (`PATH` and `PATH.key`, as `lineage log init` makes them), created on first use.
public actor CertificateLog {
    let log: TransparencyLog
    let key: SigningKey

    /// Opens the log at `path`, creating it and its key when none of the three files exists; refuses a key file
    /// without its log rather than replace it.
    public init(path: String) throws {
        if FileManager.default.fileExists(atPath: path) {
            log = try TransparencyLog.open(path: path)
            key = try log.signingKey()
        } else {
            (log, key) = try TransparencyLog.createWithNewKey(path: path)
        }
    }

    /// The checks the server can make without the files a certificate names.
    static let serverChecks: Set<String> = ["envelope", "payload type", "signature", "statement"]

    /// Verifies `envelope` with the signer's `publicKey` (envelope form, payload type, Ed25519 signature, statement
    /// form) and appends its bytes, unchanged, to the log. Returns the checks and the receipt.
    public func submit(envelope: Data, publicKey: VerifyingKey) throws -> (
        checks: [Certificate.Check], receipt: LogProof
    ) {
        let verification = Certificate.verify(envelopeBytes: envelope, key: publicKey)
        let checks = verification.checks.filter { Self.serverChecks.contains($0.name) }
        if let failed = checks.first(where: { !$0.passed }) {
            throw ServiceError(
                .unprocessableContent, "certificate_rejected",
                "the certificate fails its \(failed.name) check: \(failed.detail)")
        }
        return (checks, try log.append(envelope, key: key))
    }

    /// The latest signed tree head, as `lineage log init` prints it.
    public func head() throws -> LogProof {
        LogProof(head: try log.latestHead(), logKeyID: key.publicKey.keyID)
    }

    /// The inclusion proof of entry `index` in the latest tree.
    public func proof(index: Int) throws -> LogProof {
        guard index >= 0, index < (try log.size()) else {
            throw ServiceError.notFound("the log has no entry \(index)")
        }
        return try log.inclusionProof(index: index)
    }

    /// The log's public key (PEM).
    public var publicKeyPEM: String { key.publicKey.pemRepresentation }
}
