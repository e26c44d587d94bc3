import Attestation
import Foundation

/// libFuzzer entry point: any bytes as an in-toto statement, with Lineage's predicate when it names it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStatement(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Data(bytes: start, count: count)
    if let statement = try? Statement.parse(bytes) {
        _ = try? statement.lineagePredicate()
        _ = statement.serialized()
    }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzStatement_main`; hand control to libFuzzer's driver from there.
@_cdecl("FuzzStatement_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { start, count in fuzzStatement(start!, count) }
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
