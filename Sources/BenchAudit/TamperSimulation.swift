import Phylogeny

/// Tampered copies of a clean log, for calibrating and testing the audit: the three manipulations the audit
/// looks for, applied to a share of the model's wrong items (logged answer ≠ gold).
public enum TamperSimulation {
    /// One manipulation.
    public enum Kind: String, Sendable, CaseIterable {
        /// The gold is set to the model's own (re-extracted) answer.
        case flipLabels = "flip_labels"
        /// The item is dropped from the log.
        case dropWrong = "drop_wrong"
        /// The logged answer is overwritten with the gold.
        case overwritePredictions = "overwrite_predictions"

        /// The finding the audit should raise for it.
        public var expectedFinding: Finding.Kind {
            switch self {
            case .flipLabels: .labelTampering
            case .dropWrong: .selectiveSampling
            case .overwritePredictions: .postProcessing
            }
        }
    }

    /// `log` with each of `kinds` applied to its own `rate` share of the wrong items (disjoint slices, chosen
    /// at random with `seed`).
    public static func tamper(_ log: EvalLog, _ kinds: Set<Kind>, rate: Double, seed: UInt64) -> EvalLog {
        var generator = SeededGenerator(seed: seed)
        var records = log.records
        let wrong = records.indices.filter { records[$0].loggedPrediction != records[$0].gold }
            .shuffled(using: &generator)
        let count = max(1, Int((Double(wrong.count) * rate).rounded()))
        var drop = Set<Int>()
        for (slice, kind) in Kind.allCases.enumerated() where kinds.contains(kind) {
            for index in wrong.dropFirst(slice * count).prefix(count) {
                switch kind {
                case .flipLabels:
                    if let answer = AnswerExtractor.extract(records[index].generatedText).letter,
                        OptionLetters.index(of: answer)! < records[index].options.count
                    {
                        records[index].gold = answer
                    }
                case .dropWrong: drop.insert(index)
                case .overwritePredictions: records[index].loggedPrediction = records[index].gold
                }
            }
        }
        records = records.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        return EvalLog(model: log.model, file: log.file, records: records)
    }

    /// A random subset of `log` keeping each record with probability 1 − `dropShare`, independent of difficulty.
    public static func randomSubset(_ log: EvalLog, dropShare: Double, seed: UInt64) -> EvalLog {
        var generator = SeededGenerator(seed: seed)
        let kept = log.records.filter { _ in Double(generator.next() % 1_000_000) / 1_000_000 >= dropShare }
        return EvalLog(model: log.model, file: log.file, records: kept)
    }
}
