/// One question of a benchmark as an evaluation log holds it, with the model's answer.
public struct EvalRecord: Sendable, Hashable {
    /// The benchmark's id of the question (MMLU-Pro `question_id`; lm-eval `doc.question_id` or `doc_id`).
    public var questionID: String
    /// The question text.
    public var question: String
    /// The answer options, lettered A, B, … in order (at most ten: A–J).
    public var options: [String]
    /// The gold letter, A–J.
    public var gold: Character
    /// The subject category, or "" when the log has none.
    public var category: String
    /// The letter the evaluation harness logged as the model's answer, or nil when it logged none.
    public var loggedPrediction: Character?
    /// The model's raw output.
    public var generatedText: String

    /// Creates a record.
    public init(
        questionID: String, question: String, options: [String], gold: Character, category: String = "",
        loggedPrediction: Character?, generatedText: String
    ) {
        self.questionID = questionID
        self.question = question
        self.options = options
        self.gold = gold
        self.category = category
        self.loggedPrediction = loggedPrediction
        self.generatedText = generatedText
    }

    /// The gold answer's index into ``options``.
    public var goldIndex: Int { Int(gold.asciiValue! - 65) }
}

/// The letters of answer options in order: A for the first, J for the tenth.
public enum OptionLetters {
    /// The most options a question may have.
    public static let maximumCount = 10

    /// The letter of option `index` (0-based), A–J.
    public static func letter(_ index: Int) -> Character { Character(Unicode.Scalar(UInt8(65 + index))) }

    /// The 0-based index of `letter` when it is one of A–J.
    public static func index(of letter: Character) -> Int? {
        guard let value = letter.asciiValue, value >= 65, value < 65 + UInt8(maximumCount) else { return nil }
        return Int(value - 65)
    }
}

/// All records of one model's evaluation log, in file order.
public struct EvalLog: Sendable {
    /// The model, from the file name (or the lm-eval output directory).
    public var model: String
    /// The file it was read from.
    public var file: String
    /// The records in file order; a question id may repeat only when the log was read allowing duplicates.
    public var records: [EvalRecord]

    /// Creates a log.
    public init(model: String, file: String, records: [EvalRecord]) {
        self.model = model
        self.file = file
        self.records = records
    }

    /// Question ids that occur more than once, each with the record indices where it occurs, in file order.
    public var duplicates: [(questionID: String, records: [Int])] {
        var first = [String: Int](minimumCapacity: records.count)
        var repeated: [String: [Int]] = [:]
        for (index, record) in records.enumerated() {
            if let at = first[record.questionID] {
                repeated[record.questionID, default: [at]].append(index)
            } else {
                first[record.questionID] = index
            }
        }
        return repeated.map { ($0.key, $0.value) }.sorted { $0.records[0] < $1.records[0] }
    }

    /// The first record of each question id, in file order.
    public var uniqueRecords: [EvalRecord] {
        var seen = Set<String>()
        return records.filter { seen.insert($0.questionID).inserted }
    }
}
