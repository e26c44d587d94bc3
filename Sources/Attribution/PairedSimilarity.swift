import Dispatch
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
            for a in 0..<m {
                guard let x = data.answers[a][p] else { continue }
                for b in (a + 1)..<max(a + 1, m) {
                    guard let y = data.answers[b][p] else { continue }
                    let sharedTrigrams = Self.intersectionCount(x.trigrams, y.trigrams)
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
