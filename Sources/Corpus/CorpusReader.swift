import Crypto
import Foundation

/// How strictly the readers treat bad records.
public struct ReadOptions: Sendable, Hashable {
    /// Skip bad records (and say how many) instead of failing on the first one.
    public var lenient: Bool
    /// The most bytes a gzip-compressed file may inflate to (nil: no limit); more is a `.limitExceeded` error, so
    /// that a small "gzip bomb" cannot exhaust memory.
    public var maximumInflatedBytes: Int?

    /// Creates options; strict and without an inflation limit by default.
    public init(lenient: Bool = false, maximumInflatedBytes: Int? = nil) {
        self.lenient = lenient
        self.maximumInflatedBytes = maximumInflatedBytes
    }
}

/// Reads model outputs from files in any of the supported formats.
public enum CorpusReader {
    /// The input files named by `paths`: files as given, directories searched recursively for
    /// `.jsonl`, `.json` and their `.gz` forms, in a stable (sorted) order.
    public static func inputFiles(_ paths: [String]) throws(CorpusError) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CorpusError(.unreadableFile, at: SourceLocation(file: path), "no such file or directory")
            }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            guard let walker = manager.enumerator(atPath: path) else {
                throw CorpusError(.unreadableFile, at: SourceLocation(file: path), "the directory cannot be listed")
            }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                let full = (path as NSString).appendingPathComponent(relative)
                var isDir: ObjCBool = false
                let exists = manager.fileExists(atPath: full, isDirectory: &isDir)
                if name.hasPrefix(".") {
                    // Hidden files and whole hidden directories (.git, .venv, .cache) are not inputs.
                    if isDir.boolValue { walker.skipDescendants() }
                    continue
                }
                if exists, !isDir.boolValue, isOutputFileName(name) { found.append(full) }
            }
            files.append(contentsOf: found.sorted())
        }
        guard !files.isEmpty else {
            throw CorpusError(
                .noInput, at: SourceLocation(file: paths.joined(separator: ", ")), "no .jsonl or .json files found")
        }
        return files
    }

    /// Throws for the first model, by name, none of whose files held an answer (a collect run stopped before its
    /// first answer, a file of metadata only): such a model would enter profiles and comparisons as one that
    /// answered nothing. `sources` are each model's input files.
    public static func requireAnswers(_ sources: [String: [SourceFile]]) throws(CorpusError) {
        for model in sources.keys.sorted() where sources[model]!.allSatisfy({ $0.records == 0 }) {
            let files = sources[model]!.map(\.path)
            throw CorpusError(
                .noAnswers, at: SourceLocation(file: files.joined(separator: ", ")),
                "model \"\(model)\": not one output record was read")
        }
    }

    /// True for names the directory walk picks up as model-output files.
    static func isOutputFileName(_ name: String) -> Bool {
        let lower = name.lowercased()
        let suffixes = [".jsonl", ".jsonl.gz", ".json", ".json.gz"]
        guard suffixes.contains(where: { lower.hasSuffix($0) }) else { return false }
        // Metadata beside the outputs, not outputs.
        return !["labels.json", "package.json"].contains(lower)
    }

    /// Reads one file and returns the outputs of every model it holds, in order of first appearance.
    public static func read(file: String, options: ReadOptions = ReadOptions()) throws(CorpusError) -> [ModelOutputs] {
        let stored = try contents(of: file)
        return try parse(bytes: stored, file: file, sha256: sha256(bytes: stored), options: options)
    }

    /// SHA-256 of a file's bytes, lowercase hex.
    public static func sha256(of path: String) throws(CorpusError) -> String {
        sha256(bytes: try contents(of: path))
    }

    /// The bytes of `file` as stored on disk.
    static func contents(of file: String) throws(CorpusError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: file), options: .mappedIfSafe))
        } catch {
            throw CorpusError.unreadable(file, error)
        }
    }

    /// SHA-256 of `bytes`, lowercase hex.
    public static func sha256(bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The text bytes of a stored file: inflated when gzip-compressed (to at most `inflatedLimit` bytes), without
    /// a leading UTF-8 byte order mark. An empty stored file is an error.
    public static func payload(of stored: [UInt8], file: String, inflatedLimit: Int? = nil) throws(CorpusError)
        -> [UInt8]
    {
        guard !stored.isEmpty else {
            throw CorpusError(.emptyFile, at: SourceLocation(file: file), "the file has no content")
        }
        let bytes =
            Gunzip.isGzip(stored)
            ? try Gunzip.decompress(stored, file: file, limit: inflatedLimit ?? .max) : stored
        return bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    }

    /// Parses the bytes of one file (gzip-compressed or not) named `file` in messages.
    public static func parse(
        bytes stored: [UInt8], file: String, sha256: String = "", options: ReadOptions = ReadOptions()
    ) throws(CorpusError) -> [ModelOutputs] {
        let bytes = try payload(of: stored, file: file, inflatedLimit: options.maximumInflatedBytes)
        let detected: InputFormat? = bytes.withUnsafeBufferPointer { InputFormat.detect($0) }
        guard let format = detected else {
            if bytes.allSatisfy(InputFormat.isBlank) {
                throw CorpusError(.emptyFile, at: SourceLocation(file: file), "the file holds only white space")
            }
            throw CorpusError(
                .unknownFormat, at: SourceLocation(file: file, line: 1),
                "expected JSON Lines records or a JSON array of records")
        }
        if format == .jsonLines || format == .slopForensics,
            let problem = wrongDocumentProblem(bytes, file: file)
        {
            throw problem
        }
        var collector = RecordCollector(file: file, lenient: options.lenient)
        switch format {
        case .jsonLines, .slopForensics:
            try RecordDecoding.decodeLines(bytes, file: file, into: &collector)
        case .alpacaEval:
            try RecordDecoding.decodeArray(bytes, file: file, into: &collector)
        case .slopForensicsProfiles, .lineageProfile:
            throw CorpusError(.unknownFormat, at: SourceLocation(file: file), "a profile file is not model outputs")
        }
        return collector.outputs(format: format, sha256: sha256)
    }

    /// The model name implied by a file's path when its records name none.
    public static func modelName(fromPath path: String) -> String {
        let url = URL(fileURLWithPath: path)
        var name = url.lastPathComponent
        for suffix in [".gz", ".jsonl", ".json"] where name.lowercased().hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
        }
        if name == "model_outputs" {
            // AlpacaEval keeps results/<MODEL>/model_outputs.json.
            name = url.deletingLastPathComponent().lastPathComponent
        }
        if name.hasPrefix("generated_") { name = String(name.dropFirst("generated_".count)) }
        return name.replacingOccurrences(of: "__", with: "/")
    }
}

