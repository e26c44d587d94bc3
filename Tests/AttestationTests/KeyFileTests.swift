import Foundation
import Testing

@testable import Attestation

/// Key files are created, never replaced: a lost private key orphans everything it signed.
@Suite struct KeyFileTests {
    /// The bytes of every file in `scratch`, by name.
    static func contents(_ scratch: Scratch) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: scratch.root.path) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: scratch.path(name)))
        }
        return files
    }

    @Test func aKeyIsNotWrittenOverAnExistingPrivateOrPublicKeyFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try SigningKey().write(to: scratch.path("signer"))
        let before = try Self.contents(scratch)
        do throws(AttestationError) {
            try SigningKey().write(to: scratch.path("signer"))
            Issue.record("an existing key was overwritten")
        } catch {
            #expect(error.kind == .writeFailed)
            #expect(error.file == scratch.path("signer"), "\(error)")
            #expect(error.description.contains("exists"), "\(error)")
        }
        #expect(try Self.contents(scratch) == before)

        // A public key alone is enough to refuse: the pair must stay a pair.
        try FileManager.default.removeItem(atPath: scratch.path("signer"))
        do throws(AttestationError) {
            try SigningKey().write(to: scratch.path("signer"))
            Issue.record("an existing public key was overwritten")
        } catch {
            #expect(error.file == scratch.path("signer.pub"), "\(error)")
        }
        #expect(try Self.contents(scratch) == ["signer.pub": before["signer.pub"]!])
    }

    @Test func aKeyIsWrittenIntoMissingDirectoriesWithOwnerOnlyPermissions() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let key = SigningKey()
        try key.write(to: scratch.path("keys/new/signer"))
        let mode = try FileManager.default.attributesOfItem(atPath: scratch.path("keys/new/signer"))[.posixPermissions]
        #expect(mode as? Int == 0o600)
        #expect(try SigningKey.load(path: scratch.path("keys/new/signer")).publicKey == key.publicKey)
        // No temporary files left behind.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.path("keys/new")).sorted() == [
                "signer", "signer.pub",
            ])
    }

    @Test func creatingALogOverAnExistingOneChangesNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (log, key) = try TransparencyLog.createWithNewKey(path: scratch.path("log.db"))
        _ = try log.append(Data("{}".utf8), key: key)
        let keyFiles = try Self.contents(scratch).filter { $0.key.hasPrefix("log.db.key") }
        #expect(keyFiles.count == 2)
        do throws(AttestationError) {
            _ = try TransparencyLog.createWithNewKey(path: scratch.path("log.db"))
            Issue.record("a second log was created over the first")
        } catch {
            #expect(error.file == scratch.path("log.db"), "\(error)")
            #expect(error.description.contains("created only once"), "\(error)")
        }
        #expect(try Self.contents(scratch).filter { $0.key.hasPrefix("log.db.key") } == keyFiles)
        // The log can still be appended to with the key read back from disk.
        let reopened = try TransparencyLog.open(path: scratch.path("log.db"))
        #expect(try reopened.append(Data("[]".utf8), key: try reopened.signingKey()).index == 1)
    }

    @Test func aLogIsNotCreatedBesideAnExistingKey() throws {
        for existing in ["log.db.key", "log.db.key.pub"] {
            let scratch = try Scratch()
            defer { scratch.remove() }
            try scratch.write(existing, "an older key")
            do throws(AttestationError) {
                _ = try TransparencyLog.createWithNewKey(path: scratch.path("log.db"))
                Issue.record("a new log key replaced \(existing)")
            } catch {
                #expect(error.file == scratch.path(existing), "\(error)")
            }
            #expect(try Self.contents(scratch) == [existing: Data("an older key".utf8)])
        }
    }

    @Test func aLogsSigningKeyMustBeBesideItAndBeItsOwn() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let log = try TransparencyLog.create(path: scratch.path("log.db"), key: SigningKey())
        do throws(AttestationError) {
            _ = try log.signingKey()
            Issue.record("a missing key was not reported")
        } catch {
            #expect(error.file == scratch.path("log.db.key"), "\(error)")
            #expect(error.description.contains("missing"), "\(error)")
        }
        try SigningKey().write(to: scratch.path("log.db.key"))
        do throws(AttestationError) {
            _ = try log.signingKey()
            Issue.record("another log's key was accepted")
        } catch {
            #expect(error.kind == .badSignature, "\(error)")
        }
    }
}
