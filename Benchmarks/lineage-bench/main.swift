// Phase timings of `lineage profile` on a corpus (release build):
//   swift run -c release lineage-bench [DIR] [--repeat N]
//   swift run -c release lineage-bench count-stages|count-totals [DIR] [--repeat N]   (one thread: read, parse, count)
import Corpus
import Fingerprint
import Foundation
import Lexicon

// `lineage-bench parsimony --taxa N --characters N --seed S [--infile PATH] [--sequences N] [--spr] [--repeat N]
//   [--bootstrap N]`
if CommandLine.arguments.dropFirst().first == "parsimony" {
    let options = Array(CommandLine.arguments.dropFirst(2))
    func value(_ name: String) -> String? { options.firstIndex(of: name).map { options[$0 + 1] } }
    let taxa: Int = value("--taxa").flatMap { Int($0) } ?? 228
    let characters: Int = value("--characters").flatMap { Int($0) } ?? 10_000
    let seed: UInt64 = value("--seed").flatMap { UInt64($0) } ?? 1
    let sequences: Int = value("--sequences").flatMap { Int($0) } ?? 10
    let repeats: Int = value("--repeat").flatMap { Int($0) } ?? 1
    let bootstrap: Int = value("--bootstrap").flatMap { Int($0) } ?? 0
    for _ in 0..<repeats {
        try runParsimonyBenchmark(
            taxa: taxa, characters: characters, seed: seed, infile: value("--infile"), sequences: sequences,
            spr: options.contains("--spr"), bootstrap: bootstrap)
    }
    exit(0)
}

// `lineage-bench attribute [DIR] --suspect MODEL [--candidates A,B,...] [--bootstrap N] [--repeat N]`
if CommandLine.arguments.dropFirst().first == "attribute" {
    let options = Array(CommandLine.arguments.dropFirst(2))
    func value(_ name: String) -> String? { options.firstIndex(of: name).map { options[$0 + 1] } }
    let directory = options.first { !$0.hasPrefix("--") } ?? "../shared/data/alpacaeval-dev"
    try runAttributeBenchmark(
        directory: directory, suspect: value("--suspect") ?? "airoboros-65b",
        candidates: value("--candidates").map { $0.split(separator: ",").map(String.init) },
        replicates: value("--bootstrap").flatMap { Int($0) } ?? 200, repeats: value("--repeat").flatMap { Int($0) } ?? 1
    )
    exit(0)
}

// `lineage-bench analyze [DIR] [--bootstrap N] [--attribution-replicates N]`
if CommandLine.arguments.dropFirst().first == "analyze" {
    let options = Array(CommandLine.arguments.dropFirst(2))
    func value(_ name: String) -> String? { options.firstIndex(of: name).map { options[$0 + 1] } }
    let directory = options.first { !$0.hasPrefix("--") && Int($0) == nil } ?? "../shared/data/alpacaeval-dev"
    try runAnalyzeBenchmark(
        directory: directory, replicates: value("--bootstrap").flatMap { Int($0) } ?? 100,
        attributionReplicates: value("--attribution-replicates").flatMap { Int($0) } ?? 50,
        repeats: value("--repeat").flatMap { Int($0) } ?? 1)
    exit(0)
}

// `lineage-bench count-stages|count-totals [DIR] [--repeat N]`
if let mode = CommandLine.arguments.dropFirst().first, mode == "count-stages" || mode == "count-totals" {
    let options = Array(CommandLine.arguments.dropFirst(2))
    let repeats = options.firstIndex(of: "--repeat").flatMap { Int(options[$0 + 1]) } ?? 3
    let directory = options.first { !$0.hasPrefix("--") && Int($0) == nil } ?? "../shared/data/alpacaeval-dev"
    if mode == "count-stages" {
        try runCountStages(directory: directory, repeats: repeats)
    } else {
        try runCountTotals(directory: directory, repeats: repeats)
    }
    exit(0)
}

// `lineage-bench robustness DIR LABELS [--bootstrap N]`
if CommandLine.arguments.dropFirst().first == "robustness" {
    let options = Array(CommandLine.arguments.dropFirst(2))
    func value(_ name: String) -> String? { options.firstIndex(of: name).map { options[$0 + 1] } }
    try runRobustnessBenchmark(
        directory: options[0], labelsPath: options[1], replicates: value("--bootstrap").flatMap { Int($0) } ?? 50)
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "evaluate" {
    let options = Array(CommandLine.arguments.dropFirst(2))
    func value(_ name: String) -> String? { options.firstIndex(of: name).map { options[$0 + 1] } }
    try runEvaluateBenchmark(
        directory: options[0], labels: options[1], styleWeight: value("--style-weight").flatMap { Double($0) } ?? 0.1,
        replicates: value("--bootstrap").flatMap { Int($0) } ?? 100, json: options.contains("--json"))
    exit(0)
}

let arguments = CommandLine.arguments.dropFirst()
let dir = arguments.first { !$0.hasPrefix("--") && Int($0) == nil } ?? "../shared/data/alpacaeval-dev"
let repeats = arguments.firstIndex(of: "--repeat").flatMap { Int(arguments[arguments.index(after: $0)]) } ?? 5

/// Process CPU time (user + system) so far, in seconds.
func processCPU() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return cpuSeconds(usage)
}

/// CPU seconds of the last ``seconds(_:)`` call.
nonisolated(unsafe) var lastCPU = 0.0

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpu = processCPU()
    try body()
    lastCPU = processCPU() - cpu
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

if CommandLine.arguments.contains("--cold") {
    print("baseline load", seconds { _ = Baseline.english.frequencies.count })
    print("stopwords load", seconds { _ = Stopwords.english.words.count })
}
let files = try CorpusReader.inputFiles([dir])
var phases: [String: [Double]] = [:]
var cpuTimes: [String: [Double]] = [:]
var characters = 0
for _ in 0..<repeats {
    var corpus: CountedCorpus?
    phases["read+count", default: []].append(try seconds { corpus = try CorpusCounter.count(files: files) })
    cpuTimes["read+count", default: []].append(lastCPU)
    characters = corpus!.models.reduce(0) { $0 + $1.statistics.characters }
    var profiles: [Profile] = []
    phases["score", default: []].append(
        seconds { profiles = ProfileBuilder(baseline: .english).build(corpus!).profiles })
    cpuTimes["score", default: []].append(lastCPU)
    let out = NSTemporaryDirectory() + "lineage-bench-\(getpid())"
    phases["write", default: []].append(
        try seconds { try Profile.write(profiles, to: profiles.map { out + "/" + Profile.fileName(for: $0.model) }) })
    cpuTimes["write", default: []].append(lastCPU)
    try? FileManager.default.removeItem(atPath: out)
}
// The least wall and the least CPU time of each phase: the figures least disturbed by other work on the machine.
var total = 0.0
var totalCPU = 0.0
for name in ["read+count", "score", "write"] {
    let best = phases[name]!.min()!
    let cpu = cpuTimes[name]!.min()!
    total += best
    totalCPU += cpu
    print(String(format: "%-11@ best %.3f s  CPU %.3f s", name, best, cpu))
}
print(
    String(
        format: "total       best %.3f s  CPU %.3f s  %.1f M chars/s (%d chars, %d files)", total, totalCPU,
        Double(characters) / total / 1e6, characters, files.count))

if CommandLine.arguments.contains("--check") {
    let corpus = try CorpusCounter.count(files: files)
    for model in corpus.models {
        for kind in FeatureKind.allCases {
            let keys = model[kind].keys
            let sorted = zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 }
            if !sorted { print("UNSORTED", model.model, kind) }
        }
    }
    print("checked")
}
