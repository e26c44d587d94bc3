import Analysis
import Attribution
import Corpus
import Dispatch
import Fingerprint
import Foundation
import Phylogeny

/// Times the stages of `lineage analyze` one after the other (each stage itself parallel), so that a change to one
/// stage can be measured alone:
///   lineage-bench analyze [DIR] [--bootstrap 100] [--attribution-replicates 50] [--repeat 1]
/// With `--repeat N`, each stage runs N times and the least wall and CPU time are shown (the least is the figure
/// least disturbed by other work on the machine).
func runAnalyzeBenchmark(directory: String, replicates: Int, attributionReplicates: Int, repeats: Int = 1) throws {
    func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        var best = (wall: Double.infinity, cpu: Double.infinity)
        var value: T?
        for _ in 0..<max(repeats, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            var usage = rusage()
            getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
            let cpuBefore = cpuSeconds(usage)
            value = try body()
            getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = (min(best.wall, wall), min(best.cpu, cpuSeconds(usage) - cpuBefore))
        }
        print(
            name.padding(toLength: 20, withPad: " ", startingAt: 0),
            String(format: "%7.3f s wall %7.3f s CPU", best.wall, best.cpu))
        return value!
    }
    let options = MainAnalysisOptions()
    let files = try CorpusReader.inputFiles([directory])
    timed("read (files only)") {
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            _ = try? CorpusReader.read(file: files[index])
        }
    }
    let settings = options.characters.candidateSettings(base: options.profile)
    let fingerprints = try timed("profiles") {
        try Fingerprinting.run(inputs: [directory], options: options.read, settings: settings, keepingOutputs: true)
    }
    let answers = try timed("answer features") { try AnswerFeatures(outputs: fingerprints.corpus.outputs) }
    let attributor = timed("attributor tables") { Attributor(answers) }
    var tree = options.tree
    tree.replicates = replicates
    _ = try timed("tree + bootstrap") {
        let selection = FeatureSelection(profiles: fingerprints.profiles, settings: options.characters)
        return try TreeAnalysis.run(selection: selection, options: tree)
    }
    var attribution = options.attribution
    attribution.replicates = attributionReplicates
    let suspects = answers.models
    let settingsCopy = attribution
    timed("attribution all") {
        DispatchQueue.concurrentPerform(iterations: suspects.count) { index in
            _ = try? attributor.attribute(suspect: suspects[index], settings: settingsCopy)
        }
    }
}

/// User plus system time in `usage`, in seconds.
func cpuSeconds(_ usage: rusage) -> Double {
    Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Runs `lineage evaluate` in the benchmark binary (which builds without the service's packages), for trying
/// attribution settings quickly: `lineage-bench evaluate DIR LABELS [--style-weight W] [--bootstrap N] [--json]`.
func runEvaluateBenchmark(directory: String, labels: String, styleWeight: Double, replicates: Int, json: Bool) throws {
    let data = try AnswerFeatures.read(inputs: [directory])
    let report = try Evaluation.run(
        attributor: Attributor(data), labels: try LineageLabels.load(path: labels),
        settings: AttributionSettings(replicates: replicates, styleWeight: styleWeight))
    print(json ? report.jsonText() : report.text())
}
