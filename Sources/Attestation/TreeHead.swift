import Foundation

/// A signed tree head: the log's Ed25519 signature over its size and root hash.
public struct TreeHead: Sendable, Hashable {
    /// Number of entries the head covers.
    public var treeSize: Int
    /// RFC 6962 Merkle tree hash of those entries.
    public var rootHash: Data
    /// Ed25519 signature of ``message(logKeyID:)`` by the log's key.
    public var signature: Data

    /// Creates a tree head.
    public init(treeSize: Int, rootHash: Data, signature: Data) {
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.signature = signature
    }

    /// The signed bytes: `lineage-log/v1`, the log key id, the size and the root hash in hex, one a line.
    public static func message(logKeyID: String, treeSize: Int, rootHash: Data) -> Data {
        Data("lineage-log/v1\n\(logKeyID)\n\(treeSize)\n\(Hex.encode(rootHash))\n".utf8)
    }

    /// Signs a head for `treeSize` entries with root `rootHash`.
    public static func sign(treeSize: Int, rootHash: Data, key: SigningKey) throws(AttestationError) -> TreeHead {
        let message = message(logKeyID: key.publicKey.keyID, treeSize: treeSize, rootHash: rootHash)
        return TreeHead(treeSize: treeSize, rootHash: rootHash, signature: try key.sign(message))
    }

    /// Whether the signature is the log key's over this size and root.
    public func isSigned(by key: VerifyingKey) -> Bool {
        key.isValidSignature(signature, for: Self.message(logKeyID: key.keyID, treeSize: treeSize, rootHash: rootHash))
    }
}
