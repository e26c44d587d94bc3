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
    /// df[m][column].
    let documentFrequency: [[Double]]
    /// Answers per model.
    let answered: [Double]
    /// log profile per model.
    let logProfile: [[Double]]

    init(_ data: AnswerFeatures, minimumAnswers: Int = 12, minimumShare: Double = 0.02) {
        let featureCount = data.featureNames.count
        var perModel = [[Int32]](repeating: [], count: data.models.count)
        var total = [Int32](repeating: 0, count: featureCount)
        var maximumShare = [Double](repeating: 0, count: featureCount)
        var answeredCounts = [Double](repeating: 0, count: data.models.count)
        for (model, row) in data.answers.enumerated() {
            var counts = [Int32](repeating: 0, count: featureCount)
            for answer in row {
                guard let answer else { continue }
                answeredCounts[model] += 1
                for feature in answer.features { counts[Int(feature)] += 1 }
            }
            let n = max(answeredCounts[model], 1)
            for feature in 0..<featureCount where counts[feature] > 0 {
                total[feature] += counts[feature]
                maximumShare[feature] = max(maximumShare[feature], Double(counts[feature]) / n)
            }
            perModel[model] = counts
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
        kinds = columns.map { data.featureKinds[Int($0)] }
        answered = answeredCounts
        documentFrequency = perModel.map { counts in columns.map { Double(counts[Int($0)]) } }
        logProfile = zip(documentFrequency, answeredCounts).map { df, n in
            df.map { Self.logRate($0, n) }
        }
    }

    static func logRate(_ df: Double, _ n: Double) -> Double { log((df + 0.5) / (n + 1)) }
}
