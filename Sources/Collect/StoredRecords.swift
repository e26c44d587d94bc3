import Corpus
import Foundation

/// Identifies one answer: which model, which prompt, which sample.
public struct AnswerKey: Sendable, Hashable {
    /// The model name.
    public var model: String
    /// The prompt id.
    public var promptID: String
    /// The sample number (0 when the record has none).
    public var sample: Int

    /// Creates a key.
    public init(model: String, promptID: String, sample: Int) {
        self.model = model
        self.promptID = promptID
        self.sample = sample
    }
}

/// What an output file held when a run opened it.
public struct StoredRecords: Sendable {
    /// The answers present.
    public var answers: Set<AnswerKey> = []
    /// Answers that an earlier run recorded as failed and no run has collected since.
    public var failures: Set<AnswerKey> = []
    /// Earlier runs (their `run` metadata records).
    public var runs = 0
    /// Bytes cut off the end: a torn last line (0 when none).
    public var repairedBytes = 0
    /// True when the last line lacked only its line feed, which was added.
    public var completedLastLine = false

    /// Reads `contents`: returns the records, how many leading bytes to keep, and whether the kept bytes
    /// need a final line feed. A complete line that is not a JSON object is an error naming its line.
    static func scan(_ contents: [UInt8], file: String) throws(CollectError) -> (StoredRecords, Int, Bool) {
        var records = StoredRecords()
        let decoder = JSONDecoder()
        var start = 0
        var lineNumber = 0
        var keep = 0
        var complete = false
        while start < contents.count {
            lineNumber += 1
            let newline = contents[start...].firstIndex(of: 0x0A)
            let end = newline ?? contents.count
            let line = contents[start..<end]
            let blank = line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            let stored = blank ? nil : try? decoder.decode(StoredLine.self, from: Data(line))
            if newline == nil {
                // The last line has no line feed: a killed run's torn write, or a whole record whose line feed
                // was lost.
                if let stored {
                    records.add(stored)
                    keep = contents.count
                    complete = true
                    records.completedLastLine = true
                } else {
                    keep = start
                    records.repairedBytes = contents.count - start
                }
                break
            }
            if !blank {
                guard let stored else {
                    throw CollectError(
                        .damagedOutput, at: SourceLocation(file: file, line: lineNumber),
                        "the line is not a JSON record; only the last line of a file is repaired, fix or remove this one"
                    )
                }
                records.add(stored)
            }
            start = end + 1
            keep = start
        }
        records.failures.subtract(records.answers)
        return (records, keep, complete)
    }

    private mutating func add(_ line: StoredLine) {
        if let metadata = line.metadata {
            switch metadata.record {
            case "run": runs += 1
            case "failure":
                if let model = metadata.model, let id = metadata.promptID?.text {
                    failures.insert(AnswerKey(model: model, promptID: id, sample: metadata.sample ?? 0))
                }
            default: break
            }
            return
        }
        guard let model = line.model, let id = line.promptID?.text, line.output != nil else { return }
        answers.insert(AnswerKey(model: model, promptID: id, sample: line.sample ?? 0))
    }
}

/// The members of an output line that resuming needs.
private struct StoredLine: Decodable {
    var model: String?
    var promptID: Identifier?
    var sample: Int?
    var output: String?
    var metadata: Metadata?

    enum CodingKeys: String, CodingKey {
        case model, sample, output
        case promptID = "prompt_id"
        case metadata = "lineage_metadata"
    }

    struct Metadata: Decodable {
        var record: String?
        var model: String?
        var promptID: Identifier?
        var sample: Int?

        enum CodingKeys: String, CodingKey {
            case record, model, sample
            case promptID = "prompt_id"
        }
    }

    /// A prompt id written as a string or an integer.
    struct Identifier: Decodable {
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
}
