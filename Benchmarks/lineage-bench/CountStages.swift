import Corpus
import Dispatch
import Foundation
import Lexicon

/// CPU time of the calling thread, in seconds.
private func threadCPU() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Times (in CPU time of one thread) the steps of reading and counting every file one after another, and prints
/// each step's least total over the repeats:
///   lineage-bench count-stages [DIR] [--repeat N]
func runCountStages(directory: String, repeats: Int) throws {
    let files = try CorpusReader.inputFiles([directory])
    var best: [String: Double] = [:]
    for _ in 0..<max(repeats, 1) {
        var times: [String: Double] = [:]
        func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let start = threadCPU()
            let value = try body()
            times[name, default: 0] += threadCPU() - start
            return value
        }
        var counter = ModelCounter(vocabulary: Vocabulary())
        for file in files {
            let stored = try timed("load") { [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))) }
            _ = try timed("sha256") { try CorpusReader.sha256(of: file) }
            _ = try timed("gunzip") { try Gunzip.decompress(stored, file: file) }
            let outputs = try timed("parse (with gunzip)") { try CorpusReader.parse(bytes: stored, file: file) }
            _ = timed("count") { outputs.map { counter.count($0) } }
        }
        for (name, time) in times { best[name] = min(best[name] ?? .infinity, time) }
    }
    for (name, time) in best.sorted(by: { $0.key < $1.key }) { print(name, String(format: "%.3f s", time)) }
}

/// Times (in CPU time of one thread) counting the feature totals of every model's content stream, and prints the
/// least time per kind over the repeats:
///   lineage-bench count-totals [DIR] [--repeat N]
func runCountTotals(directory: String, repeats: Int) throws {
    let corpus = try CorpusCounter.count(files: try CorpusReader.inputFiles([directory]))
    var best: [FeatureKind: Double] = [:]
    let scratch = CountingScratch()
    var keys = 0
    for _ in 0..<max(repeats, 1) {
        for kind in FeatureKind.allCases {
            var scratch = scratch
            let start = threadCPU()
            for model in corpus.models { keys += FeatureTotals(model.content, kind: kind, scratch: &scratch).count }
            best[kind] = min(best[kind] ?? .infinity, threadCPU() - start)
        }
    }
    for kind in FeatureKind.allCases { print(kind, String(format: "%.3f s", best[kind]!)) }
    print("total", String(format: "%.3f s", best.values.reduce(0, +)), "(\(keys / max(repeats, 1)) keys)")
}
