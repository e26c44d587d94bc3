import Foundation
import GRDB
import Testing

@testable import Attestation

@Suite struct TransparencyLogTests {
    /// A log of `count` small certificates-like leaves.
    struct Filled {
        let scratch: Scratch
        let key: SigningKey
        let log: TransparencyLog
        let leaves: [Data]
        let receipts: [LogProof]

        init(count: Int) throws {
            scratch = try Scratch()
            let key = SigningKey()
            let log = try TransparencyLog.create(path: scratch.path("log.db"), key: key)
            let leaves = (0..<count).map { Data("{\"certificate\":\($0)}".utf8) }
            receipts = try leaves.map { leaf throws(AttestationError) in try log.append(leaf, key: key) }
            self.key = key
            self.log = log
            self.leaves = leaves
        }

        /// Changes the database as an attacker with file access would: triggers dropped first.
        func tamper(_ sql: String) throws {
            let queue = try DatabaseQueue(path: scratch.path("log.db"))
            try queue.writeWithoutTransaction { db in
                for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                    try db.execute(sql: "DROP TRIGGER \(trigger)")
                }
                try db.execute(sql: sql)
            }
        }

        func reopened() throws -> TransparencyLog { try TransparencyLog.open(path: scratch.path("log.db")) }
    }

    static func expectTampered(
        _ body: () throws -> Void, mentioning words: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            try body()
            Issue.record("tampering was not detected", sourceLocation: sourceLocation)
        } catch let error as AttestationError {
            #expect(
                error.description.contains(words), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func appendsGiveIndicesRootsAndProofsThatMatchTheInMemoryTree() throws {
        let filled = try Filled(count: 21)
        defer { filled.scratch.remove() }
        let hashes = filled.leaves.map { MerkleTree.leafHash($0) }
        for (index, receipt) in filled.receipts.enumerated() {
            #expect(receipt.index == index)
            #expect(receipt.treeSize == index + 1)
            #expect(receipt.rootHash == Hex.encode(MerkleTree.root(leafHashes: Array(hashes.prefix(index + 1)))))
            #expect(try receipt.verify(logKey: filled.key.publicKey).contains("signed by log key"))
        }
        for index in 0..<21 {
            let proof = try filled.log.inclusionProof(index: index)
            #expect(
                proof.auditPath == MerkleTree.inclusionPath(index: index, leafHashes: hashes).map { Hex.encode($0) })
            #expect(throws: Never.self) {
                try proof.verify(
                    leaf: filled.leaves[index], logKey: filled.key.publicKey, trusted: filled.receipts.last)
            }
        }
        for old in 0...21 {
            let proof = try filled.log.consistencyProof(oldSize: old)
            #expect(
                proof.consistencyPath
                    == MerkleTree.consistencyPath(oldSize: old, leafHashes: hashes).map { Hex.encode($0) })
            let trusted = old == 0 ? nil : filled.receipts[old - 1]
            #expect(throws: Never.self) { try proof.verify(logKey: filled.key.publicKey, trusted: trusted) }
        }
        let audit = try filled.reopened().audit(pinnedKey: filled.key.publicKey)
        #expect(audit.entries == 21)
        #expect(audit.treeHeads == 22)
        // A proof printed as JSON reads back unchanged.
        let proof = try filled.log.inclusionProof(index: 5, treeSize: 9)
        #expect(try LogProof.parse(Data(proof.serialized().utf8)) == proof)
        #expect(proof.treeSize == 9)
    }

    @Test func theDatabaseRefusesUpdatesAndDeletes() throws {
        let filled = try Filled(count: 3)
        defer { filled.scratch.remove() }
        let queue = try DatabaseQueue(path: filled.scratch.path("log.db"))
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "DELETE FROM entries WHERE idx = 2") }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "UPDATE entries SET leaf = x'00'") }
        }
        #expect(try filled.reopened().audit().entries == 3)
    }

    @Test func aRemovedEntryIsDetected() throws {
        let filled = try Filled(count: 8)
        defer { filled.scratch.remove() }
        try filled.tamper("DELETE FROM entries WHERE idx = 3")
        let log = try filled.reopened()
        Self.expectTampered(
            { _ = try log.audit() }, mentioning: "entry 3: tampered log: the entry is missing (removed)")
        Self.expectTampered({ _ = try log.inclusionProof(index: 3) }, mentioning: "removed")
    }

    @Test func reorderedEntriesAreDetected() throws {
        let filled = try Filled(count: 8)
        defer { filled.scratch.remove() }
        // Swap entries 2 and 5, bytes and leaf hashes together, so each row is self-consistent.
        try filled.tamper(
            """
            UPDATE entries SET idx = -1 WHERE idx = 2; UPDATE entries SET idx = 2 WHERE idx = 5;
            UPDATE entries SET idx = 5 WHERE idx = -1;
            """)
        let log = try filled.reopened()
        Self.expectTampered({ _ = try log.audit() }, mentioning: "does not match the entries (rewritten or reordered)")
        Self.expectTampered({ _ = try log.inclusionProof(index: 2) }, mentioning: "leaf hash")
        // Also rebuilding every stored hash does not help: the signed roots no longer match.
        try filled.tamper("DELETE FROM nodes")
        var hashes = filled.leaves.map { MerkleTree.leafHash($0) }
        hashes.swapAt(2, 5)
        let tree = InMemoryTree(leafHashes: hashes)
        for (level, row) in tree.levels.enumerated() {
            for (index, hash) in row.enumerated() {
                try filled.tamper("INSERT INTO nodes VALUES (\(level), \(index), x'\(Hex.encode(hash))')")
            }
        }
        Self.expectTampered({ _ = try log.audit() }, mentioning: "no longer give the signed root")
        Self.expectTampered({ _ = try log.inclusionProof(index: 0) }, mentioning: "does not lead to the signed root")
        Self.expectTampered(
            { _ = try log.consistencyProof(oldSize: 3) }, mentioning: "does not connect the signed heads")
    }

    @Test func aRewrittenEntryIsDetected() throws {
        let filled = try Filled(count: 8)
        defer { filled.scratch.remove() }
        try filled.tamper("UPDATE entries SET leaf = x'7b7d' WHERE idx = 6")
        let log = try filled.reopened()
        Self.expectTampered({ _ = try log.audit() }, mentioning: "entry 6: tampered log: the entry's bytes do not hash")
        Self.expectTampered({ _ = try log.inclusionProof(index: 6) }, mentioning: "rewritten")
        // Rewriting the leaf hash too leaves the stored subtree hashes and signed roots disagreeing.
        try filled.tamper(
            "UPDATE entries SET leaf_hash = x'\(Hex.encode(MerkleTree.leafHash(Data("{}".utf8))))' WHERE idx = 6")
        Self.expectTampered({ _ = try log.audit() }, mentioning: "rewritten or reordered")
    }

    @Test func aTruncatedLogIsDetected() throws {
        let filled = try Filled(count: 10)
        defer { filled.scratch.remove() }
        // Entries cut off the end while the signed heads remain.
        try filled.tamper("DELETE FROM entries WHERE idx >= 7")
        Self.expectTampered(
            { _ = try filled.reopened().audit() }, mentioning: "only 7 are stored: the log was truncated")
        // Heads and subtree hashes cut too: the log looks whole, but a client holding an earlier receipt sees it.
        try filled.tamper("DELETE FROM nodes WHERE (idx + 1) << level > 7; DELETE FROM tree_heads WHERE tree_size > 7")
        let log = try filled.reopened()
        #expect(try log.audit().entries == 7)
        let receipt = try #require(filled.receipts.last)
        Self.expectTampered({ _ = try log.consistencyProof(oldSize: receipt.treeSize) }, mentioning: "it was truncated")
        let proof = try log.inclusionProof(index: 2)
        Self.expectTampered(
            { _ = try proof.verify(trusted: receipt) },
            mentioning: "the log was truncated, or the proof was made with --tree-size below")
    }

    @Test func aTruncatedDatabaseFileIsDetected() throws {
        let filled = try Filled(count: 300)
        defer { filled.scratch.remove() }
        let path = filled.scratch.path("log.db")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > 8192)
        #expect(truncate(path, off_t(size / 2)) == 0)
        Self.expectTampered({ _ = try TransparencyLog.open(path: path).audit() }, mentioning: "damaged")
    }

    @Test func forgedProofsAreRejectedOffline() throws {
        let filled = try Filled(count: 13)
        defer { filled.scratch.remove() }
        let inclusion = try filled.log.inclusionProof(index: 4)
        var forged = inclusion
        forged.leafHash = Hex.encode(MerkleTree.leafHash(Data("forged".utf8)))
        Self.expectTampered({ _ = try forged.verify() }, mentioning: "does not lead from leaf 4")
        forged = inclusion
        forged.index = 5
        Self.expectTampered({ _ = try forged.verify() }, mentioning: "does not lead")
        forged = inclusion
        forged.auditPath?[1] = Hex.encode(MerkleTree.emptyRoot)
        Self.expectTampered({ _ = try forged.verify() }, mentioning: "does not lead")
        Self.expectTampered(
            { _ = try inclusion.verify(leaf: Data("another certificate".utf8)) },
            mentioning: "the certificate hashes to")
        // A proof for a root the log never signed.
        forged = inclusion
        let otherLeaves = (0..<13).map { MerkleTree.leafHash(Data("x\($0)".utf8)) }
        forged.leafHash = Hex.encode(otherLeaves[4])
        forged.auditPath = MerkleTree.inclusionPath(index: 4, leafHashes: otherLeaves).map { Hex.encode($0) }
        forged.rootHash = Hex.encode(MerkleTree.root(leafHashes: otherLeaves))
        #expect(throws: Never.self) { try forged.verify() }
        Self.expectTampered(
            { _ = try forged.verify(logKey: filled.key.publicKey) }, mentioning: "not signed by the log key")
        Self.expectTampered({ _ = try forged.verify(logKey: SigningKey().publicKey) }, mentioning: "expected")

        let consistency = try filled.log.consistencyProof(oldSize: 6)
        var forgedConsistency = consistency
        forgedConsistency.consistencyPath?.removeLast()
        Self.expectTampered({ _ = try forgedConsistency.verify() }, mentioning: "does not prove")
        forgedConsistency = consistency
        forgedConsistency.oldRootHash = filled.receipts[4].rootHash
        Self.expectTampered({ _ = try forgedConsistency.verify() }, mentioning: "does not prove")
        forgedConsistency = consistency
        forgedConsistency.oldSize = 7
        Self.expectTampered({ _ = try forgedConsistency.verify() }, mentioning: "does not prove")
        // A consistency proof from a different (forked) history than the one the client saw.
        Self.expectTampered({ _ = try consistency.verify(trusted: filled.receipts[4]) }, mentioning: "the trusted head")
        Self.expectTampered({ _ = try consistency.verify(trusted: filled.receipts[6]) }, mentioning: "it was truncated")
        var rewritten = filled.receipts[5]
        rewritten.rootHash = Hex.encode(MerkleTree.emptyRoot)
        Self.expectTampered({ _ = try consistency.verify(trusted: rewritten) }, mentioning: "it was rewritten")
        #expect(throws: Never.self) {
            try consistency.verify(logKey: filled.key.publicKey, trusted: filled.receipts[5])
        }
        // An inclusion proof against a newer head than the receipt's says how to tie the two.
        let newer = try filled.log.inclusionProof(index: 0)
        Self.expectTampered({ _ = try newer.verify(trusted: filled.receipts[4]) }, mentioning: "--tree-size 5")
        let atReceipt = try filled.log.inclusionProof(index: 0, treeSize: filled.receipts[4].treeSize)
        #expect(throws: Never.self) { try atReceipt.verify(trusted: filled.receipts[4]) }
    }

    @Test func appendsNeedTheLogKeyAndLogsAreCreatedOnce() throws {
        let filled = try Filled(count: 1)
        defer { filled.scratch.remove() }
        Self.expectTampered(
            { _ = try filled.log.append(Data("x".utf8), key: SigningKey()) }, mentioning: "not this log's key")
        #expect(throws: AttestationError.self) {
            _ = try TransparencyLog.create(path: filled.scratch.path("log.db"), key: filled.key)
        }
        Self.expectTampered({ _ = try filled.log.inclusionProof(index: 1) }, mentioning: "out of range")
    }
}
