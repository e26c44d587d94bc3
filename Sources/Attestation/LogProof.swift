import Foundation

/// What `lineage log append`, `prove` and `consistency` print, and what `verify-proof` reads back: a signed tree head
/// and, for proofs, the hashes that prove inclusion of a leaf or consistency with an older head. Hashes are lowercase
/// hex, signatures base64.
public struct LogProof: Codable, Sendable, Hashable {
    /// The entry's index (append and inclusion proofs).
    public var index: Int?
    /// Size of the tree the head and proof are for.
    public var treeSize: Int
    /// Root hash of that tree.
    public var rootHash: String
    /// The entry's leaf hash, SHA-256(0x00 || certificate bytes) (inclusion proofs).
    public var leafHash: String?
    /// The audit path, leaf's sibling first (inclusion proofs).
    public var auditPath: [String]?
    /// Size of the older tree (consistency proofs).
    public var oldSize: Int?
    /// Root hash of the older tree (consistency proofs).
    public var oldRootHash: String?
    /// The consistency proof (consistency proofs).
    public var consistencyPath: [String]?
    /// SHA-256 of the log's public key, lowercase hex.
    public var logKeyID: String
    /// The log's signature of the head (`tree_size`, `root_hash`), base64.
    public var treeHeadSignature: String
    /// The log's signature of the older head (consistency proofs), base64.
    public var oldTreeHeadSignature: String?

    enum CodingKeys: String, CodingKey {
        case index
        case treeSize = "tree_size"
        case rootHash = "root_hash"
        case leafHash = "leaf_hash"
        case auditPath = "audit_path"
        case oldSize = "old_size"
        case oldRootHash = "old_root_hash"
        case consistencyPath = "consistency_path"
        case logKeyID = "log_key_id"
        case treeHeadSignature = "tree_head_signature"
        case oldTreeHeadSignature = "old_tree_head_signature"
    }

    /// A receipt for a head, without a proof.
    public init(head: TreeHead, logKeyID: String, index: Int? = nil) {
        self.index = index
        self.treeSize = head.treeSize
        self.rootHash = Hex.encode(head.rootHash)
        self.logKeyID = logKeyID
        self.treeHeadSignature = head.signature.base64EncodedString()
    }

    /// The JSON text: sorted keys, one line, with a final newline.
    public func serialized() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// Reads a proof document.
    public static func parse(_ data: Data, file: String? = nil) throws(AttestationError) -> LogProof {
        do {
            return try JSONDecoder().decode(LogProof.self, from: data)
        } catch {
            throw AttestationError(.malformedProof, file: file, Statement.describe(error))
        }
    }

    /// What kind of document this is.
    public enum Kind: String, Sendable {
        case treeHead = "tree head"
        case inclusion = "inclusion proof"
        case consistency = "consistency proof"
    }

    /// Inclusion when it has an audit path, consistency when it has a consistency path, else a bare tree head.
    public var kind: Kind {
        if auditPath != nil { return .inclusion }
        if consistencyPath != nil { return .consistency }
        return .treeHead
    }

