import Analysis
import Attribution
import Corpus
import Dispatch
import Fingerprint
import Foundation
import Phylogeny

/// Times the stages of `lineage analyze` one after the other (each stage itself parallel), so that a change to one
/// stage can be measured alone:
///   lineage-bench analyze [DIR] [--bootstrap 100] [--attribution-replicates 50]
func runAnalyzeBenchmark(directory: String, replicates: Int, attributionReplicates: Int) throws {
    func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        let cpuBefore = cpuSeconds(usage)
        let value = try body()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "%-22@ %7.3f s wall %7.3f s CPU", name, wall, cpuSeconds(usage) - cpuBefore))
        return value
    }
    let options = MainAnalysisOptions()
    let settings = options.characters.candidateSettings(base: options.profile)
    let fingerprints = try timed("profiles") {
        try Fingerprinting.run(inputs: [directory], options: options.read, settings: settings)
    }
    let answers = try timed("answer features") { try AnswerFeatures.read(inputs: [directory]) }
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

private func cpuSeconds(_ usage: rusage) -> Double {
    Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
