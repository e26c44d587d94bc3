import Foundation
import GRDB

extension TransparencyLog {
    /// What a full audit of the log established.
    public struct Audit: Sendable {
        /// Entries checked.
        public var entries: Int
        /// Signed tree heads checked.
        public var treeHeads: Int
        /// Root hash of the whole log.
        public var rootHash: Data
    }

    /// Re-derives everything from the entries' bytes and checks it against what is stored and signed: entry indices
    /// run 0, 1, 2… without gaps, each entry's bytes hash to its leaf hash, every stored subtree hash is recomputed,
    /// every tree head is signed by the log key (`pinnedKey` when given, else the key stored in the log) and its root
    /// equals the root recomputed over the first `tree_size` entries, and the latest head covers every entry.
    /// Throws at the first disagreement, naming the entry.
    public func audit(pinnedKey: VerifyingKey? = nil) throws(AttestationError) -> Audit {
        let key = pinnedKey ?? publicKey
        if let pinnedKey, pinnedKey != publicKey {
            throw AttestationError(
                .tamperedLog, file: path,
                "the log's stored key \(publicKey.keyID) is not the pinned key \(pinnedKey.keyID)")
        }
        return try Self.perform(path) {
            try database.read { db in
                if let problem = try String.fetchOne(db, sql: "PRAGMA quick_check"), problem != "ok" {
                    throw AttestationError(.tamperedLog, "the database file is damaged: \(problem)")
                }
                var leafHashes: [Data] = []
                let entries = try Row.fetchCursor(db, sql: "SELECT idx, leaf, leaf_hash FROM entries ORDER BY idx")
                while let row = try entries.next() {
                    let index: Int = row["idx"]
                    guard index == leafHashes.count else {
                        throw AttestationError(
                            .tamperedLog, record: leafHashes.count,
                            "the entry is missing (removed); the next stored entry is \(index)")
                    }
                    let leaf: Data = row["leaf"]
                    let stored: Data = row["leaf_hash"]
                    let computed = MerkleTree.leafHash(leaf)
                    guard computed == stored else {
                        throw AttestationError(
                            .tamperedLog, record: index,
                            "the entry's bytes do not hash to its stored leaf hash (rewritten)")
                    }
                    leafHashes.append(computed)
                }
                let signedSize = try Int.fetchOne(db, sql: "SELECT MAX(tree_size) FROM tree_heads") ?? 0
                guard signedSize <= leafHashes.count else {
                    throw AttestationError(
                        .tamperedLog,
                        "a tree head signed for \(signedSize) entries, but only \(leafHashes.count) are stored: the log was truncated"
                    )
                }
                let tree = InMemoryTree(leafHashes: leafHashes)
                var checkedNodes = 0
                let nodes = try Row.fetchCursor(db, sql: "SELECT level, idx, hash FROM nodes")
                while let row = try nodes.next() {
                    let level: Int = row["level"]
                    let index: Int = row["idx"]
                    let hash: Data = row["hash"]
                    guard level < tree.levels.count, index < tree.levels[level].count, tree.levels[level][index] == hash
                    else {
                        throw AttestationError(
                            .tamperedLog, record: index << level,
                            "the stored hash of \(1 << level) entries from entry \(index << level) does not match the entries (rewritten or reordered)"
                        )
                    }
                    checkedNodes += 1
                }
                let expectedNodes = tree.levels.reduce(0) { $0 + $1.count }
                guard checkedNodes == expectedNodes else {
                    throw AttestationError(
                        .tamperedLog, "\(expectedNodes - checkedNodes) subtree hashes are missing (removed)")
                }
                var heads = 0
                var latest = -1
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT tree_size, root_hash, signature FROM tree_heads ORDER BY tree_size")
                while let row = try rows.next() {
                    let head = Self.head(row)
                    guard head.isSigned(by: key) else {
                        throw AttestationError(
                            .tamperedLog, "the tree head of \(head.treeSize) is not signed by the log key \(key.keyID)")
                    }
                    guard head.treeSize <= leafHashes.count else {
                        throw AttestationError(
                            .tamperedLog,
                            "a tree head signed for \(head.treeSize) entries, but only \(leafHashes.count) are stored: the log was truncated"
                        )
                    }
                    let root = head.treeSize == 0 ? MerkleTree.emptyRoot : tree.hash(start: 0, count: head.treeSize)
                    guard root == head.rootHash else {
                        throw AttestationError(
                            .tamperedLog,
                            "the first \(head.treeSize) entries no longer give the signed root \(Hex.encode(head.rootHash)) (rewritten, reordered or removed)"
                        )
                    }
                    heads += 1
                    latest = head.treeSize
                }
                guard latest == leafHashes.count else {
                    throw AttestationError(
                        .tamperedLog,
                        "\(leafHashes.count) entries are stored but the last signed tree head covers \(max(latest, 0)) (entries added outside the log, or heads removed)"
                    )
                }
                return Audit(
                    entries: leafHashes.count, treeHeads: heads, rootHash: MerkleTree.root(leafHashes: leafHashes))
            }
        }
    }
}
