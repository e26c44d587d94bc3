import Corpus
import Foundation
import Lexicon

let dir = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "../shared/data/alpacaeval-dev"
let files = try CorpusReader.inputFiles([dir])
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
