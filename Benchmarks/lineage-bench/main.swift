import Corpus
import Foundation
import Lexicon

let dir = CommandLine.arguments.dropFirst().first { !$0.hasPrefix("--") } ?? "../shared/data/alpacaeval-dev"
let files = try CorpusReader.inputFiles([dir])
if CommandLine.arguments.contains("--micro") {
    var outs: [ModelOutputs] = []
    for f in files { outs += try CorpusReader.read(file: f) }
    for _ in 0..<2 {
        var t = Date()
        _ = _Bench.scanOnly(outs)
        print("scan only", Date().timeIntervalSince(t))
        t = Date()
        _ = _Bench.scanLookup(outs)
        print("scan+lookup", Date().timeIntervalSince(t))
    }
    exit(0)
}
if CommandLine.arguments.contains("--phases") {
    var read: [Double] = []
    var count: [Double] = []
    for _ in 0..<4 {
        var t = Date()
        var outs: [ModelOutputs] = []
        for f in files { outs += try CorpusReader.read(file: f) }
        read.append(Date().timeIntervalSince(t))
        t = Date()
        var counter = ModelCounter(vocabulary: Vocabulary())
        for o in outs { _ = counter.count(o) }
        count.append(Date().timeIntervalSince(t))
    }
    print("1 core, min of 4: read \(read.min()!)s, count \(count.min()!)s")
    exit(0)
}
var times: [Double] = []
var chars = 0
for _ in 0..<5 {
    let start = Date()
    let counted = try CorpusCounter.count(files: files)
    times.append(Date().timeIntervalSince(start))
    chars = counted.models.reduce(0) { $0 + $1.statistics.characters }
}
times.sort()
print("count: min \(times[0])s median \(times[2])s, \(Double(chars) / times[0] / 1e6) M chars/s at min")