/// Groups decoded records by model, checks duplicates, and keeps skipped-record reasons.
struct RecordCollector {
    let file: String
    let lenient: Bool
    private var order: [String] = []
    private var responses: [String: [Response]] = [:]
    private var seen: [String: Set<String>] = [:]
    private var skipped: [String: [CorpusError]] = [:]
    private var skippedWithoutModel: [CorpusError] = []
    private lazy var fallbackModel = CorpusReader.modelName(fromPath: file)

    init(file: String, lenient: Bool) {
        self.file = file
        self.lenient = lenient
    }

    /// Records a problem: thrown in strict mode, remembered in lenient mode.
    mutating func problem(_ error: CorpusError) throws(CorpusError) {
        guard lenient else { throw error }
        skippedWithoutModel.append(error)
    }

    mutating func add(_ record: RawRecord, at location: SourceLocation) throws(CorpusError) {
        if record.isMetadata { return }
        let model = record.model ?? fallbackModel
        if responses[model] == nil {
            order.append(model)
            responses[model] = []
        }
        if let id = record.promptID {
            let key = record.sample.map { "\(id)\u{1F}\($0)" } ?? id
            if !seen[model, default: []].insert(key).inserted {
                let sample = record.sample.map { " sample \($0)" } ?? ""
                let error = CorpusError(
                    .duplicatePromptID, at: location,
                    "prompt id \"\(id)\"\(sample) appears twice for model \"\(model)\"")
                guard lenient else { throw error }
                skipped[model, default: []].append(error)
                return
            }
        }
        responses[model]!.append(Response(promptID: record.promptID, prompt: record.prompt, text: record.output))
    }

    mutating func outputs(format: InputFormat, sha256: String) -> [ModelOutputs] {
        let orphanSkips = skippedWithoutModel
        if order.isEmpty {
            return [
                ModelOutputs(
                    model: fallbackModel, file: file, responses: [], format: format, skipped: orphanSkips,
                    sha256: sha256)
            ]
        }
        return order.enumerated().map { index, model in
            ModelOutputs(
                model: model, file: file, responses: responses[model] ?? [], format: format,
                skipped: (index == 0 ? orphanSkips : []) + (skipped[model] ?? []), sha256: sha256)
        }
    }
}
