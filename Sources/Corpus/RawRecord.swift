/// One decoded input record before it is attached to a model.
struct RawRecord {
    var model: String?
    var promptID: String?
    var prompt: String?
    var output: String
    var sample: Int?
    var isMetadata: Bool

    /// Builds a record from an object's members.
    ///
    /// Recognised names: `model`/`generator`, `prompt_id`/`id`, `prompt`/`instruction`, `output`, `sample`;
    /// a record with a `lineage_metadata` member describes a collection run and holds no response.
    init(members: [(key: String, value: ScannedValue)]) throws(RecordProblem) {
        var model: ScannedValue?
        var generator: ScannedValue?
        var promptID: ScannedValue?
        var id: ScannedValue?
        var prompt: ScannedValue?
        var instruction: ScannedValue?
        var output: ScannedValue?
        var sample: ScannedValue?
        var isMetadata = false
        for (key, value) in members {
            switch key {
            case "model": model = value
            case "generator": generator = value
            case "prompt_id": promptID = value
            case "id": id = value
            case "prompt": prompt = value
            case "instruction": instruction = value
            case "output": output = value
            case "sample": sample = value
            case "lineage_metadata": isMetadata = true
            default: continue
            }
        }
        self.isMetadata = isMetadata
        self.model = try Self.text(model.map { ("model", $0) } ?? generator.map { ("generator", $0) })
        self.promptID = try Self.identifier(promptID.map { ("prompt_id", $0) } ?? id.map { ("id", $0) })
        self.prompt = try Self.text(prompt.map { ("prompt", $0) } ?? instruction.map { ("instruction", $0) })
        switch sample {
        case nil, .null?: self.sample = nil
        case .integer(let value)?: self.sample = value
        case let other?: throw .wrongType("sample", expected: "an integer", found: other.kindName)
        }
        if isMetadata {
            self.output = ""
            return
        }
        switch output {
        case nil: throw .missing("output")
        case .string(let text)?: self.output = text
        case let other?: throw .wrongType("output", expected: "a string", found: other.kindName)
        }
    }

    private static func text(_ member: (String, ScannedValue)?) throws(RecordProblem) -> String? {
        guard let (name, value) = member else { return nil }
        switch value {
        case .null: return nil
        case .string(let text): return text
        default: throw .wrongType(name, expected: "a string", found: value.kindName)
        }
    }

    private static func identifier(_ member: (String, ScannedValue)?) throws(RecordProblem) -> String? {
        guard let (name, value) = member else { return nil }
        switch value {
        case .null: return nil
        case .string(let text): return text
        case .integer(let number): return String(number)
        default: throw .wrongType(name, expected: "a string or an integer", found: value.kindName)
        }
    }
}

/// Why a single record could not be used.
enum RecordProblem: Error {
    case missing(String)
    case wrongType(String, expected: String, found: String)

    func error(at location: SourceLocation) -> CorpusError {
        switch self {
        case .missing(let field):
            CorpusError(.missingField, at: location, "the record has no \"\(field)\" field")
        case .wrongType(let field, let expected, let found):
            CorpusError(.wrongFieldType, at: location, "\"\(field)\" must be \(expected), found \(found)")
        }
    }
}
