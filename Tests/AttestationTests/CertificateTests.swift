import Foundation
import Testing

@testable import Attestation

@Suite struct CertificateTests {
    /// A model directory with weights, training data and an evaluation log, and a certificate over them.
    struct Signed {
        let scratch: Scratch
        let key: SigningKey
        let envelope: Envelope
        let claims: Certificate.Claims

        init() throws {
            scratch = try Scratch()
            key = SigningKey()
            claims = Certificate.Claims(
                modelFiles: [
                    try scratch.write("model.safetensors", "weights"), try scratch.write("config.json", "{}"),
                ],
                baseModels: ["meta-llama/Llama-3-8B"], teachers: ["gpt-4o"],
                dataFiles: [try scratch.write("train.jsonl", "{\"text\":\"a\"}\n")],
                evaluationLogs: [try scratch.write("eval.jsonl", "{\"id\":1,\"ok\":true}\n{\"id\":2,\"ok\":false}\n")])
            let statement = try Certificate.statement(for: claims)
            envelope = try Certificate.sign(statementBytes: statement.serialized(), key: key)
        }

        func verify(_ envelope: Envelope, key: VerifyingKey? = nil) -> Certificate.Verification {
            Certificate.verify(envelopeBytes: envelope.serialized(), key: key ?? self.key.publicKey)
        }
    }

    /// The DSSE specification's example: PAE("http://example.com/HelloWorld", "hello world").
    @Test func preAuthenticationEncodingFollowsTheSpecification() {
        let pae = Envelope.preAuthenticationEncoding(
            payloadType: "http://example.com/HelloWorld", payload: Data("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
        // LEN counts bytes, not characters.
        let unicode = Envelope.preAuthenticationEncoding(payloadType: "é", payload: Data("ü".utf8))
        #expect(String(decoding: unicode, as: UTF8.self) == "DSSEv1 2 é 2 ü")
    }

    @Test func aSignedCertificateVerifiesWithEveryDigest() throws {
        let signed = try Signed()
        defer { signed.scratch.remove() }
        let result = signed.verify(signed.envelope)
        #expect(result.passed, "\(result.failures)")
        // payload type, signature, statement, 2 subjects, 1 training file, 1 evaluation log
        #expect(result.checks.count == 7)
        let statement = try #require(result.statement)
        #expect(statement.type == Statement.typeV1)
        #expect(
            statement.subject.map(\.sha256) == [
                FileDigest.sha256(Data("weights".utf8)), FileDigest.sha256(Data("{}".utf8)),
            ])
        let predicate = try #require(try statement.lineagePredicate())
        #expect(predicate.baseModels.map(\.name) == ["meta-llama/Llama-3-8B"])
        #expect(predicate.teachers.map(\.name) == ["gpt-4o"])
        let evaluation = try #require(predicate.evaluations.first)
        #expect(evaluation.records == 2)
        let lines = [#"{"id":1,"ok":true}"#, #"{"id":2,"ok":false}"#].map { MerkleTree.leafHash(Data($0.utf8)) }
        #expect(evaluation.merkleRoot == Hex.encode(MerkleTree.nodeHash(lines[0], lines[1])))
    }

    @Test func aChangedPayloadByteFailsTheSignature() throws {
        let signed = try Signed()
        defer { signed.scratch.remove() }
        var payload = try signed.envelope.payloadBytes()
        payload[payload.count / 2] ^= 0x01
        var tampered = signed.envelope
        tampered.payload = payload.base64EncodedString()
        let result = signed.verify(tampered)
        #expect(!result.passed)
        #expect(result.failures.map(\.name) == ["signature"])
        #expect(result.failures.first?.detail.contains("no signature verifies") == true)
    }

    @Test func aChangedPayloadTypeFailsTheSignature() throws {
        let signed = try Signed()
        defer { signed.scratch.remove() }
        var tampered = signed.envelope
        tampered.payloadType = "application/json"
        let result = signed.verify(tampered)
        #expect(result.failures.map(\.name) == ["payload type", "signature"])
    }

    @Test func aWrongKeyFails() throws {
        let signed = try Signed()
        defer { signed.scratch.remove() }
        let result = signed.verify(signed.envelope, key: SigningKey().publicKey)
        #expect(!result.passed)
        #expect(result.failures.map(\.name) == ["signature"])
    }

    @Test func aResignedStatementWithAlteredDigestsFails() throws {
        let signed = try Signed()
        defer { signed.scratch.remove() }
        var statement = try Statement.parse(try signed.envelope.payloadBytes())
        statement.subject[0].digest = ["sha256": FileDigest.sha256(Data("other weights".utf8))]
        // Re-signed by someone else: the signer's key does not verify it.
        let forged = try Certificate.sign(statementBytes: statement.serialized(), key: SigningKey())
        let byOther = signed.verify(forged)
        #expect(byOther.failures.map(\.name) == ["signature"])
        // Re-signed with the right key: the signature holds but the digest does not match the file on disk.
        let resigned = try Certificate.sign(statementBytes: statement.serialized(), key: signed.key)
        let byOwner = signed.verify(resigned)
        #expect(byOwner.failures.count == 1)
        let failure = try #require(byOwner.failures.first)
        #expect(failure.name.hasSuffix("model.safetensors"))
        #expect(failure.detail.contains("statement says"))
    }

    @Test func aChangedFileOrMissingFileFails() throws {
        let signed = try Signed()
        defer { signed.scratch.remove() }
        try signed.scratch.write("eval.jsonl", "{\"id\":1,\"ok\":true}\n")
        try FileManager.default.removeItem(atPath: signed.scratch.path("train.jsonl"))
        let result = signed.verify(signed.envelope)
        #expect(
            Set(result.failures.map(\.name)) == [
                "evaluation log \(signed.scratch.path("eval.jsonl"))",
                "training data \(signed.scratch.path("train.jsonl"))",
            ])
    }

    @Test func filesAreFoundByNameAmongTheGivenFiles() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let key = SigningKey()
        let statement = """
            {"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"weights.bin","digest":{"sha256":"\(FileDigest.sha256(Data("w".utf8)))"}}],"predicateType":"https://example.com/other/v1","predicate":{"x":[1,2]}}
            """
        let envelope = try Certificate.sign(statementBytes: Data(statement.utf8), key: key)
        // The payload is the statement's bytes, unchanged.
        #expect(try envelope.payloadBytes() == Data(statement.utf8))
        let file = try scratch.write("weights.bin", "w")
        let found = Certificate.verify(envelopeBytes: envelope.serialized(), key: key.publicKey, files: [file])
        #expect(found.passed, "\(found.failures)")
        let missing = Certificate.verify(envelopeBytes: envelope.serialized(), key: key.publicKey)
        #expect(missing.failures.first?.detail.contains("file not found") == true)
    }

