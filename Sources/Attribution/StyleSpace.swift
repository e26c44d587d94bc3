import Corpus
import Foundation

/// Document-frequency profiles of every model over the features common enough to compare.
///
/// `L[m][f] = log((df + ½) / (n + 1))`, where `df` is the number of model m's answers holding feature f and `n`
/// the number of answers it gave. Features are kept when at least `minimumAnswers` answers in all hold them and at
/// least `minimumShare` of some model's answers do.
struct StyleSpace: Sendable {
    /// Global feature id of each column.
    let columns: [Int32]
    /// Kind of each column.
    let kinds: [AnswerFeatures.Kind]
    /// Column of each global feature id, or -1.
    let columnOf: [Int32]
    /// The columns each answer holds, `[model][prompt]` (empty where the model did not answer).
    let answerColumns: [[[Int32]]]
    /// df[m][column].
    let documentFrequency: [[Double]]
    /// Answers per model.
    let answered: [Double]
    /// log profile per model.
    let logProfile: [[Double]]
    /// The columns of words, of bigrams and of markers, in that order (columns are sorted by kind).
    let blockRanges: [Range<Int>]

    init(_ data: AnswerFeatures, minimumAnswers: Int = 12, minimumShare: Double = 0.02) {
        let featureCount = data.featureNames.count
        let modelCount = data.models.count
        // Each model's answer counts of the features it used, counted in parallel (one scratch counter per worker;
        // only the features a model used are visited and reset), then summed in model order.
        let used = ConcurrentMap.run(
            Array(0..<modelCount), worker: { [Int32](repeating: 0, count: featureCount) },
            { counts, model -> (features: [Int32], counts: [Int32], answered: Double) in
                var touched: [Int32] = []
                var answered = 0.0
                for answer in data.answers[model] {
                    guard let answer else { continue }
                    answered += 1
                    for feature in answer.features {
                        if counts[Int(feature)] == 0 { touched.append(feature) }
                        counts[Int(feature)] += 1
                    }
                }
                let values = touched.map { counts[Int($0)] }
                for feature in touched { counts[Int(feature)] = 0 }
                return (touched, values, answered)
            })
        var total = [Int32](repeating: 0, count: featureCount)
        var maximumShare = [Double](repeating: 0, count: featureCount)
        var answeredCounts = [Double](repeating: 0, count: modelCount)
        for model in 0..<modelCount {
            let (features, counts, answered) = used[model]
            answeredCounts[model] = answered
            let n = max(answered, 1)
            for (feature, count) in zip(features, counts) {
                let index = Int(feature)
                total[index] += count
                maximumShare[index] = max(maximumShare[index], Double(count) / n)
            }
        }
        var columns: [Int32] = []
        var columnOf = [Int32](repeating: -1, count: featureCount)
        // Columns in (kind, text) order, so that sums run in the same order whatever ids the threads assigned.
        let kept = (0..<featureCount).filter {
            Int(total[$0]) >= minimumAnswers && maximumShare[$0] >= minimumShare
        }.sorted {
            let (a, b) = (data.featureKinds[$0], data.featureKinds[$1])
            return a != b ? a.rawValue < b.rawValue : data.featureNames[$0] < data.featureNames[$1]
        }
        for feature in kept {
            columnOf[feature] = Int32(columns.count)
            columns.append(Int32(feature))
        }
        self.columns = columns
        self.columnOf = columnOf
        let kinds = columns.map { data.featureKinds[Int($0)] }
        self.kinds = kinds
        blockRanges = [AnswerFeatures.Kind.word, .bigram, .marker].map { kind in
            guard let first = kinds.firstIndex(of: kind), let last = kinds.lastIndex(of: kind) else { return 0..<0 }
            return first..<(last + 1)
        }
        answered = answeredCounts
        // Per model, in parallel: the columns of each answer, document frequencies and the log profile.
        let columnCount = columns.count
        let lookup = columnOf
        let answeredPerModel = answeredCounts
        let perModel = ConcurrentMap.run(Array(0..<modelCount)) {
            model -> (columns: [[Int32]], df: [Double], log: [Double]) in
            let answerColumns = data.answers[model].map { answer in
                answer.map { answer in answer.features.compactMap { lookup[Int($0)] >= 0 ? lookup[Int($0)] : nil } }
                    ?? []
            }
            var df = [Double](repeating: 0, count: columnCount)
            for answer in answerColumns {
                for column in answer { df[Int(column)] += 1 }
            }
            let n = answeredPerModel[model]
            return (answerColumns, df, df.map { Self.logRate($0, n) })
        }
        answerColumns = perModel.map(\.columns)
        documentFrequency = perModel.map(\.df)
        logProfile = perModel.map(\.log)
    }

    static func logRate(_ df: Double, _ n: Double) -> Double { log((df + 0.5) / (n + 1)) }
}
