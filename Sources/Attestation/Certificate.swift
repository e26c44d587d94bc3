import Foundation

/// Lineage certificates: in-toto statements about a model, signed in a DSSE envelope with Ed25519.
public enum Certificate {
    /// What goes into a certificate made from files on disk.
    public struct Claims: Sendable {
        /// The model's files (weights, config, tokenizer); each becomes a subject with its SHA-256.
        public var modelFiles: [String]
        /// Declared base model ids.
        public var baseModels: [String]
        /// Declared teacher model ids.
        public var teachers: [String]
        /// Training data files.
        public var dataFiles: [String]
        /// Raw evaluation logs.
        public var evaluationLogs: [String]
        /// A Lineage report file to attach by digest.
        public var analysisReport: String?

        /// Creates the claims.
        public init(
            modelFiles: [String], baseModels: [String] = [], teachers: [String] = [], dataFiles: [String] = [],
            evaluationLogs: [String] = [], analysisReport: String? = nil
        ) {
            self.modelFiles = modelFiles
            self.baseModels = baseModels
            self.teachers = teachers
            self.dataFiles = dataFiles
            self.evaluationLogs = evaluationLogs
            self.analysisReport = analysisReport
        }
    }

    /// The statement for `claims`, with the digests of every file named.
    public static func statement(for claims: Claims) throws(AttestationError) -> Statement {
        var subjects: [ResourceDescriptor] = []
        for path in claims.modelFiles {
            subjects.append(ResourceDescriptor(name: path, digest: ["sha256": try FileDigest.sha256(path: path)]))
        }
        var data: [ResourceDescriptor] = []
        for path in claims.dataFiles {
            data.append(ResourceDescriptor(name: path, digest: ["sha256": try FileDigest.sha256(path: path)]))
        }
        var evaluations: [EvaluationLog] = []
        for path in claims.evaluationLogs { evaluations.append(try EvaluationLog.measure(path: path)) }
        var report: ResourceDescriptor?
        if let path = claims.analysisReport {
            report = ResourceDescriptor(name: path, digest: ["sha256": try FileDigest.sha256(path: path)])
        }
        let predicate = LineagePredicate(
            baseModels: claims.baseModels.map { ResourceDescriptor(name: $0) },
            teachers: claims.teachers.map { ResourceDescriptor(name: $0) }, trainingData: data,
            evaluations: evaluations, analysisReport: report)
        return try Statement(subject: subjects, predicate: predicate)
    }

    /// Signs a statement's bytes, unchanged, after checking that they are a valid statement.
    public static func sign(statementBytes: Data, key: SigningKey, file: String? = nil) throws(AttestationError)
        -> Envelope
    {
        _ = try Statement.parse(statementBytes, file: file)
        return try Envelope.sign(payload: statementBytes, payloadType: Statement.payloadType, key: key)
    }

    /// One check made by ``verify(envelopeBytes:key:files:baseDirectory:file:)``.
    public struct Check: Sendable, Hashable {
        /// What was checked ("signature", "subject model.safetensors").
        public var name: String
        /// Whether it held.
        public var passed: Bool
        /// The evidence or the reason it failed.
        public var detail: String
    }

    /// The outcome of verifying a certificate: every check, passed or not.
    public struct Verification: Sendable {
        /// The checks in order.
        public var checks: [Check]
        /// The statement, when the signature verified and it parsed.
        public var statement: Statement?
        /// True when every check passed.
        public var passed: Bool { !checks.isEmpty && checks.allSatisfy(\.passed) }
        /// The failed checks.
        public var failures: [Check] { checks.filter { !$0.passed } }
    }