    @Test func malformedStatementsAndEnvelopesAreRejectedWithAReason() throws {
        let cases: [(String, String)] = [
            (
                #"{"_type":"https://in-toto.io/Statement/v0.1","subject":[{"digest":{"sha256":"00"}}],"predicateType":"x"}"#,
                "_type"
            ),
            (#"{"_type":"https://in-toto.io/Statement/v1","subject":[],"predicateType":"x"}"#, "subject list is empty"),
            (#"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a"}],"predicateType":"x"}"#, "no digest"),
            (
                #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":"ABC"}}],"predicateType":"x"}"#,
                "64 lowercase hex"
            ),
            (#"{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha1":"ab"}}]}"#, "predicateType"),
            (#"[1,2]"#, "not an in-toto statement"),
        ]
        for (text, reason) in cases {
            #expect {
                try Statement.parse(Data(text.utf8))
            } throws: { error in
                (error as? AttestationError)?.kind == .malformedStatement
                    && (error as? AttestationError)?.detail.contains(reason) == true
            }
        }
        for text in [
            #"{"payload":"eA==","payloadType":"t","signatures":[]}"#,
            #"{"payload":"***","payloadType":"t","signatures":[{"keyid":"","sig":""}]}"#, "{}",
        ] {
            #expect(throws: AttestationError.self) { try Envelope.parse(Data(text.utf8)) }
        }
    }

    @Test func keygenWritesAPrivateKeyOnlyTheOwnerCanReadAndAPublicKey() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let key = SigningKey()
        try key.write(to: scratch.path("signer"))
        let attributes = try FileManager.default.attributesOfItem(atPath: scratch.path("signer"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let loaded = try SigningKey.load(path: scratch.path("signer"))
        #expect(loaded.publicKey == key.publicKey)
        #expect(try VerifyingKey.load(path: scratch.path("signer.pub")) == key.publicKey)
        #expect(
            try String(contentsOfFile: scratch.path("signer"), encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----")
        )
        // No temporary files left behind.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.root.path).sorted() == ["signer", "signer.pub"])
        #expect(throws: AttestationError.self) { try VerifyingKey.load(path: scratch.path("signer")) }
    }
}