    /// Checks the document offline and returns what was established, or throws with the first reason it fails.
    ///
    /// - Inclusion: the audit path leads from `leaf_hash` at `index` to `root_hash` (RFC 9162 §2.1.3.2); with `leaf`,
    ///   `leaf_hash` must be SHA-256(0x00 || leaf).
    /// - Consistency: the path proves the old tree is a prefix of the new one (RFC 9162 §2.1.4.2).
    /// - With `logKey`: every tree head signature verifies with it and `log_key_id` names it.
    /// - With `trusted` (a head seen earlier): an inclusion proof's head, or a consistency proof's old head, must equal
    ///   it; a different root for the same size means the log was rewritten, a smaller size that it was truncated.
    public func verify(leaf: Data? = nil, logKey: VerifyingKey? = nil, trusted: LogProof? = nil, file: String? = nil)
        throws(AttestationError) -> String
    {
        let root = try Self.hash(rootHash, "root_hash", file)
        var established: [String] = []
        switch kind {
        case .inclusion:
            guard let index else {
                throw AttestationError(.malformedProof, file: file, "an inclusion proof needs index")
            }
            let leafHashValue = try Self.hash(leafHash ?? "", "leaf_hash", file)
            if let leaf, MerkleTree.leafHash(leaf) != leafHashValue {
                throw AttestationError(
                    .invalidProof, file: file,
                    "the certificate hashes to leaf \(Hex.encode(MerkleTree.leafHash(leaf))), the proof is for \(leafHash ?? "")"
                )
            }
            var path: [Data] = []
            for (position, element) in (auditPath ?? []).enumerated() {
                path.append(try Self.hash(element, "audit_path[\(position)]", file))
            }
            guard
                MerkleTree.verifyInclusion(
                    index: index, size: treeSize, leafHash: leafHashValue, path: path, root: root)
            else {
                throw AttestationError(
                    .invalidProof, file: file,
                    "the audit path does not lead from leaf \(index) to root \(rootHash) of a tree of \(treeSize)")
            }
            established.append("entry \(index) is in the tree of \(treeSize) with root \(rootHash)")
        case .consistency:
            guard let oldSize, let oldRootHash else {
                throw AttestationError(
                    .malformedProof, file: file, "a consistency proof needs old_size and old_root_hash")
            }
            let oldRoot = try Self.hash(oldRootHash, "old_root_hash", file)
            var path: [Data] = []
            for (position, element) in (consistencyPath ?? []).enumerated() {
                path.append(try Self.hash(element, "consistency_path[\(position)]", file))
            }
            guard
                MerkleTree.verifyConsistency(
                    oldSize: oldSize, newSize: treeSize, oldRoot: oldRoot, newRoot: root, path: path)
            else {
                throw AttestationError(
                    .invalidProof, file: file,
                    "the consistency path does not prove the tree of \(oldSize) is a prefix of the tree of \(treeSize)")
            }
            established.append(
                "the tree of \(oldSize) (\(oldRootHash)) is a prefix of the tree of \(treeSize) (\(rootHash))")
        case .treeHead:
            established.append("tree head of \(treeSize) with root \(rootHash)")
        }
        if let logKey {
            guard logKey.keyID == logKeyID else {
                throw AttestationError(
                    .badSignature, file: file, "signed by log key \(logKeyID), expected \(logKey.keyID)")
            }
            try Self.checkHead(treeSize, root, treeHeadSignature, logKey, file)
            if kind == .consistency, let oldSize, let oldRootHash {
                try Self.checkHead(
                    oldSize, try Self.hash(oldRootHash, "old_root_hash", file), oldTreeHeadSignature ?? "", logKey, file
                )
            }
            established.append("tree heads signed by log key \(logKeyID)")
        }
        if let trusted {
            let (size, hash) = kind == .consistency ? (oldSize ?? -1, oldRootHash ?? "") : (treeSize, rootHash)
            if trusted.treeSize != size || trusted.rootHash != hash {
                let why =
                    trusted.treeSize > size
                    ? (kind == .consistency
                        ? "the log shows \(size) entries but \(trusted.treeSize) were seen before: it was truncated"
                        : "the proof is against the head of \(size) entries but \(trusted.treeSize) were seen "
                            + "before: the log was truncated, or the proof was made with --tree-size below "
                            + "\(trusted.treeSize)")
                    : trusted.treeSize == size
                        ? "the log shows root \(hash) for \(size) entries but \(trusted.rootHash) was seen before: it was rewritten"
                        : kind == .consistency
                            ? "the proof starts from \(size) entries, the trusted head has \(trusted.treeSize)"
                            : "the proof is against the head of \(size) entries, the trusted head has "
                                + "\(trusted.treeSize): prove against it (--tree-size \(trusted.treeSize)), or "
                                + "check that "
                                + "the newer head extends it with a consistency proof from \(trusted.treeSize)"
                throw AttestationError(.invalidProof, file: file, why)
            }
            established.append("matches the trusted head of \(trusted.treeSize)")
        }
        return established.joined(separator: "; ")
    }

    static func hash(_ text: String, _ field: String, _ file: String?) throws(AttestationError) -> Data {
        guard text.utf8.count == 64, let bytes = Hex.decode(text) else {
            throw AttestationError(.malformedProof, file: file, "\(field) is not 64 lowercase hex digits")
        }
        return bytes
    }

    static func checkHead(_ size: Int, _ root: Data, _ signature: String, _ key: VerifyingKey, _ file: String?)
        throws(AttestationError)
    {
        guard let bytes = Data(base64Encoded: signature),
            TreeHead(treeSize: size, rootHash: root, signature: bytes).isSigned(by: key)
        else {
            throw AttestationError(.badSignature, file: file, "the tree head of \(size) is not signed by the log key")
        }
    }
}
