import Attestation
import Foundation

/// libFuzzer entry point: any bytes as a DSSE envelope, then as a certificate to verify. Parsing must either succeed
/// or throw an AttestationError; it must never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnvelope(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Data(bytes: start, count: count)
    if let envelope = try? Envelope.parse(bytes) {
        _ = try? envelope.payloadBytes()
        _ = envelope.serialized()
    }
    _ = Certificate.verify(envelopeBytes: bytes, key: FuzzKey.key)
    _ = try? LogProof.parse(bytes).verify()
    return 0
}

enum FuzzKey {
    static let key = SigningKey().publicKey
}

/// SwiftPM links an executable's entry point as `FuzzEnvelope_main`; hand control to libFuzzer's driver from there.
@_cdecl("FuzzEnvelope_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    _ = FuzzKey.key  // one-time allocations before the first input, so the leak checker does not count them
    _ = try? LogProof.parse(Data("{}".utf8))
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { start, count in fuzzEnvelope(start!, count) }
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
