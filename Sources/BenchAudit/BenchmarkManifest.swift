import Corpus
import Crypto
import Foundation

/// A benchmark's contents pinned by hashes: one entry per question and a Merkle root over them, so that a
/// publisher can commit to exactly which questions, options and gold answers a score is computed on.
///
/// Item encoding (version 1): each string as a 4-byte big-endian UTF-8 length followed by its bytes;
/// content = id ‖ question ‖ option count (4 bytes) ‖ options; item = content ‖ gold letter.
/// `content` is SHA-256 of the content bytes; `leaf` is the RFC 6962 leaf hash SHA-256(0x00 ‖ item bytes).
/// Items are ordered by question id (numerically when every id is an integer), and the root is the RFC 6962
/// Merkle tree hash over the leaves in that order.
///
/// A gold letter is one of at most ten, so anyone holding the questions can recover it from `leaf` by
/// trying each letter: the manifest pins a public benchmark, it does not hide its answers.
public struct BenchmarkManifest: Sendable, Hashable {
    /// One pinned question.
    public struct Item: Sendable, Hashable {
        /// The question id.
        public var id: String
        /// SHA-256 of the question's content (id, question, options), hexadecimal.
        public var content: String
        /// RFC 6962 leaf hash of the whole item (content and gold letter), hexadecimal.
        public var leaf: String
    }

    /// The manifest file's format name.
    public static let formatName = "lineage-benchmark-manifest"
    /// The encoding version this code writes and reads.
    public static let version = 1

    /// A name for the benchmark (free text).
    public var benchmark: String
    /// The items in id order.
    public var items: [Item]
    /// The Merkle root over the items' leaf hashes, hexadecimal.
    public var root: String

    /// A manifest of the questions in `records` (which must not repeat an id).
    public init(benchmark: String, records: [EvalRecord]) {
        self.benchmark = benchmark
        items = Self.ordered(records).map { record in
            Item(
                id: record.questionID, content: Hex.string(Self.contentHash(record)),
                leaf: Hex.string(Self.leafHash(record, gold: record.gold)))
        }
        root = Hex.string(MerkleTree.root(leafHashes: items.map { Hex.bytes($0.leaf)! }))
    }

    /// Records in manifest order: by integer id when all ids are integers, else by the ids' UTF-8 bytes.
    public static func ordered(_ records: [EvalRecord]) -> [EvalRecord] {
        let numeric = records.allSatisfy { Int($0.questionID) != nil }
        return records.sorted { a, b in
            numeric
                ? Int(a.questionID)! < Int(b.questionID)!
                : Array(a.questionID.utf8).lexicographicallyPrecedes(b.questionID.utf8)
        }
    }

    private static func append(_ string: String, to bytes: inout [UInt8]) {
        let utf8 = Array(string.utf8)
        append(UInt32(utf8.count), to: &bytes)
        bytes += utf8
    }

