import Corpus

/// How alike two models' answers to the same prompt are in their habits, for every pair of models and every prompt:
/// the cosine of the answers' style-marker sets (layout and habits). Stored as `Float`, NaN where either model did
/// not answer. (Phrasing is compared by ``SharedTrigrams``.)
struct PairedSimilarity: Sendable {
    let modelCount: Int
    /// [prompt][a * modelCount + b]
    let marker: [[Float]]

    init(_ data: AnswerFeatures) {
        let m = data.models.count
        modelCount = m
        marker = ConcurrentMap.run(Array(0..<data.prompts.count)) { p -> [Float] in
            var mark = [Float](repeating: .nan, count: m * m)
            for a in 0..<m {
                guard let x = data.answers[a][p] else { continue }
                for b in (a + 1)..<max(a + 1, m) {
                    guard let y = data.answers[b][p] else { continue }
                    let sharedMarkers = Self.intersectionCount(x.markers, y.markers)
                    let norm = (Float(x.markers.count) * Float(y.markers.count)).squareRoot()
                    let cosine: Float = norm == 0 ? 0 : Float(sharedMarkers) / norm
                    mark[a * m + b] = cosine
                    mark[b * m + a] = cosine
                }
            }
            return mark
        }
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
