import Corpus
import Foundation

/// Lineage labels for a corpus: candidate teachers, distilled students, human-data controls, families.
///
/// Reads the schema of `alpacaeval-dev/labels.json`; unknown keys are ignored.
public struct LineageLabels: Sendable, Hashable, Decodable {
    /// A distilled student and its acceptable teachers, most likely first.
    public struct Student: Sendable, Hashable, Decodable {
        /// The student model.
        public var student: String
        /// Its acceptable teachers, most likely first.
        public var teachers: [String]
        /// How sure the label is (`high`, `medium`, …), when given.
        public var confidence: String?

        /// Creates a student label.
        public init(student: String, teachers: [String], confidence: String? = nil) {
            self.student = student
            self.teachers = teachers
            self.confidence = confidence
        }
    }

    /// A model trained on human-written data only.
    public struct Control: Sendable, Hashable, Decodable {
        /// The control model.
        public var model: String
        /// How sure the label is, when given.
        public var confidence: String?

        /// Creates a control label.
        public init(model: String, confidence: String? = nil) {
            self.model = model
            self.confidence = confidence
        }
    }

    /// Candidate teachers.
    public var teachers: [String]
    /// Distilled students.
    public var distilled: [Student]
    /// Negative controls.
    public var humanData: [Control]
    /// Vendor/base family of each model, e.g. `openai/gpt-4`.
    public var families: [String: String]

    enum CodingKeys: String, CodingKey {
        case teachers, distilled, families
        case humanData = "human_data"
    }

    /// Creates labels.
    public init(teachers: [String], distilled: [Student], humanData: [Control], families: [String: String]) {
        self.teachers = teachers
        self.distilled = distilled
        self.humanData = humanData
        self.families = families
    }

    /// Reads labels; only `teachers` is required (a file without students, controls or families evaluates what
    /// it has: without families, a teacher is its own vendor and family).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        teachers = try container.decode([String].self, forKey: .teachers)
        distilled = try container.decodeIfPresent([Student].self, forKey: .distilled) ?? []
        humanData = try container.decodeIfPresent([Control].self, forKey: .humanData) ?? []
        families = try container.decodeIfPresent([String: String].self, forKey: .families) ?? [:]
    }

    /// Reads a label file.
    public static func load(path: String) throws -> LineageLabels {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw AttributionError("\(path): unreadable file: \(FileProblem.reason(error))")
        }
        do {
            return try JSONDecoder().decode(LineageLabels.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw AttributionError(
                "\(path): label file lacks \"\(key.stringValue)\" at \(Self.path(context.codingPath))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw AttributionError("\(path): wrong type at \(Self.path(context.codingPath))")
        } catch {
            throw AttributionError("\(path): not a label file: \(error)")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    /// The vendor of `model`: its family up to the first `/` (e.g. `openai`); a model without a family is its
    /// own vendor (keyed apart from labelled vendors, so an unlabelled model named like a vendor is not one of it).
    public func vendor(of model: String) -> String {
        guard let family = families[model] else { return "unlabelled model: " + model }
        return String(family.split(separator: "/", maxSplits: 1).first ?? Substring(family))
    }

    /// The family of `model` (e.g. `openai/gpt-4`); a model without one is its own family.
    public func family(of model: String) -> String { families[model] ?? model }
}
