import Corpus
import Foundation

/// Human-writing reference frequencies: how often each word (and optionally each n-gram) occurs in
/// human text, as a proportion of all word tokens.
public struct Baseline: Sendable {
    /// Where the frequencies came from (the first comment line of the file, or a description).
    public var source: String
    /// Word or space-joined n-gram → frequency (0 < f < 1).
    public var frequencies: [String: Double]
    /// The frequency assumed for a word the baseline does not list: half the smallest listed word frequency.
    public let floor: Double

    /// Creates a baseline from frequencies.
    public init(source: String, frequencies: [String: Double]) {
        self.source = source
        self.frequencies = frequencies
        let smallest = frequencies.lazy.filter { !$0.key.contains(" ") }.map(\.value).min() ?? 1e-9
        floor = smallest / 2
    }

    /// The frequency of `term`, or nil when the baseline does not list it.
    public func frequency(of term: String) -> Double? { frequencies[term] }

    /// True when the baseline lists n-grams as well as words.
    public var hasNGrams: Bool { frequencies.keys.contains { $0.contains(" ") } }

    /// Reads a baseline file: `#` comment lines, then `term<TAB>frequency` lines.
    public static func load(path: String) throws(CorpusError) -> Baseline {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CorpusError(.unreadableFile, at: SourceLocation(file: path), "cannot read the baseline: \(error)")
        }
        return try parse(text, file: path)
    }

    /// Parses baseline text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(CorpusError) -> Baseline {
        var frequencies: [String: Double] = [:]
        frequencies.reserveCapacity(100_000)
        var source = ""
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                if source.isEmpty { source = line.dropFirst().trimmingCharacters(in: .whitespaces) }
                continue
            }
            guard let tab = line.firstIndex(of: "\t") else {
                throw CorpusError(
                    .malformedLine, at: SourceLocation(file: file, line: lineNumber),
                    "expected 'term<TAB>frequency'")
            }
            let term = String(line[..<tab])
            guard let value = Double(line[line.index(after: tab)...].trimmingCharacters(in: .whitespaces)),
                value > 0, value < 1, !term.isEmpty
            else {
                throw CorpusError(
                    .malformedLine, at: SourceLocation(file: file, line: lineNumber),
                    "the frequency must be a number between 0 and 1 (exclusive)")
            }
            if frequencies[term] == nil { frequencies[term] = value }
        }
        guard !frequencies.isEmpty else {
            throw CorpusError(.emptyFile, at: SourceLocation(file: file), "the baseline lists no words")
        }
        return Baseline(source: source.isEmpty ? file : source, frequencies: frequencies)
    }

    /// The shipped English baseline from wordfreq 3.1.1 (CC BY-SA 4.0; see `NOTICE.md` beside it).
    public static let english: Baseline = {
        guard let url = Bundle.module.url(forResource: "baseline-en", withExtension: "tsv") else {
            fatalError("the baseline-en.tsv resource is missing from the Lexicon bundle")
        }
        do {
            return try load(path: url.path)
        } catch {
            fatalError("the shipped baseline is unreadable: \(error)")
        }
    }()
}
