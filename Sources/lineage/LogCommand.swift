import ArgumentParser
import Attestation
import Foundation

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "An append-only transparency log of certificates (RFC 6962/9162 Merkle tree, SQLite).",
        subcommands: [Init.self, Append.self, Prove.self, Consistency.self, VerifyProof.self, Audit.self]
    )

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a log: DB, its Ed25519 key DB.key (0600) and DB.key.pub, and the signed empty tree head.",
            discussion: "Refuses, changing nothing, when DB, DB.key or DB.key.pub exists.")

        @Argument(help: "The log database file to create.")
        var database: String

        func run() throws {
            try Terminal.run {
                let (log, key) = try TransparencyLog.createWithNewKey(path: database)
                print(LogProof(head: try log.latestHead(), logKeyID: key.publicKey.keyID).serialized(), terminator: "")
                Terminal.note("lineage: created \(database); log key \(TransparencyLog.keyPath(for: database)).pub")
            }
        }
    }

    struct Append: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append certificates; print each one's index and the signed tree head once it is durable.")

        @Argument(help: "The log database.")
        var database: String

        @Argument(help: "Certificate files (DSSE envelopes); each file's bytes become one leaf, unchanged.")
        var certificates: [String]

        func run() throws {
            try Terminal.run {
                let log = try TransparencyLog.open(path: database)
                let key = try log.signingKey()
                for certificate in certificates {
                    let bytes = try FileDigest.read(certificate)
                    _ = try Envelope.parse(bytes, file: certificate)
                    print(try log.append(bytes, key: key).serialized(), terminator: "")
                }
            }
        }
    }

    struct Prove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the inclusion proof of entry INDEX.")

        @Argument(help: "The log database.")
        var database: String

        @Argument(help: "The entry's index (from `append`).")
        var index: Int

        @Option(help: "Prove against the signed tree head of this size (default: the latest).")
        var treeSize: Int?

        func run() throws {
            try Terminal.run {
                let log = try TransparencyLog.open(path: database)
                print(try log.inclusionProof(index: index, treeSize: treeSize).serialized(), terminator: "")
            }
        }
    }

    struct Consistency: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the proof that the log of OLD_SIZE entries is a prefix of the current log.")

        @Argument(help: "The log database.")
        var database: String

        @Argument(help: "The older tree size (from an earlier receipt).")
        var oldSize: Int

        @Option(help: "Prove up to the signed tree head of this size (default: the latest).")
        var treeSize: Int?

        func run() throws {
            try Terminal.run {
                let log = try TransparencyLog.open(path: database)
                print(try log.consistencyProof(oldSize: oldSize, newSize: treeSize).serialized(), terminator: "")
            }
        }
    }

    struct VerifyProof: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-proof",
            abstract: "Check a proof printed by append, prove or consistency, offline; exit 0 only if it holds.")

        @Argument(help: "The JSON printed by `lineage log prove`, `consistency` or `append`.")
        var proof: String

        @Option(help: "The certificate file, to check that the proof is for its bytes.")
        var certificate: String?

        @Option(help: "The log's public key (DB.key.pub), to check the tree head signatures.")
        var logKey: String?

        @Option(
            help: "A receipt or proof seen earlier: its tree head must match (detects a rewritten or truncated log).")
        var trusted: String?

        func run() throws {
            try Terminal.run {
                let document = try LogProof.parse(try FileDigest.read(proof), file: proof)
                let leaf = try certificate.map { path throws(AttestationError) in try FileDigest.read(path) }
                let key = try logKey.map { path throws(AttestationError) in try VerifyingKey.load(path: path) }
                let earlier = try trusted.map { path throws(AttestationError) in
                    try LogProof.parse(try FileDigest.read(path), file: path)
                }
                let established = try document.verify(leaf: leaf, logKey: key, trusted: earlier, file: proof)
                print("ok \(document.kind.rawValue): \(established)")
            }
        }
    }

    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the whole log from its entries and check it against every signed tree head.")

        @Argument(help: "The log database.")
        var database: String

        @Option(help: "The log's public key to pin (default: the key stored in the log).")
        var logKey: String?

        func run() throws {
            try Terminal.run {
                let log = try TransparencyLog.open(path: database)
                let pinned = try logKey.map { path throws(AttestationError) in try VerifyingKey.load(path: path) }
                let audit = try log.audit(pinnedKey: pinned)
                print(
                    "ok \(audit.entries) entries, \(audit.treeHeads) signed tree heads, root \(Hex.encode(audit.rootHash))"
                )
            }
        }
    }
}
