import Corpus
import Foundation
import ZIPFoundation

/// Reads per-question evaluation logs: MMLU-Pro's JSON array (plain, gzip, or the published
/// `model_outputs_<MODEL>_5shots.zip`) and lm-evaluation-harness `samples_*.jsonl` files.
///
/// The format is told by the content (gzip and zip by their magic numbers, then `[` for a JSON array and
/// `{` for JSON Lines), not by the file name.
public enum LogReader {
    /// Reads the log at `path`.
    ///
    /// With `allowDuplicates` false, a question id seen twice is an error naming both record indices;
    /// with it true, duplicates are kept in file order (see ``EvalLog/duplicates``).
    public static func read(path: String, allowDuplicates: Bool = false) throws(BenchAuditError) -> EvalLog {
        let bytes = [UInt8](try contents(of: path))
        let log = EvalLog(
            model: modelName(path: path), file: path, records: try records(bytes: bytes, file: path))
        guard !log.records.isEmpty else { throw BenchAuditError(.emptyLog, file: path, "no records") }
        if !allowDuplicates, let first = log.duplicates.first {
            throw BenchAuditError(
                .duplicateQuestionID, file: path, record: first.records[1],
                "question \(first.questionID) already at record \(first.records[0])")
        }
        return log
    }

    /// Reads several logs concurrently, in the order given.
    public static func read(paths: [String], allowDuplicates: Bool = false) throws(BenchAuditError) -> [EvalLog] {
        let results = ConcurrentMap.run(paths) { path in
            Result { () throws(BenchAuditError) in try read(path: path, allowDuplicates: allowDuplicates) }
        }
        return try results.map { result throws(BenchAuditError) in try result.get() }
    }

    /// The bytes of the file at `path`; a missing path, a directory or an unreadable file is an error saying which.
    static func contents(of path: String) throws(BenchAuditError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BenchAuditError(.unreadableFile, file: path, "no such file or directory")
        }
        guard !isDirectory.boolValue else {
            throw BenchAuditError(.unreadableFile, file: path, "is a directory, expected a file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw BenchAuditError(.unreadableFile, file: path, "permission denied")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw BenchAuditError(
                .unreadableFile, file: path,
                "cannot be read: \((error as NSError).localizedFailureReason ?? "\(error)")")
        }
    }

    /// `path` made absolute, with symbolic links, `.` and `..` resolved, so that two spellings of one file match.
    static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The model a log belongs to, from its path: `model_outputs_<MODEL>_5shots.zip` → MODEL,
    /// `<MODEL>.json.gz` → MODEL, `<MODEL>/samples_<task>_<time>.jsonl` → MODEL.
    public static func modelName(path: String) -> String {
        let url = URL(fileURLWithPath: path)
        var name = url.lastPathComponent
        if name.hasPrefix("samples_") {
            let parent = url.deletingLastPathComponent().lastPathComponent
            if !parent.isEmpty && parent != "." && parent != "/" { return parent }
        }
        for suffix in [".gz", ".zip", ".jsonl", ".json"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        if name.hasPrefix("model_outputs_") { name.removeFirst("model_outputs_".count) }
        if let range = name.range(of: #"_\d+shots$"#, options: .regularExpression) { name.removeSubrange(range) }
        return name
    }

    /// The records of a log held in memory (possibly gzip- or zip-compressed).
    public static func records(bytes: [UInt8], file: String) throws(BenchAuditError) -> [EvalRecord] {
        if Gunzip.isGzip(bytes) {
            let inflated: [UInt8]
            do {
                inflated = try Gunzip.decompress(bytes, file: file)
            } catch {
                throw BenchAuditError(.unreadableFile, file: file, "\(error.kind.rawValue): \(error.detail)")
            }
            return try records(bytes: inflated, file: file)
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try zipRecords(bytes: bytes, file: file) }
        switch bytes.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) {
        case UInt8(ascii: "["): return try arrayRecords(bytes: bytes, file: file)
        case UInt8(ascii: "{"): return try lineRecords(bytes: bytes, file: file)
        case nil: throw BenchAuditError(.emptyLog, file: file, "the file is empty")
        default:
            throw BenchAuditError(
                .malformedJSON, file: file, "neither a JSON array of records nor JSON Lines (first byte is not [ or {)")
        }
    }

    /// The records of every `.json` member of a zip archive, members in archive order.
    static func zipRecords(bytes: [UInt8], file: String) throws(BenchAuditError) -> [EvalRecord] {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw BenchAuditError(.unreadableFile, file: file, "not a readable zip archive: \(error)")
        }
        var all: [EvalRecord] = []
        var members = 0
        for entry in archive where entry.type == .file {
            let name = entry.path
            let base = (name as NSString).lastPathComponent
            guard name.hasSuffix(".json"), !name.hasPrefix("__MACOSX/"), !base.hasPrefix(".") else { continue }
            var member = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { member.append($0) }
            } catch {
                throw BenchAuditError(.unreadableFile, file: "\(file)/\(name)", "cannot extract: \(error)")
            }
            all += try arrayRecords(bytes: [UInt8](member), file: "\(file)/\(name)")
            members += 1
        }
        guard members > 0 else { throw BenchAuditError(.emptyLog, file: file, "the archive holds no .json member") }
        return all
    }

    /// The records of a JSON array of MMLU-Pro records.
    static func arrayRecords(bytes: [UInt8], file: String) throws(BenchAuditError) -> [EvalRecord] {
        let elements: [JSONValue]
        do {
            elements = try JSONValue.parseArrayElements(bytes)
        } catch {
            throw malformed(error, file: file, record: error.element, line: nil)
        }
        var records: [EvalRecord] = []
        records.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            records.append(
                try EvalRecord(mmluPro: LogFields(record: element, file: file, record: index, line: nil)))
        }
        return records
    }

    /// The records of a JSON Lines file: lm-eval samples (lines with a `doc` member) or MMLU-Pro records.
    static func lineRecords(bytes: [UInt8], file: String) throws(BenchAuditError) -> [EvalRecord] {
        var records: [EvalRecord] = []
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { !($0 == 0x20 || $0 == 0x0D || $0 == 0x09) }) else { continue }
            let value: JSONValue
            do {
                value = try JSONValue.parse(line)
            } catch {
                throw malformed(error, file: file, record: nil, line: lineNumber)
            }
            let fields = try LogFields(record: value, file: file, record: nil, line: lineNumber)
            records.append(value["doc"] != nil ? try EvalRecord(lmEval: fields) : try EvalRecord(mmluPro: fields))
        }
        return records
    }

    /// A syntax error as an audit error naming the record (array index) or the line, and the column.
    static func malformed(_ error: JSONParseError, file: String, record: Int?, line: Int?) -> BenchAuditError {
        let place = line == nil ? "line \(error.line), column \(error.column)" : "column \(error.column)"
        return BenchAuditError(
            .malformedJSON, file: file, record: record, line: line, "not JSON (\(place)): \(error.message)")
    }
}
