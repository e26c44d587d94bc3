import Corpus
import Crypto
import Fingerprint
import Foundation

/// Turns an upload (JSON Lines, an AlpacaEval array, or either gzip-compressed) into what the registry stores: the
/// model's outputs in one canonical JSON Lines form (every record names the model), gzip-compressed, and its profile.
enum ModelIntake {
    /// The longest model name accepted.
    static let maximumNameLength = 200

    /// Checks a model name: 1 to 200 characters, no control characters, no leading or trailing space.
    static func validateName(_ name: String) throws(ServiceError) {
        guard !name.isEmpty, name.count <= maximumNameLength else {
            throw .badRequest("invalid_name", "a model name has 1 to \(maximumNameLength) characters")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
            name.trimmingCharacters(in: .whitespaces) == name
        else {
            throw .badRequest(
                "invalid_name", "a model name has no control characters and no leading or trailing spaces")
        }
    }

    /// The hex SHA-256 of an upload's bytes, as stored with its model.
    static func digest(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Parses and profiles `bytes`. `name`, when given, names the model when the records do not, and must match
    /// them when they do. `file`, when the bytes are a file's (an import), is named in every error and names the
    /// model when neither the records nor `name` do, as `lineage profile` does. Gzip-compressed bytes may inflate to
    /// at most `inflatedLimit` bytes. `sha256`, when the caller has hashed `bytes` already, is their digest.
    static func prepare(
        bytes: [UInt8], name: String?, file: String? = nil, uploader: String, settings: ProfileSettings,
        inflatedLimit: Int, sha256 knownDigest: String? = nil
    ) throws(ServiceError) -> ModelUpload {
        /// A refusal; one about a file's content names the file.
        func refusal(_ code: String, _ message: String) -> ServiceError {
            .badRequest(code, file.map { "\($0): \(message)" } ?? message)
        }
        let source = file == nil ? "the upload" : "the file"
        guard !bytes.isEmpty else {
            throw refusal("empty_upload", file == nil ? "the request body is empty" : "the file is empty")
        }
        if let name { try validateName(name) }
        let label = file ?? name.map { Profile.fileName(for: $0).replacingOccurrences(of: ".json", with: ".jsonl") }
        let parsed: [ModelOutputs]
        do {
            parsed = try CorpusReader.parse(
                bytes: bytes, file: label ?? "upload.jsonl", options: ReadOptions(maximumInflatedBytes: inflatedLimit))
        } catch {
            // Corpus errors name the file and line themselves.
            throw .badRequest("malformed_upload", error.description)
        }
        guard parsed.count == 1, var outputs = parsed.first else {
            throw refusal(
                "several_models",
                "\(source) holds \(parsed.count) models (\(parsed.map(\.model).joined(separator: ", "))); "
                    + (file == nil ? "upload one model at a time" : "give one model per file"))
        }
        if let name, outputs.model != name {
            // A model named by the records must be the one the request names; one taken from the file label is.
            guard outputs.model == CorpusReader.modelName(fromPath: label ?? "") else {
                throw .badRequest(
                    "name_mismatch", "the records name the model \"\(outputs.model)\", the request names \"\(name)\"")
            }
            outputs.model = name
        }
        guard name != nil || file != nil || outputs.model != "upload" else {
            throw .badRequest("missing_name", "the records name no model: give it with ?name=")
        }
        do {
            try validateName(outputs.model)
        } catch {
            throw refusal(error.code, error.message)
        }
        guard !outputs.responses.isEmpty else { throw refusal("empty_upload", "\(source) holds no answers") }

        let canonical = canonicalLines(outputs)
        let sha256 = knownDigest ?? digest(bytes)
        let profile = try profileJSON(canonical: canonical, model: outputs.model, sha256: sha256, settings: settings)
        return ModelUpload(
            record: ModelRecord(
                name: outputs.model, uploadedBy: uploader, uploadedAt: Timestamp.now(),
                responses: outputs.responses.count, sha256: sha256, uploadBytes: bytes.count),
            profileJSON: profile, outputsGzip: Gzip.compress(canonical))
    }

    /// One JSON object per line: `{model, prompt_id, prompt, output}` (absent fields left out).
    static func canonicalLines(_ outputs: ModelOutputs) -> [UInt8] {
        var bytes: [UInt8] = []
        for response in outputs.responses {
            var json = JSONWriter(indent: 0)
            json.beginObject(singleLine: true)
            json.member("model", outputs.model)
            if let id = response.promptID { json.member("prompt_id", id) }
            if let prompt = response.prompt { json.member("prompt", prompt) }
            json.member("output", response.text)
            json.endObject()
            bytes.append(contentsOf: json.bytes)
            bytes.append(0x0A)
        }
        return bytes
    }

    /// The model's profile as `lineage profile` computes it on this upload alone.
    static func profileJSON(
        canonical: [UInt8], model: String, sha256: String, settings: ProfileSettings
    ) throws(ServiceError) -> String {
        do {
            return try Workspace.with { directory in
                let file = (directory as NSString).appendingPathComponent("outputs.jsonl")
                try Data(canonical).write(to: URL(fileURLWithPath: file))
                var profile = try Fingerprinting.run(inputs: [file], settings: settings).profiles[0]
                profile.sources = profile.sources.map {
                    SourceFile(path: "upload", sha256: sha256, format: $0.format, records: $0.records, skipped: 0)
                }
                return profile.jsonText()
            }
        } catch let error as CorpusError {
            throw .badRequest("malformed_upload", error.description)
        } catch {
            throw ServiceError(.internalServerError, "profile_failed", "\(error)")
        }
    }
}

/// A temporary directory that lives for one piece of work.
enum Workspace {
    /// Runs `body` with a new empty directory, removed afterwards.
    static func with<T>(_ body: (String) throws -> T) throws -> T {
        let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("lineage-serve-\(UUID())")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try body(directory)
    }

    /// Writes each model's stored (gzip) outputs to `directory` as `<n>.jsonl.gz`.
    static func write(outputs: [String: Data], to directory: String) throws {
        for (index, name) in outputs.keys.sorted().enumerated() {
            let file = (directory as NSString).appendingPathComponent("\(index).jsonl.gz")
            try outputs[name]!.write(to: URL(fileURLWithPath: file))
        }
    }
}

/// Runs blocking, CPU-bound work on a Dispatch thread so that it does not hold a Swift concurrency thread.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
