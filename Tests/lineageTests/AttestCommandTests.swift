import Foundation
import Testing

@Suite(.serialized) struct AttestCommandTests {
    @Test func signVerifyAppendProveAndVerifyProofFromTheCommandLine() throws {
        let work = try Workspace()
        defer { work.remove() }
        try Data("weights".utf8).write(to: URL(fileURLWithPath: work.path("model.bin")))
        try Data("{\"id\":1}\n".utf8).write(to: URL(fileURLWithPath: work.path("eval.jsonl")))
        let keygen = try LineageProcess.run(["attest", "keygen", "--out", work.path("key")])
        #expect(keygen.status == 0, "\(keygen.standardError)")
        let mode = try FileManager.default.attributesOfItem(atPath: work.path("key"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let sign = try LineageProcess.run([
            "attest", "sign", "--key", work.path("key"), "--model", work.path("model.bin"), "--base", "org/base",
            "--eval", work.path("eval.jsonl"), "--out", work.path("cert.json"),
        ])
        #expect(sign.status == 0, "\(sign.standardError)")
        let verify = try LineageProcess.run([
            "attest", "verify", work.path("cert.json"), "--pubkey", work.path("key.pub"),
        ])
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
        #expect(verify.standardOutput.contains("ok   signature"))

        try Data("changed".utf8).write(to: URL(fileURLWithPath: work.path("model.bin")))
        let changed = try LineageProcess.run([
            "attest", "verify", work.path("cert.json"), "--pubkey", work.path("key.pub"),
        ])
        #expect(changed.status == 1)
        #expect(changed.standardOutput.contains("FAIL subject"))
        #expect(changed.standardError.contains("cert.json: 1 check failed"), "\(changed.standardError)")

        #expect(try LineageProcess.run(["log", "init", work.path("log.db")]).status == 0)
        let append = try LineageProcess.run([
            "log", "append", work.path("log.db"), work.path("cert.json"), work.path("cert.json"),
        ])
        #expect(append.status == 0, "\(append.standardError)")
        let receipts = append.standardOutput.split(separator: "\n")
        #expect(receipts.count == 2)
        #expect(receipts[1].contains("\"index\":1") && receipts[1].contains("\"tree_size\":2"))
        try Data(receipts[0].utf8).write(to: URL(fileURLWithPath: work.path("receipt.json")))

        let prove = try LineageProcess.run(["log", "prove", work.path("log.db"), "0"])
        #expect(prove.status == 0)
        #expect(prove.standardOutput.contains("\"audit_path\":[\""))
        try Data(prove.standardOutput.utf8).write(to: URL(fileURLWithPath: work.path("proof.json")))
        let check = try LineageProcess.run([
            "log", "verify-proof", work.path("proof.json"), "--certificate", work.path("cert.json"), "--log-key",
            work.path("log.db.key.pub"),
        ])
        #expect(check.status == 0, "\(check.standardError)")
        let wrongLeaf = try LineageProcess.run([
            "log", "verify-proof", work.path("proof.json"), "--certificate", work.path("eval.jsonl"),
        ])
        #expect(wrongLeaf.status == 1)
        #expect(wrongLeaf.standardError.contains("invalid proof"))

        let consistency = try LineageProcess.run(["log", "consistency", work.path("log.db"), "1"])
        #expect(consistency.status == 0)
        try Data(consistency.standardOutput.utf8).write(to: URL(fileURLWithPath: work.path("consistency.json")))
        let consistent = try LineageProcess.run([
            "log", "verify-proof", work.path("consistency.json"), "--trusted", work.path("receipt.json"),
        ])
        #expect(consistent.status == 0, "\(consistent.standardError)")
        #expect(try LineageProcess.run(["log", "audit", work.path("log.db")]).standardOutput.hasPrefix("ok 2 entries"))
        let tooFar = try LineageProcess.run(["log", "consistency", work.path("log.db"), "5"])
        #expect(tooFar.status == 1)
        #expect(tooFar.standardError.contains("truncated"))
    }

    @Test func keygenRefusesToReplaceAKey() throws {
        let work = try Workspace()
        defer { work.remove() }
        let first = try LineageProcess.run(["attest", "keygen", "--out", work.path("signer")])
        #expect(first.status == 0, "\(first.standardError)")
        let key = try Data(contentsOf: URL(fileURLWithPath: work.path("signer")))
        let again = try LineageProcess.run(["attest", "keygen", "--out", work.path("signer")])
        #expect(again.status == 1)
        #expect(again.standardError.contains("\(work.path("signer")): write failed"), "\(again.standardError)")
        #expect(again.standardOutput.isEmpty, "a new key id was printed: \(again.standardOutput)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: work.path("signer"))) == key)
    }

    @Test func logInitOverAnExistingLogLeavesItsKeyAndItStaysAppendable() throws {
        let work = try Workspace()
        defer { work.remove() }
        let log = work.path("log.db")
        #expect(try LineageProcess.run(["attest", "keygen", "--out", work.path("signer")]).status == 0)
        try Data("weights".utf8).write(to: URL(fileURLWithPath: work.path("model.bin")))
        let sign = try LineageProcess.run([
            "attest", "sign", "--key", work.path("signer"), "--model", work.path("model.bin"), "--out",
            work.path("cert.json"),
        ])
        #expect(sign.status == 0, "\(sign.standardError)")
        #expect(try LineageProcess.run(["log", "init", log]).status == 0)
        let key = try Data(contentsOf: URL(fileURLWithPath: log + ".key"))
        let publicKey = try Data(contentsOf: URL(fileURLWithPath: log + ".key.pub"))

        let again = try LineageProcess.run(["log", "init", log])
        #expect(again.status == 1)
        #expect(again.standardError.contains("\(log): write failed"), "\(again.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: log + ".key")) == key)
        #expect(try Data(contentsOf: URL(fileURLWithPath: log + ".key.pub")) == publicKey)
        let append = try LineageProcess.run(["log", "append", log, work.path("cert.json")])
        #expect(append.status == 0, "\(append.standardError)")

        // A key without its log is refused too, and no log is made beside it.
        try FileManager.default.moveItem(atPath: log + ".key", toPath: work.path("other.db.key"))
        let besideKey = try LineageProcess.run(["log", "init", work.path("other.db")])
        #expect(besideKey.status == 1)
        #expect(
            besideKey.standardError.contains("\(work.path("other.db.key")): write failed"), "\(besideKey.standardError)"
        )
        #expect(!FileManager.default.fileExists(atPath: work.path("other.db")))
        #expect(try Data(contentsOf: URL(fileURLWithPath: work.path("other.db.key"))) == key)
    }

    @Test func appendingToNoLogSaysThereIsNone() throws {
        let work = try Workspace()
        defer { work.remove() }
        try Data("{}".utf8).write(to: URL(fileURLWithPath: work.path("cert.json")))
        let append = try LineageProcess.run(["log", "append", work.path("nosuch.db"), work.path("cert.json")])
        #expect(append.status == 1)
        #expect(append.standardError.contains("\(work.path("nosuch.db")): "), "\(append.standardError)")
        #expect(append.standardError.contains("lineage log init"), "\(append.standardError)")
        #expect(!append.standardError.contains(".key"), "\(append.standardError)")
        #expect(!FileManager.default.fileExists(atPath: work.path("nosuch.db")))
    }
}
