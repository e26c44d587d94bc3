import Foundation

/// An artifact named in a statement: a name and the digests of its bytes (in-toto ResourceDescriptor, the fields
/// Lineage uses).
public struct ResourceDescriptor: Codable, Sendable, Hashable {
    /// The artifact's name: a path for files, a model id for declared models.
    public var name: String?
    /// A URI where the artifact can be found, when known.
    public var uri: String?
    /// Digests by algorithm name ("sha256"), lowercase hex.
    public var digest: [String: String]?

    /// Creates a descriptor.
    public init(name: String?, uri: String? = nil, digest: [String: String]? = nil) {
        self.name = name
        self.uri = uri
        self.digest = digest
    }

    /// The SHA-256 digest, when present.
    public var sha256: String? { digest?["sha256"] }
}

/// An in-toto Statement v1: the subjects (a model's files) and a typed predicate about them.
public struct Statement: Codable, Sendable, Hashable {
    /// The value of `_type` for Statement v1.
    public static let typeV1 = "https://in-toto.io/Statement/v1"
    /// The DSSE payload type of in-toto statements.
    public static let payloadType = "application/vnd.in-toto+json"

    /// Always ``typeV1``.
    public var type: String
    /// The artifacts the statement is about; each has a digest.
    public var subject: [ResourceDescriptor]
    /// A URI naming the predicate's schema.
    public var predicateType: String
    /// The predicate, as any JSON (see ``lineagePredicate`` for Lineage's own).
    public var predicate: JSONValue?

    enum CodingKeys: String, CodingKey {
        case type = "_type"
        case subject, predicateType, predicate
    }

    /// A statement with Lineage's predicate about `subject`.
    public init(subject: [ResourceDescriptor], predicate: LineagePredicate) throws(AttestationError) {
        self.type = Self.typeV1
        self.subject = subject
        self.predicateType = LineagePredicate.type
        do {
            self.predicate = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(predicate))
        } catch {
            throw AttestationError(.malformedStatement, "cannot encode the predicate: \(error)")
        }
    }

    /// Reads and checks a statement: `_type` is Statement v1, at least one subject, every subject has a digest, every
    /// SHA-256 digest is 64 lowercase hex digits, and a Lineage predicate follows its schema.
    public static func parse(_ data: Data, file: String? = nil) throws(AttestationError) -> Statement {
        let statement: Statement
        do {
            statement = try JSONDecoder().decode(Statement.self, from: data)
        } catch {
            throw AttestationError(.malformedStatement, file: file, "not an in-toto statement: \(describe(error))")
        }
        guard statement.type == typeV1 else {
            throw AttestationError(.malformedStatement, file: file, "_type is \"\(statement.type)\", not \(typeV1)")
        }
        guard !statement.subject.isEmpty else {
            throw AttestationError(.malformedStatement, file: file, "the subject list is empty")
        }
        for (index, subject) in statement.subject.enumerated() {
            guard let digest = subject.digest, !digest.isEmpty else {
                throw AttestationError(.malformedStatement, file: file, "subject \(index) has no digest")
            }
            try checkDigests(digest, what: "subject \(index)", file: file)
        }
        guard !statement.predicateType.isEmpty else {
            throw AttestationError(.malformedStatement, file: file, "predicateType is empty")
        }
        if statement.predicateType == LineagePredicate.type {
            let predicate = try statement.lineagePredicate(file: file)
            for item in predicate?.trainingData ?? [] {
                try checkDigests(item.digest ?? [:], what: "training data \(item.name ?? "")", file: file)
            }
        }
        return statement
    }

    /// Lineage's predicate, when `predicateType` is ``LineagePredicate/type``; nil for other predicate types.
    public func lineagePredicate(file: String? = nil) throws(AttestationError) -> LineagePredicate? {
        guard predicateType == LineagePredicate.type else { return nil }
        do {
            return try JSONDecoder().decode(
                LineagePredicate.self, from: JSONEncoder().encode(predicate ?? .object([:])))
        } catch {
            throw AttestationError(
                .malformedStatement, file: file,
                "predicate does not follow \(LineagePredicate.type): \(Self.describe(error))")
        }
    }

    /// The statement as JSON bytes with sorted keys: the payload that gets signed.
    public func serialized() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, arrays and objects cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }

    static func checkDigests(_ digest: [String: String], what: String, file: String?) throws(AttestationError) {
        if let sha256 = digest["sha256"], sha256.utf8.count != 64 || Hex.decode(sha256) == nil {
            throw AttestationError(.malformedStatement, file: file, "\(what): sha256 is not 64 lowercase hex digits")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing field \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let context): "invalid JSON (\(context.debugDescription))"
        default: "\(error)"
        }
    }
}
