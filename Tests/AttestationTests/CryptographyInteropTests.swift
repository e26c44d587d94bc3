import Foundation
import Testing

@testable import Attestation

/// Checks Lineage's DSSE envelopes and in-toto statements with an independent implementation: PyPI `cryptography`
/// (Ed25519 over the DSSE pre-authentication encoding, PEM keys) driven by `scripts/check_dsse.py`, both ways.
///
/// Runs only when `LINEAGE_CRYPTOGRAPHY` names a Python interpreter with `cryptography` installed (`.ci/run` sets it).
@Suite struct CryptographyInteropTests {
    static let python = ProcessInfo.processInfo.environment["LINEAGE_CRYPTOGRAPHY"].flatMap { $0.isEmpty ? nil : $0 }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/check_dsse.py").path

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(python))
        process.arguments = [script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test(.enabled(if: python != nil, "set LINEAGE_CRYPTOGRAPHY to a python with the cryptography package"))
    func cryptographyVerifiesOurCertificatesAndRejectsTamperedOnes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let model = try scratch.write("model.safetensors", "weights ✓")
        let config = try scratch.write("config.json", "{\"layers\":2}")
        let key = SigningKey()
        try key.write(to: scratch.path("signer"))
        let statement = try Certificate.statement(
            for: Certificate.Claims(modelFiles: [model, config], baseModels: ["base/model"]))
        let envelope = try Certificate.sign(statementBytes: statement.serialized(), key: key)
        try envelope.serialized().write(to: URL(fileURLWithPath: scratch.path("cert.json")))
        let good = try Self.run(["verify", scratch.path("cert.json"), scratch.path("signer.pub"), model, config])
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.contains("ok signature, statement with 2 subjects, 2 files match"))

        var tampered = envelope
        var payload = try envelope.payloadBytes()
        payload[payload.count / 2] ^= 0x20
        tampered.payload = payload.base64EncodedString()
        try tampered.serialized().write(to: URL(fileURLWithPath: scratch.path("tampered.json")))
        let bad = try Self.run(["verify", scratch.path("tampered.json"), scratch.path("signer.pub")])
        #expect(bad.status == 1)
        #expect(bad.output.contains("no signature verifies"))

        try scratch.write("model.safetensors", "other weights")
        let changed = try Self.run(["verify", scratch.path("cert.json"), scratch.path("signer.pub"), model])
        #expect(changed.status == 1)
        #expect(changed.output.contains("is not the subject's"))
    }

    @Test(.enabled(if: python != nil, "set LINEAGE_CRYPTOGRAPHY to a python with the cryptography package"))
    func weVerifyEnvelopesSignedByCryptography() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = try scratch.write("weights.bin", "w")
        let statement = try Certificate.statement(for: Certificate.Claims(modelFiles: [file]))
        try statement.serialized().write(to: URL(fileURLWithPath: scratch.path("statement.json")))
        let signed = try Self.run([
            "sign", scratch.path("statement.json"), scratch.path("py.json"), scratch.path("py.pub"),
        ])
        #expect(signed.status == 0, "\(signed.output)")
        let key = try VerifyingKey.load(path: scratch.path("py.pub"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path("py.json")))
        let result = Certificate.verify(envelopeBytes: bytes, key: key)
        #expect(result.passed, "\(result.failures)")
        #expect(!Certificate.verify(envelopeBytes: bytes, key: SigningKey().publicKey).passed)
    }
}
