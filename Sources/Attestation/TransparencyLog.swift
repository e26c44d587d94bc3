import Corpus
import Foundation
import GRDB

/// An append-only transparency log of certificates in SQLite: every entry's bytes and leaf hash, the hash of every
/// perfect subtree (so a proof costs O(log n) look-ups), and a tree head signed by the log's Ed25519 key for every
/// size. Each append is one transaction committed with `synchronous=FULL` before it returns.
public final class TransparencyLog {
    /// The database file.
    public let path: String
    /// The log's public key, as stored at creation.
    public let publicKey: VerifyingKey
    let database: DatabaseQueue

    private init(path: String, database: DatabaseQueue, publicKey: VerifyingKey) {
        self.path = path
        self.database = database
        self.publicKey = publicKey
    }

    /// Where the signing key of the log at `path` lives: beside the database, `PATH.key` (public half `PATH.key.pub`).
    public static func keyPath(for path: String) -> String { path + ".key" }

    /// Creates an empty log at `path` with a new signing key written to ``keyPath(for:)`` (mode 0600) and its `.pub`.
    /// Refuses, changing nothing, when the database or either key file exists.
    public static func createWithNewKey(path: String) throws(AttestationError) -> (
        log: TransparencyLog, key: SigningKey
    ) {
        try refuseExisting(path)
        let keyPath = keyPath(for: path)
        let key = SigningKey()
        try key.write(to: keyPath)
        do {
            return (try create(path: path, key: key), key)
        } catch {
            // The key was made for this log only.
            unlink(keyPath)
            unlink(keyPath + ".pub")
            throw error
        }
    }

    /// Creates an empty log at `path` signed by `key`, with a signed head for the empty tree. Fails if the file exists.
    public static func create(path: String, key: SigningKey) throws(AttestationError) -> TransparencyLog {
        try refuseExisting(path)
        do {
            try OutputLocation.createDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        } catch {
            throw AttestationError(.writeFailed, file: path, error.detail)
        }
        let database = try connect(path)
        try perform(path) {
            try database.write { db in
                try db.execute(sql: Self.schema)
                try db.execute(
                    sql: "INSERT INTO meta (key, value) VALUES ('format', ?), ('public_key', ?)",
                    arguments: [Data("lineage-log/v1".utf8), key.publicKey.raw])
                let head = try TreeHead.sign(treeSize: 0, rootHash: MerkleTree.emptyRoot, key: key)
                try insert(head, db)
            }
        }
        return TransparencyLog(path: path, database: database, publicKey: key.publicKey)
    }

    static func refuseExisting(_ path: String) throws(AttestationError) {
        guard !NewFile.exists(path) else {
            throw AttestationError(.writeFailed, file: path, "the file exists; a log is created only once")
        }
    }

    /// The log's signing key, read from ``keyPath(for:)``; fails unless it is the key the log was created with.
    public func signingKey() throws(AttestationError) -> SigningKey {
        let keyPath = Self.keyPath(for: path)
        guard NewFile.exists(keyPath) else {
            throw AttestationError(
                .unreadableFile, file: keyPath, "the log's signing key is missing (it is made with the log)")
        }
        let key = try SigningKey.load(path: keyPath)
        guard key.publicKey == publicKey else {
            throw AttestationError(
                .badSignature, file: keyPath, "not the signing key of the log \(path) (key \(publicKey.keyID))")
        }
        return key
    }

