// Speed and calibration of `lineage audit` on the MMLU-Pro dev logs (release build):
//   swift run -c release audit-bench [DIR] [--resamples N]
// Prints: time to read + rescore one 12,000-item log, to verify one log against 7 references, and consistency
// over 8 logs (1,000 bootstrap replicates); the detection rate of each tampering at several rates with every
// model in turn as the suspect; and the false-alarm rate over seeded clean random subsets.
import BenchAudit
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let dir = arguments.first { !$0.hasPrefix("--") && Int($0) == nil } ?? "../shared/data/mmlu-pro-dev"
let resamples = arguments.firstIndex(of: "--resamples").flatMap { Int(arguments[$0 + 1]) } ?? 1000

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let paths = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json.gz") }.sorted()
    .map { dir + "/" + $0 }
var best = Double.infinity
for _ in 0..<5 {
    best = min(best, try seconds { _ = RescoreReport(log: try LogReader.read(path: paths[0]), claimed: 0.5) })
}
print(String(format: "rescore one log (%@): best of 5 %.3f s", (paths[0] as NSString).lastPathComponent, best))
best = .infinity
for _ in 0..<3 {
    best = min(
        best,
        try seconds {
            let logs = try LogReader.read(paths: paths)
            _ = try VerificationReport(log: logs[0], manifest: nil, references: Array(logs.dropFirst()))
        })
}
print(String(format: "verify one log against %d references (reading all): best of 3 %.3f s", paths.count - 1, best))
best = .infinity
for _ in 0..<3 {
    best = min(
        best, try seconds { _ = try ConsistencyReport(logs: try LogReader.read(paths: paths), replicates: 1000) })
}
print(String(format: "consistency over %d logs, 1000 replicates (reading all): best of 3 %.3f s", paths.count, best))

let logs = try LogReader.read(paths: paths)
best = .infinity
for _ in 0..<3 { best = min(best, try seconds { _ = try LogReader.read(paths: paths) }) }
print(String(format: "reading the %d logs alone: best of 3 %.3f s", paths.count, best))
best = .infinity
for _ in 0..<3 { best = min(best, try seconds { _ = try ConsistencyReport(logs: logs, replicates: 1000) }) }
print(String(format: "consistency over %d logs already read, 1000 replicates: best of 3 %.3f s", paths.count, best))
let panels = logs.indices.map { suspect in
    ReferencePanel(logs: logs.enumerated().filter { $0.offset != suspect }.map(\.element))
}
print("\ndetection rate (each of \(logs.count) models as suspect, 5 seeds each; α = 0.01)")
print(
    "tampering              "
        + [0.005, 0.01, 0.02, 0.05, 0.1, 0.2].map { String(format: "%6.1f%%", $0 * 100) }.joined())
for kind in TamperSimulation.Kind.allCases {
    var row = kind.rawValue.padding(toLength: 23, withPad: " ", startingAt: 0)
    for rate in [0.005, 0.01, 0.02, 0.05, 0.1, 0.2] {
        var found = 0
        var trials = 0
        for (suspect, log) in logs.enumerated() {
            for seed in 1...5 {
                let report = try VerificationReport(
                    log: TamperSimulation.tamper(log, [kind], rate: rate, seed: UInt64(seed)), manifest: nil,
                    panel: panels[suspect])
                trials += 1
                if report.findings.contains(where: { $0.kind == kind.expectedFinding }) { found += 1 }
            }
        }
        row += String(format: "%7.2f", Double(found) / Double(trials))
    }
    print(row)
}
var mixtureFound = 0
for (suspect, log) in logs.enumerated() {
    let report = try VerificationReport(
        log: TamperSimulation.tamper(log, Set(TamperSimulation.Kind.allCases), rate: 0.01, seed: 1), manifest: nil,
        panel: panels[suspect])
    if Set(report.findings.map(\.kind)) == [.labelTampering, .selectiveSampling, .postProcessing] { mixtureFound += 1 }
}
print("mixture of all three at 1 % each: all three found in \(mixtureFound)/\(logs.count) suspects")

print("\nclean logs (rescore, and verify against the other seven):")
for (suspect, log) in logs.enumerated() {
    let findings =
        RescoreReport(log: log).findings
        + (try VerificationReport(log: log, manifest: nil, panel: panels[suspect]).findings)
    print(
        "  \(log.model): "
            + (findings.isEmpty
                ? "clean" : findings.map { "[\($0.kind.rawValue)] \($0.summary)" }.joined(separator: "; ")))
}
var alarms = 0
var alarmKinds: [String: Int] = [:]
for seed in 1...resamples {
    let suspect = seed % logs.count
    let subset = TamperSimulation.randomSubset(
        logs[suspect], dropShare: [0.01, 0.05, 0.1, 0.2, 0.3][seed % 5], seed: UInt64(seed))
    let report = try VerificationReport(log: subset, manifest: nil, panel: panels[suspect])
    for finding in report.findings { alarmKinds[finding.kind.rawValue, default: 0] += 1 }
    if report.findings.contains(where: { $0.kind == .selectiveSampling }) { alarms += 1 }
}
print(
    "random subsets (1–30 % dropped at random, \(resamples) seeded resamples over the \(logs.count) models): "
        + String(
            format: "%d selective-sampling alarms, false-alarm rate %.4f", alarms, Double(alarms) / Double(resamples))
        + "; all findings by kind: \(alarmKinds)")