    private static func append(_ number: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(number >> 24), UInt8(number >> 16 & 0xFF), UInt8(number >> 8 & 0xFF), UInt8(number & 0xFF)]
    }

    /// The content bytes of a question: id, question text and options.
    public static func contentBytes(_ record: EvalRecord) -> [UInt8] {
        var bytes: [UInt8] = []
        append(record.questionID, to: &bytes)
        append(record.question, to: &bytes)
        append(UInt32(record.options.count), to: &bytes)
        for option in record.options { append(option, to: &bytes) }
        return bytes
    }

    /// SHA-256 of a question's content bytes.
    public static func contentHash(_ record: EvalRecord) -> [UInt8] {
        Array(SHA256.hash(data: contentBytes(record)))
    }

    /// The RFC 6962 leaf hash of a question with gold letter `gold`.
    public static func leafHash(_ record: EvalRecord, gold: Character) -> [UInt8] {
        var bytes = contentBytes(record)
        append(String(gold), to: &bytes)
        return MerkleTree.leafHash(bytes)
    }

    /// The manifest as deterministic JSON text.
    public func json() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("format", Self.formatName)
        writer.member("version", Self.version)
        writer.member("benchmark", benchmark)
        writer.member("hash", "SHA-256")
        writer.member(
            "encoding",
            "strings as 4-byte big-endian UTF-8 length + bytes; content = id, question, option count (4 bytes), "
                + "options; item = content, gold letter; leaf = SHA-256(0x00 || item); root = RFC 6962 Merkle "
                + "tree hash over leaves in id order")
        writer.member("item_count", items.count)
        writer.member("merkle_root", root)
        writer.key("items")
        writer.beginArray()
        for item in items {
            writer.beginObject(singleLine: true)
            writer.member("id", item.id)
            writer.member("content", item.content)
            writer.member("leaf", item.leaf)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.text + "\n"
    }

    private struct File: Decodable {
        struct FileItem: Decodable {
            var id: String
            var content: String
            var leaf: String
        }
        var format: String
        var version: Int
        var benchmark: String?
        var merkle_root: String
        var items: [FileItem]
    }

    /// Reads a manifest file, checking its schema, its hashes' form, unique ids and that the root matches.
    public static func load(path: String) throws(BenchAuditError) -> BenchmarkManifest {
        let data = try LogReader.contents(of: path)
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let error as DecodingError {
            throw BenchAuditError(
                .invalidManifest, file: path, "\(translate(error, file: path, lineNumber: nil).detail)")
        } catch {
            throw BenchAuditError(.invalidManifest, file: path, "\(error)")
        }
        guard file.format == formatName, file.version == version else {
            throw BenchAuditError(
                .invalidManifest, file: path,
                "format \(file.format) version \(file.version) is not \(formatName) v\(version)")
        }
        var seen = Set<String>()
        var leaves: [[UInt8]] = []
        for (index, item) in file.items.enumerated() {
            guard seen.insert(item.id).inserted else {
                throw BenchAuditError(.invalidManifest, file: path, record: index, "question \(item.id) listed twice")
            }
            guard let leaf = Hex.bytes(item.leaf), leaf.count == 32, let content = Hex.bytes(item.content),
                content.count == 32
            else {
                throw BenchAuditError(.invalidManifest, file: path, record: index, "hashes must be 64 hex digits")
            }
            leaves.append(leaf)
        }
        let root = Hex.string(MerkleTree.root(leafHashes: leaves))
        guard root == file.merkle_root.lowercased() else {
            throw BenchAuditError(
                .invalidManifest, file: path, "merkle_root \(file.merkle_root) does not match its items (\(root))")
        }
        var manifest = BenchmarkManifest(benchmark: file.benchmark ?? "", records: [])
        manifest.items = file.items.map {
            Item(id: $0.id, content: $0.content.lowercased(), leaf: $0.leaf.lowercased())
        }
        manifest.root = root
        return manifest
    }
}

extension BenchmarkManifest {
    /// A decoding error as an audit error naming the field (and the array index or line, when decoding a list).
    fileprivate static func translate(_ error: DecodingError, file: String, lineNumber: Int?) -> BenchAuditError {
        func place(_ path: [any CodingKey]) -> (record: Int?, field: String) {
            var path = path
            var record: Int?
            if lineNumber == nil, let first = path.first, let index = first.intValue {
                record = index
                path.removeFirst()
            }
            let field = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return (record, field)
        }
        switch error {
        case .keyNotFound(let key, let context):
            let (record, field) = place(context.codingPath)
            let name = field.isEmpty ? key.stringValue : "\(field).\(key.stringValue)"
            return BenchAuditError(.missingField, file: file, record: record, line: lineNumber, "no \(name)")
        case .valueNotFound(let type, let context):
            let (record, field) = place(context.codingPath)
            return BenchAuditError(
                .missingField, file: file, record: record, line: lineNumber, "\(field) is null, expected \(type)")
        case .typeMismatch(let type, let context):
            let (record, field) = place(context.codingPath)
            return BenchAuditError(
                .invalidField, file: file, record: record, line: lineNumber,
                "\(field.isEmpty ? "the record" : field) is not \(describe(type))")
        case .dataCorrupted(let context):
            let (record, _) = place(context.codingPath)
            let reason = (context.underlyingError as NSError?)?.debugDescription ?? context.debugDescription
            return BenchAuditError(.malformedJSON, file: file, record: record, line: lineNumber, "not JSON: \(reason)")
        @unknown default:
            return BenchAuditError(.malformedJSON, file: file, line: lineNumber, "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is [Any].Type: "an array"
        default: "of type \(type)"
        }
    }
}
