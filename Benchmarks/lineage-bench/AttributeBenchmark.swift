import Attribution
import Corpus
import Dispatch
import Foundation

/// Times the stages of `lineage attribute` one after the other, the way the command runs them:
///   lineage-bench attribute [DIR] --suspect MODEL [--candidates A,B,...] [--bootstrap 200] [--repeat 1]
/// Each stage runs `repeat` times; the least wall and CPU time are shown, then the whole command's stages together.
func runAttributeBenchmark(
    directory: String, suspect: String, candidates: [String]?, replicates: Int, repeats: Int
) throws {
    var total = (wall: Double.infinity, cpu: Double.infinity)
    for _ in 0..<max(repeats, 1) {
        let start = StageClock()
        let data = try AnswerFeatures.read(inputs: [directory])
        let afterRead = StageClock()
        let attributor = Attributor(data)
        let afterTables = StageClock()
        _ = try attributor.attribute(
            suspect: suspect, candidates: candidates, settings: AttributionSettings(replicates: replicates))
        let end = StageClock()
        print(
            String(
                format: "read+features %6.3f s (%6.3f CPU)  tables %6.3f s (%6.3f CPU)  attribute %6.3f s (%6.3f CPU)",
                afterRead.wall - start.wall, afterRead.cpu - start.cpu, afterTables.wall - afterRead.wall,
                afterTables.cpu - afterRead.cpu, end.wall - afterTables.wall, end.cpu - afterTables.cpu))
        total = (min(total.wall, end.wall - start.wall), min(total.cpu, end.cpu - start.cpu))
    }
    print(String(format: "best total %.3f s wall, %.3f s CPU", total.wall, total.cpu))
}

/// Wall and CPU time now.
struct StageClock {
    let wall: Double
    let cpu: Double

    init() {
        wall = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        cpu =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
