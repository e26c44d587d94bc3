import Corpus

/// The members of one JSON object of a log, read with errors that name the file, the record (array index
/// or line) and the field.
struct LogFields {
    /// The object's members.
    var value: JSONValue
    /// The object's path from the record, e.g. "doc." (empty for the record itself).
    var path: String
    var file: String
    var record: Int?
    var line: Int?

    /// The record at array index `record` or on line `line` of `file`; an error unless it is an object.
    init(record value: JSONValue, file: String, record: Int?, line: Int?) throws(BenchAuditError) {
        self.value = value
        path = ""
        self.file = file
        self.record = record
        self.line = line
        guard case .object = value else {
            throw BenchAuditError(.invalidField, file: file, record: record, line: line, "the record is not an object")
        }
    }

    private init(member value: JSONValue, path: String, of parent: LogFields) {
        self.value = value
        self.path = path
        file = parent.file
        record = parent.record
        line = parent.line
    }

    private func fail(_ kind: BenchAuditError.Kind, _ detail: String) -> BenchAuditError {
        BenchAuditError(kind, file: file, record: record, line: line, detail)
    }

    /// Member `key`, or nil when it is absent or null.
    private func present(_ key: String) -> JSONValue? {
        guard let member = value[key], !member.isNull else { return nil }
        return member
    }

    /// Member `key`, which must be present and not null.
    private func required(_ key: String, expected: String) throws(BenchAuditError) -> JSONValue {
        guard let member = value[key] else { throw fail(.missingField, "no \(path)\(key)") }
        guard !member.isNull else { throw fail(.missingField, "\(path)\(key) is null, expected \(expected)") }
        return member
    }

    private func mismatch(_ key: String, _ expected: String, _ found: JSONValue) -> BenchAuditError {
        fail(.invalidField, "\(path)\(key) is not \(expected) but \(found.kindName)")
    }

    /// A string member that must be there.
    func string(_ key: String) throws(BenchAuditError) -> String {
        let member = try required(key, expected: "a string")
        guard let text = member.string else { throw mismatch(key, "a string", member) }
        return text
    }

    /// A string member that may be absent or null.
    func optionalString(_ key: String) throws(BenchAuditError) -> String? {
        guard let member = present(key) else { return nil }
        guard let text = member.string else { throw mismatch(key, "a string", member) }
        return text
    }

    /// An integer member that may be absent or null.
    func optionalInteger(_ key: String) throws(BenchAuditError) -> Int? {
        guard let member = present(key) else { return nil }
        guard let number = member.integer else { throw mismatch(key, "an integer", member) }
        return number
    }

    /// A member that is a string or an integer (question ids come as either), as text; nil when absent or null.
    func optionalIdentifier(_ key: String) throws(BenchAuditError) -> String? {
        guard let member = present(key) else { return nil }
        switch member {
        case .string(let text): return text
        case .integer(let number): return String(number)
        default: throw mismatch(key, "a string or an integer", member)
        }
    }

    /// A member that is a string or an integer, as text; it must be there.
    func identifier(_ key: String) throws(BenchAuditError) -> String {
        _ = try required(key, expected: "a string or an integer")
        return try optionalIdentifier(key)!
    }

    /// A member that is an array of strings.
    func strings(_ key: String) throws(BenchAuditError) -> [String] {
        let member = try required(key, expected: "an array of strings")
        guard let elements = member.array else { throw mismatch(key, "an array", member) }
        var texts: [String] = []
        texts.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard let text = element.string else { throw mismatch("\(key)[\(index)]", "a string", element) }
            texts.append(text)
        }
        return texts
    }

    /// A member that is a string, or a list whose first element is (recursively) one, as lm-eval logs
    /// responses; nil when absent, null or an empty list.
    func firstString(_ key: String) throws(BenchAuditError) -> String? {
        var member = present(key)
        var place = key
        while let current = member {
            switch current {
            case .string(let text): return text
            case .null: return nil
            case .array(let elements):
                member = elements.first
                place += "[0]"
            default: throw mismatch(place, "a string or a list of strings", current)
            }
        }
        return nil
    }

    /// A member that is an object, which must be there.
    func object(_ key: String) throws(BenchAuditError) -> LogFields {
        let member = try required(key, expected: "an object")
        guard case .object = member else { throw mismatch(key, "an object", member) }
        return LogFields(member: member, path: "\(path)\(key).", of: self)
    }
}

extension EvalRecord {
    /// Reads a record of an MMLU-Pro log as the reference harness writes it (fields the audit does not use
    /// are ignored) and checks it.
    init(mmluPro fields: LogFields) throws(BenchAuditError) {
        let questionID = try fields.identifier("question_id")
        try self.init(
            questionID: questionID, question: try fields.string("question"), options: try fields.strings("options"),
            goldText: try fields.string("answer"), goldIndex: nil,
            category: try fields.optionalString("category") ?? "",
            predictionText: try fields.optionalString("pred"), generatedText: try fields.string("generated_text"),
            predictionIsLetterOrNull: true, file: fields.file, record: fields.record, line: fields.line)
    }

    /// Reads a line of an lm-evaluation-harness `samples_<task>_<time>.jsonl` file and checks it (see the
    /// README for the field mapping).
    init(lmEval fields: LogFields) throws(BenchAuditError) {
        let docID = try fields.identifier("doc_id")
        let doc = try fields.object("doc")
        let questionID = try doc.optionalIdentifier("question_id") ?? docID
        let question = try doc.string("question")
        let options = try doc.strings("options")
        var gold = try doc.optionalString("answer")
        if gold == nil { gold = try fields.optionalIdentifier("target") }
        let goldIndex = try doc.optionalInteger("answer_index")
        let category = try doc.optionalString("category") ?? ""
        guard let generated = try fields.firstString("resps") else {
            throw BenchAuditError(.missingField, file: fields.file, line: fields.line, "resps holds no generated text")
        }
        try self.init(
            questionID: questionID, question: question, options: options, goldText: gold, goldIndex: goldIndex,
            category: category, predictionText: try fields.firstString("filtered_resps"), generatedText: generated,
            predictionIsLetterOrNull: false, file: fields.file, record: nil, line: fields.line)
    }
    private init(
        questionID: String, question: String, options: [String], goldText: String?, goldIndex: Int?,
        category: String, predictionText: String?, generatedText: String, predictionIsLetterOrNull: Bool,
        file: String, record: Int?, line: Int?
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
        } else if let predictionText, predictionIsLetterOrNull {
            // The reference harness logs a letter A–J or null; lm-eval logs "[invalid]" for no answer.
            throw fail(.invalidField, "pred \"\(predictionText)\" is not a letter A–J or null")
        }
        self.init(
            questionID: questionID, question: question, options: options, gold: gold, category: category,
            loggedPrediction: prediction, generatedText: generatedText)
    }
}
