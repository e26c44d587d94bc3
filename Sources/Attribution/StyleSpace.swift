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
        var total = [Int32](repeating: 0, count: featureCount)
        var maximumShare = [Double](repeating: 0, count: featureCount)
        var answeredCounts = [Double](repeating: 0, count: data.models.count)
        // One scratch counter reused across models; only the features a model used are visited and reset.
        var counts = [Int32](repeating: 0, count: featureCount)
        for (model, row) in data.answers.enumerated() {
            var touched: [Int32] = []
            for answer in row {
                guard let answer else { continue }
                answeredCounts[model] += 1
                for feature in answer.features {
                    if counts[Int(feature)] == 0 { touched.append(feature) }
                    counts[Int(feature)] += 1
                }
            }
            let n = max(answeredCounts[model], 1)
            for feature in touched {
                let index = Int(feature)
                total[index] += counts[index]
                maximumShare[index] = max(maximumShare[index], Double(counts[index]) / n)
                counts[index] = 0
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
        let answerColumns = data.answers.map { row in
            row.map { answer in
                answer.map { answer in answer.features.compactMap { columnOf[Int($0)] >= 0 ? columnOf[Int($0)] : nil } }
                    ?? []
            }
        }
        self.answerColumns = answerColumns
        documentFrequency = answerColumns.map { row in
            var df = [Double](repeating: 0, count: columns.count)
            for answer in row {
                for column in answer { df[Int(column)] += 1 }
            }
            return df
        }
        logProfile = zip(documentFrequency, answeredCounts).map { df, n in
            df.map { Self.logRate($0, n) }
        }
    }

    static func logRate(_ df: Double, _ n: Double) -> Double { log((df + 0.5) / (n + 1)) }
}
