import Dispatch
import Lexicon
import Synchronization

/// How alike two models' answers to the same prompt are, for every pair of models and every prompt.
///
/// Two measures: Jaccard similarity of the answers' word-trigram sets (phrasing), and the cosine of their
/// style-marker sets (layout and habits). Stored as `Float`, NaN where either model did not answer.
struct PairedSimilarity: Sendable {
    let modelCount: Int
    /// [prompt][a * modelCount + b]
    let trigram: [[Float]]
    let marker: [[Float]]

    init(_ data: AnswerFeatures) {
        let m = data.models.count
        modelCount = m
        let prompts = data.prompts.count
        let results = Mutex<[Int: ([Float], [Float])]>([:])
        DispatchQueue.concurrentPerform(iterations: prompts) { p in
            var tri = [Float](repeating: .nan, count: m * m)
            var mark = [Float](repeating: .nan, count: m * m)
            let shared = Self.sharedTrigrams(data, prompt: p)
            for a in 0..<m {
                guard let x = data.answers[a][p] else { continue }
                for b in (a + 1)..<max(a + 1, m) {
                    guard let y = data.answers[b][p] else { continue }
                    let sharedTrigrams = Int(shared[a * m + b])
                    let union = x.trigrams.count + y.trigrams.count - sharedTrigrams
                    let jaccard: Float = union == 0 ? 0 : Float(sharedTrigrams) / Float(union)
                    let sharedMarkers = Self.intersectionCount(x.markers, y.markers)
                    let norm = (Float(x.markers.count) * Float(y.markers.count)).squareRoot()
                    let cosine: Float = norm == 0 ? 0 : Float(sharedMarkers) / norm
                    tri[a * m + b] = jaccard
                    tri[b * m + a] = jaccard
                    mark[a * m + b] = cosine
                    mark[b * m + a] = cosine
                }
            }
            results.withLock { $0[p] = (tri, mark) }
        }
        let all = results.withLock { $0 }
        trigram = (0..<prompts).map { all[$0]!.0 }
        marker = (0..<prompts).map { all[$0]!.1 }
    }

    /// The number of word trigrams each pair of models' answers to `prompt` share, at `[a * models + b]` for
    /// `a < b`: every trigram is looked up once, and only trigrams held by several answers visit pairs.
    static func sharedTrigrams(_ data: AnswerFeatures, prompt p: Int) -> [Int32] {
        let m = data.models.count
        var shared = [Int32](repeating: 0, count: m * m)
        let total = (0..<m).reduce(0) { $0 + (data.answers[$1][p]?.trigrams.count ?? 0) }
        guard total > 0 else { return shared }
        // Each distinct trigram gets a dense id; `holders` lists, per id, the models whose answer holds it
        // (ascending, as models are visited in order), laid out by counting sort.
        var table = KeyTable(capacity: total)
        var occurrence = [Int32]()
        occurrence.reserveCapacity(total)
        var holderCount: [Int32] = []
        for a in 0..<m {
            guard let answer = data.answers[a][p] else { continue }
            for trigram in answer.trigrams {
                // UInt64.max is the table's empty marker; folding it onto its neighbour costs nothing measurable.
                let id = Int(table.value(for: min(trigram, .max - 1), inserting: Int32(holderCount.count)))
                if id == holderCount.count { holderCount.append(0) }
                holderCount[id] += 1
                occurrence.append(Int32(id))
            }
        }
        var start = [Int32](repeating: 0, count: holderCount.count + 1)
        for id in holderCount.indices { start[id + 1] = start[id] + holderCount[id] }
        var fill = start
        var holders = [Int32](repeating: 0, count: total)
        var position = 0
        for a in 0..<m {
            guard let answer = data.answers[a][p] else { continue }
            for _ in answer.trigrams {
                let id = Int(occurrence[position])
                holders[Int(fill[id])] = Int32(a)
                fill[id] += 1
                position += 1
            }
        }
        for id in holderCount.indices where holderCount[id] > 1 {
            let range = Int(start[id])..<Int(start[id + 1])
            for i in range {
                let row = Int(holders[i]) * m
                for j in (i + 1)..<range.upperBound { shared[row + Int(holders[j])] += 1 }
            }
        }
        return shared
    }

    static func intersectionCount<T: Comparable>(_ a: [T], _ b: [T]) -> Int {
        var i = 0
        var j = 0
        var count = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] {
                i += 1
            } else if a[i] > b[j] {
                j += 1
            } else {
                count += 1
                i += 1
                j += 1
            }
        }
        return count
    }
}
