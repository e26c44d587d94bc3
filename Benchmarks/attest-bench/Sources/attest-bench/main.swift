import Attestation
import Foundation

// Appends N certificate-sized leaves to a new log (one durable transaction each), then proves inclusion of random
// entries and consistency from random older sizes, verifying every proof, and audits the whole log.
// Usage: attest-bench [N] [DIRECTORY]
let arguments = CommandLine.arguments
let count = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
let directory = arguments.count > 2 ? arguments[2] : NSTemporaryDirectory()
let path = (directory as NSString).appendingPathComponent("attest-bench-\(getpid()).db")
defer {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

var generator = SystemRandomNumberGenerator()
let template = String(repeating: "x", count: 900)
let key = SigningKey()
let log = try TransparencyLog.create(path: path, key: key)
var last: LogProof?
let appendTime = try seconds {
    for index in 0..<count {
        let leaf = Data("{\"payload\":\"\(template)\",\"n\":\(index)}".utf8)
        last = try log.append(leaf, key: key)
    }
}
print(
    String(
        format:
            "append: %d entries (~%d bytes each, each committed with synchronous=FULL) in %.1f s: %.0f appends/s, %.2f ms each",
        count, 900 + 20, appendTime, Double(count) / appendTime, appendTime * 1000 / Double(count)))

let proofs = 10_000
var pathLength = 0
let proveTime = try seconds {
    for _ in 0..<proofs {
        let index = Int.random(in: 0..<count, using: &generator)
        let proof = try log.inclusionProof(index: index)
        pathLength = max(pathLength, proof.auditPath?.count ?? 0)
        _ = try proof.verify(logKey: key.publicKey)
    }
}
print(
    String(
        format:
            "prove: %d inclusion proofs at random indices, each checked against the signed head and verified: %.1f µs each (audit path ≤ %d hashes)",
        proofs, proveTime * 1e6 / Double(proofs), pathLength))

let consistencies = 2_000
var consistencyLength = 0
let consistencyTime = try seconds {
    for _ in 0..<consistencies {
        let old = Int.random(in: 1...count, using: &generator)
        let proof = try log.consistencyProof(oldSize: old)
        consistencyLength = max(consistencyLength, proof.consistencyPath?.count ?? 0)
        _ = try proof.verify(logKey: key.publicKey)
    }
}
print(
    String(
        format: "consistency: %d proofs from random older sizes, verified: %.1f µs each (path ≤ %d hashes)",
        consistencies, consistencyTime * 1e6 / Double(consistencies), consistencyLength))

var audit: TransparencyLog.Audit?
let auditTime = try seconds { audit = try log.audit(pinnedKey: key.publicKey) }
let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
print(
    String(
        format: "audit: %d entries and %d signed heads recomputed in %.2f s; database %.1f MB",
        audit?.entries ?? 0, audit?.treeHeads ?? 0, auditTime, Double(size) / 1e6))
print("root \(last?.rootHash ?? "")")