    /// Verifies a certificate: the envelope's form, the payload type, the Ed25519 signature over the DSSE
    /// pre-authentication encoding, the statement's form, and every digest it declares against the file on disk.
    ///
    /// A file is looked for among `files` (same path or same last path component), then at its name relative to
    /// the current directory, then relative to `baseDirectory`. A file that cannot be found fails its check.
    public static func verify(
        envelopeBytes: Data, key: VerifyingKey, files: [String] = [], baseDirectory: String? = nil,
        file: String? = nil
    ) -> Verification {
        var checks: [Check] = []
        let envelope: Envelope
        do {
            envelope = try Envelope.parse(envelopeBytes, file: file)
        } catch {
            return Verification(checks: [Check(name: "envelope", passed: false, detail: error.description)])
        }
        checks.append(
            Check(
                name: "payload type", passed: envelope.payloadType == Statement.payloadType,
                detail: "\(envelope.payloadType)"))
        let payload: Data
        do {
            payload = try envelope.verifiedPayload(key: key, file: file)
            checks.append(Check(name: "signature", passed: true, detail: "Ed25519 by key \(key.keyID)"))
        } catch {
            checks.append(Check(name: "signature", passed: false, detail: error.description))
            return Verification(checks: checks)
        }
        let statement: Statement
        let predicate: LineagePredicate?
        do {
            statement = try Statement.parse(payload, file: file)
            predicate = try statement.lineagePredicate(file: file)
            checks.append(Check(name: "statement", passed: true, detail: statement.predicateType))
        } catch {
            checks.append(Check(name: "statement", passed: false, detail: error.description))
            return Verification(checks: checks)
        }
        let locator = FileLocator(files: files, baseDirectory: baseDirectory)
        for subject in statement.subject {
            checks.append(checkDigest(subject, label: "subject", locator: locator))
        }
        if let predicate {
            for data in predicate.trainingData {
                checks.append(checkDigest(data, label: "training data", locator: locator))
            }
            for log in predicate.evaluations {
                checks.append(checkEvaluation(log, locator: locator))
            }
            if let report = predicate.analysisReport {
                checks.append(checkDigest(report, label: "analysis report", locator: locator))
            }
        }
        return Verification(checks: checks, statement: statement)
    }

    static func checkDigest(_ descriptor: ResourceDescriptor, label: String, locator: FileLocator) -> Check {
        let name = descriptor.name ?? "_"
        guard let expected = descriptor.sha256 else {
            return Check(name: "\(label) \(name)", passed: false, detail: "no sha256 digest to check")
        }
        guard let path = locator.locate(name) else {
            return Check(name: "\(label) \(name)", passed: false, detail: "file not found (give it with --files)")
        }
        do {
            let actual = try FileDigest.sha256(path: path)
            return Check(
                name: "\(label) \(name)", passed: actual == expected,
                detail: actual == expected
                    ? "sha256 \(actual)" : "\(path): sha256 is \(actual), statement says \(expected)")
        } catch {
            return Check(name: "\(label) \(name)", passed: false, detail: error.description)
        }
    }

    static func checkEvaluation(_ log: EvaluationLog, locator: FileLocator) -> Check {
        let label = "evaluation log \(log.name)"
        guard let path = locator.locate(log.name) else {
            return Check(name: label, passed: false, detail: "file not found (give it with --files)")
        }
        do {
            let actual = try EvaluationLog.measure(path: path, name: log.name)
            if actual.digest["sha256"] != log.digest["sha256"] {
                return Check(
                    name: label, passed: false,
                    detail:
                        "\(path): sha256 is \(actual.digest["sha256"] ?? ""), statement says \(log.digest["sha256"] ?? "")"
                )
            }
            if actual.merkleRoot != log.merkleRoot || actual.records != log.records {
                return Check(
                    name: label, passed: false,
                    detail:
                        "\(path): Merkle root \(actual.merkleRoot) over \(actual.records) lines, statement says \(log.merkleRoot) over \(log.records)"
                )
            }
            return Check(
                name: label, passed: true,
                detail:
                    "sha256 \(actual.digest["sha256"] ?? ""), Merkle root \(actual.merkleRoot) over \(actual.records) lines"
            )
        } catch {
            return Check(name: label, passed: false, detail: error.description)
        }
    }
}

/// Finds the file on disk that a statement's name refers to.
struct FileLocator {
    var files: [String]
    var baseDirectory: String?

    func locate(_ name: String) -> String? {
        if let exact = files.first(where: { $0 == name }) { return exact }
        let last = (name as NSString).lastPathComponent
        if let same = files.first(where: { ($0 as NSString).lastPathComponent == last }) { return same }
        if FileManager.default.fileExists(atPath: name) { return name }
        if let baseDirectory, !name.hasPrefix("/") {
            let candidate = (baseDirectory as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }
}
