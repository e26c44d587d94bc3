import Foundation

/// A JSON value that is a string or an integer (question ids come as either).
struct StringOrInteger: Decodable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            text = String(number)
        } else {
            text = try container.decode(String.self)
        }
    }
}

/// One record of an MMLU-Pro log as the reference harness writes it; fields the audit does not use are ignored.
struct MMLUProRecord: Decodable {
    var question_id: StringOrInteger
    var question: String
    var options: [String]
    var answer: String
    var category: String?
    var pred: String?
    var generated_text: String
}

/// One line of an lm-evaluation-harness `samples_<task>_<time>.jsonl` file, as far as the audit needs it.
struct LMEvalSample: Decodable {
    /// The benchmark item as the task's dataset holds it.
    struct Document: Decodable {
        var question_id: StringOrInteger?
        var question: String
        var options: [String]
        var answer: String?
        var answer_index: Int?
        var category: String?
    }

    /// A response as logged: a string, or a list whose first element (recursively) is the string.
    struct FirstString: Decodable {
        var text: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                text = nil
            } else if let string = try? container.decode(String.self) {
                text = string
            } else {
                text = try container.decode([FirstString].self).first?.text
            }
        }
    }

    var doc_id: StringOrInteger
    var doc: Document
    var target: StringOrInteger?
    var resps: FirstString
    var filtered_resps: FirstString?
}

extension EvalRecord {
    /// Checks a decoded MMLU-Pro record and turns it into an audit record.
    init(_ raw: MMLUProRecord, file: String, record: Int) throws(BenchAuditError) {
        try self.init(
            questionID: raw.question_id.text, question: raw.question, options: raw.options, goldText: raw.answer,
            goldIndex: nil, category: raw.category ?? "", predictionText: raw.pred, generatedText: raw.generated_text,
            file: file, record: record, line: nil)
    }

    /// Checks a decoded lm-eval sample and turns it into an audit record (see the README for the field mapping).
    init(_ raw: LMEvalSample, file: String, line: Int) throws(BenchAuditError) {
        let gold = raw.doc.answer ?? raw.target?.text
        guard let generated = raw.resps.text else {
            throw BenchAuditError(.missingField, file: file, line: line, "resps holds no generated text")
        }
        try self.init(
            questionID: raw.doc.question_id?.text ?? raw.doc_id.text, question: raw.doc.question,
            options: raw.doc.options, goldText: gold, goldIndex: raw.doc.answer_index,
            category: raw.doc.category ?? "", predictionText: raw.filtered_resps?.text, generatedText: generated,
            file: file, record: nil, line: line)
    }

    private init(
        questionID: String, question: String, options: [String], goldText: String?, goldIndex: Int?,
        category: String, predictionText: String?, generatedText: String, file: String, record: Int?, line: Int?
    ) throws(BenchAuditError) {
        func fail(_ kind: BenchAuditError.Kind, _ detail: String) -> BenchAuditError {
            BenchAuditError(kind, file: file, record: record, line: line, "question \(questionID): \(detail)")
        }
        guard !options.isEmpty else { throw fail(.invalidField, "options is empty") }
        guard options.count <= OptionLetters.maximumCount else {
            throw fail(.invalidField, "\(options.count) options, more than the ten letters A–J")
        }
        let gold: Character
        if let goldText {
            guard goldText.count == 1, let letter = goldText.first, let index = OptionLetters.index(of: letter) else {
                throw fail(.invalidField, "answer \"\(goldText)\" is not a letter A–J")
            }
            guard index < options.count else {
                throw fail(.invalidField, "answer \(letter) is beyond the \(options.count) options")
            }
            gold = letter
        } else if let goldIndex {
            guard goldIndex >= 0, goldIndex < options.count else {
                throw fail(.invalidField, "answer_index \(goldIndex) is outside the \(options.count) options")
            }
            gold = OptionLetters.letter(goldIndex)
        } else {
            throw fail(.missingField, "no gold answer (answer, target or answer_index)")
        }
        var prediction: Character?
        if let predictionText, predictionText.count == 1, let letter = predictionText.first,
            OptionLetters.index(of: letter) != nil
        {
            prediction = letter
        } else if let predictionText, record != nil {
            // The reference harness logs a letter A–J or null; lm-eval logs "[invalid]" for no answer.
            throw fail(.invalidField, "pred \"\(predictionText)\" is not a letter A–J or null")
        }
        self.init(
            questionID: questionID, question: question, options: options, gold: gold, category: category,
            loggedPrediction: prediction, generatedText: generatedText)
    }
}