    /// Opens an existing log.
    public static func open(path: String) throws(AttestationError) -> TransparencyLog {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AttestationError(.database, file: path, "no log here (create one with `lineage log init`)")
        }
        let database = try connect(path)
        let raw: Data? = try perform(path) {
            try database.read { db in
                guard try db.tableExists("meta") else { return nil }
                return try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'public_key'")
            }
        }
        guard let raw else { throw AttestationError(.database, file: path, "not a lineage log (no public key)") }
        return TransparencyLog(path: path, database: database, publicKey: try VerifyingKey(raw: raw))
    }

    static let schema = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE entries (idx INTEGER PRIMARY KEY, leaf BLOB NOT NULL, leaf_hash BLOB NOT NULL);
        CREATE TABLE nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
            PRIMARY KEY (level, idx)) WITHOUT ROWID;
        CREATE TABLE tree_heads (tree_size INTEGER PRIMARY KEY, root_hash BLOB NOT NULL, signature BLOB NOT NULL);
        CREATE TRIGGER entries_append_only_update BEFORE UPDATE ON entries
            BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
        CREATE TRIGGER entries_append_only_delete BEFORE DELETE ON entries
            BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
        CREATE TRIGGER nodes_append_only_update BEFORE UPDATE ON nodes
            BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
        CREATE TRIGGER nodes_append_only_delete BEFORE DELETE ON nodes
            BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
        CREATE TRIGGER heads_append_only_update BEFORE UPDATE ON tree_heads
            BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
        CREATE TRIGGER heads_append_only_delete BEFORE DELETE ON tree_heads
            BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
        CREATE TRIGGER meta_append_only_update BEFORE UPDATE ON meta
            BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
        """

    static func connect(_ path: String) throws(AttestationError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL with synchronous=FULL: a commit is on disk (the WAL is synced) before it returns.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return try perform(path) { try DatabaseQueue(path: path, configuration: configuration) }
    }

    /// Runs GRDB work, turning its errors into ``AttestationError``s located in the database file.
    static func perform<T>(_ path: String, _ body: () throws -> T) throws(AttestationError) -> T {
        do {
            return try body()
        } catch let error as AttestationError {
            var located = error
            if located.file == nil { located.file = path }
            throw located
        } catch let error as DatabaseError {
            let damaged = [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode)
            throw AttestationError(
                damaged ? .tamperedLog : .database, file: path,
                damaged
                    ? "the database file is damaged or truncated (\(error.message ?? "\(error.resultCode)"))"
                    : "\(error.message ?? "\(error.resultCode)")")
        } catch {
            throw AttestationError(.database, file: path, "\(error)")
        }
    }

    // MARK: - Appending

    /// Appends `leaf` (a certificate's bytes, unchanged), signs the new tree head with `key` and returns the receipt
    /// once the transaction is durable. Refuses if the stored tree disagrees with the last signed head.
    public func append(_ leaf: Data, key: SigningKey) throws(AttestationError) -> LogProof {
        guard key.publicKey == publicKey else {
            throw AttestationError(
                .badSignature, file: path, "the signing key is not this log's key \(publicKey.keyID)")
        }
        let leafHash = MerkleTree.leafHash(leaf)
        let publicKey = publicKey
        return try Self.perform(path) {
            try database.writeWithoutTransaction { db in
                var receipt: LogProof?
                try db.inTransaction(.immediate) {
                    let size = try Self.entryCount(db)
                    let latest = try Self.latestHead(db)
                    guard let latest, latest.treeSize == size else {
                        throw AttestationError(
                            .tamperedLog,
                            "the log has \(size) entries but its last signed tree head covers \(latest?.treeSize ?? 0)")
                    }
                    guard try Self.root(size: size, db) == latest.rootHash else {
                        throw AttestationError(
                            .tamperedLog, "the stored tree of \(size) does not match its signed root hash")
                    }
                    try db.execute(
                        sql: "INSERT INTO entries (idx, leaf, leaf_hash) VALUES (?, ?, ?)",
                        arguments: [size, leaf, leafHash])
                    try Self.insertNode(level: 0, index: size, hash: leafHash, db)
                    var index = size
                    var level = 0
                    var hash = leafHash
                    while index & 1 == 1 {
                        hash = MerkleTree.nodeHash(try Self.node(level: level, index: index - 1, db), hash)
                        level += 1
                        index >>= 1
                        try Self.insertNode(level: level, index: index, hash: hash, db)
                    }
                    let head = try TreeHead.sign(
                        treeSize: size + 1, rootHash: try Self.root(size: size + 1, db), key: key)
                    try Self.insert(head, db)
                    receipt = LogProof(head: head, logKeyID: publicKey.keyID, index: size)
                    return .commit
                }
                guard let receipt else { throw AttestationError(.database, "the append did not commit") }
                return receipt
            }
        }
    }

    // MARK: - Reading

    /// The number of entries covered by the latest signed tree head.
    public func size() throws(AttestationError) -> Int {
        try Self.perform(path) { try database.read { db in try Self.latestHead(db)?.treeSize ?? 0 } }
    }

    /// The latest signed tree head.
    public func latestHead() throws(AttestationError) -> TreeHead {
        let head = try Self.perform(path) { try database.read { db in try Self.latestHead(db) } }
        guard let head else { throw AttestationError(.tamperedLog, file: path, "the log has no signed tree head") }
        return head
    }

    /// The bytes of entry `index`.
    public func entry(_ index: Int) throws(AttestationError) -> Data {
        let leaf = try Self.perform(path) {
            try database.read { db in
                try Data.fetchOne(db, sql: "SELECT leaf FROM entries WHERE idx = ?", arguments: [index])
            }
        }
        guard let leaf else { throw AttestationError(.outOfRange, file: path, record: index, "no such entry") }
        return leaf
    }

    /// The inclusion proof of entry `index` in the tree of `treeSize` entries (default: the latest signed head),
    /// after checking the entry's bytes against its leaf hash and the computed root against the signed head.
    public func inclusionProof(index: Int, treeSize: Int? = nil) throws(AttestationError) -> LogProof {
        let keyID = publicKey.keyID
        let path = path
        return try Self.perform(path) {
            try database.read { db in
                let head = try Self.head(size: treeSize, db)
                guard index >= 0, index < head.treeSize else {
                    throw AttestationError(
                        .outOfRange, record: index, "the tree of \(head.treeSize) has entries 0 to \(head.treeSize - 1)"
                    )
                }
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT leaf, leaf_hash FROM entries WHERE idx = ?", arguments: [index])
                else {
                    throw AttestationError(.tamperedLog, record: index, "the entry is missing (removed)")
                }
                let leaf: Data = row["leaf"]
                let leafHash: Data = row["leaf_hash"]
                guard MerkleTree.leafHash(leaf) == leafHash, try Self.node(level: 0, index: index, db) == leafHash
                else {
                    throw AttestationError(
                        .tamperedLog, record: index, "the entry's bytes do not match its leaf hash (rewritten)")
                }
                let auditPath = try MerkleTree.inclusionPath(index: index, size: head.treeSize) { level, position in
                    try Self.node(level: level, index: position, db)
                }
                guard
                    MerkleTree.verifyInclusion(
                        index: index, size: head.treeSize, leafHash: leafHash, path: auditPath, root: head.rootHash)
                else {
                    throw AttestationError(
                        .tamperedLog, record: index,
                        "the stored tree does not lead to the signed root of \(head.treeSize) (entries rewritten, reordered or removed)"
                    )
                }
                var proof = LogProof(head: head, logKeyID: keyID, index: index)
                proof.leafHash = Hex.encode(leafHash)
                proof.auditPath = auditPath.map { Hex.encode($0) }
                return proof
            }
        }
    }

    /// The consistency proof from the signed head of `oldSize` entries to that of `newSize` (default: the latest).
    public func consistencyProof(oldSize: Int, newSize: Int? = nil) throws(AttestationError) -> LogProof {
        let keyID = publicKey.keyID
        return try Self.perform(path) {
            try database.read { db in
                let newHead = try Self.head(size: newSize, db)
                guard oldSize >= 0, oldSize <= newHead.treeSize else {
                    throw AttestationError(
                        .outOfRange,
                        "the log has \(newHead.treeSize) entries, fewer than \(oldSize): it was truncated, or the size is wrong"
                    )
                }
                let oldHead = try Self.head(size: oldSize, db)
                let path = try MerkleTree.consistencyPath(oldSize: oldSize, newSize: newHead.treeSize) { level, index in
                    try Self.node(level: level, index: index, db)
                }
                guard
                    MerkleTree.verifyConsistency(
                        oldSize: oldSize, newSize: newHead.treeSize, oldRoot: oldHead.rootHash,
                        newRoot: newHead.rootHash,
                        path: path)
                else {
                    throw AttestationError(
                        .tamperedLog,
                        "the stored tree does not connect the signed heads of \(oldSize) and \(newHead.treeSize) (entries rewritten, reordered or removed)"
                    )
                }
                var proof = LogProof(head: newHead, logKeyID: keyID)
                proof.oldSize = oldSize
                proof.oldRootHash = Hex.encode(oldHead.rootHash)
                proof.oldTreeHeadSignature = oldHead.signature.base64EncodedString()
                proof.consistencyPath = path.map { Hex.encode($0) }
                return proof
            }
        }
    }

    // MARK: - Storage helpers

    static func entryCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(idx) + 1, 0) FROM entries") ?? 0
    }

    static func latestHead(_ db: Database) throws -> TreeHead? {
        try Row.fetchOne(
            db, sql: "SELECT tree_size, root_hash, signature FROM tree_heads ORDER BY tree_size DESC LIMIT 1"
        ).map(head)
    }

    /// The signed head of `size` entries, or the latest when `size` is nil.
    static func head(size: Int?, _ db: Database) throws -> TreeHead {
        guard let size else {
            guard let latest = try latestHead(db) else {
                throw AttestationError(.tamperedLog, "the log has no signed tree head")
            }
            return latest
        }
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT tree_size, root_hash, signature FROM tree_heads WHERE tree_size = ?", arguments: [size]
            )
        else {
            let latest = try latestHead(db)?.treeSize ?? 0
            throw AttestationError(
                .outOfRange,
                size > latest
                    ? "the log has \(latest) entries, fewer than \(size): it was truncated, or the size is wrong"
                    : "no signed tree head for size \(size) (removed)")
        }
        return head(row)
    }

    static func head(_ row: Row) -> TreeHead {
        TreeHead(treeSize: row["tree_size"], rootHash: row["root_hash"], signature: row["signature"])
    }

    static func insert(_ head: TreeHead, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO tree_heads (tree_size, root_hash, signature) VALUES (?, ?, ?)",
            arguments: [head.treeSize, head.rootHash, head.signature])
    }

    static func insertNode(level: Int, index: Int, hash: Data, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: "INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)")
        try statement.execute(arguments: [level, index, hash])
    }

    static func node(level: Int, index: Int, _ db: Database) throws -> Data {
        let statement = try db.cachedStatement(sql: "SELECT hash FROM nodes WHERE level = ? AND idx = ?")
        guard let hash = try Data.fetchOne(statement, arguments: [level, index]) else {
            throw AttestationError(
                .tamperedLog, record: index << level,
                "the hash of \(1 << level) entries from entry \(index << level) is missing (entries removed)")
        }
        return hash
    }

    static func root(size: Int, _ db: Database) throws -> Data {
        try MerkleTree.subtreeHash(start: 0, count: size) { level, index in try node(level: level, index: index, db) }
    }
}
