import Corpus
import Foundation

/// Human-writing reference frequencies: how often each word (and optionally each n-gram) occurs in
/// human text, as a proportion of all word tokens.
public struct Baseline: Sendable {
    /// Where the frequencies came from (the first comment line of the file, or a description).
    public var source: String
    /// Word or space-joined n-gram → frequency (0 < f ≤ 1).
    public let frequencies: [String: Double]
    /// The frequency assumed for a word the baseline does not list: half the smallest listed word frequency.
    public let floor: Double
    /// True when the baseline lists n-grams as well as words.
    public let hasNGrams: Bool

    /// Creates a baseline from frequencies.
    public init(source: String, frequencies: [String: Double]) {
        self.source = source
        self.frequencies = frequencies
        var smallest = Double.infinity
        var nGrams = false
        for (term, frequency) in frequencies {
            if term.utf8.contains(0x20) {
                nGrams = true
            } else {
                smallest = min(smallest, frequency)
            }
        }
        floor = (smallest.isFinite ? smallest : 1e-9) / 2
        hasNGrams = nGrams
    }

    /// The frequency of `term`, or nil when the baseline does not list it.
    public func frequency(of term: String) -> Double? { frequencies[term] }

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
        var failure: CorpusError?
        var copy = text
        copy.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                lineNumber += 1
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                defer { start = end + 1 }
                var lineEnd = end
                if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                if lineEnd == start { continue }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
                if line[0] == UInt8(ascii: "#") {
                    if source.isEmpty {
                        source = String(decoding: line.dropFirst(), as: UTF8.self).trimmingCharacters(in: .whitespaces)
                    }
                    continue
                }
                guard let tab = line.firstIndex(of: 0x09), tab > 0 else {
                    failure = CorpusError(
                        .malformedLine, at: SourceLocation(file: file, line: lineNumber),
                        "expected 'term<TAB>frequency'")
                    return
                }
                let term = String(decoding: UnsafeBufferPointer(rebasing: line[..<tab]), as: UTF8.self)
                let number = String(decoding: UnsafeBufferPointer(rebasing: line[(tab + 1)...]), as: UTF8.self)
                guard let value = Double(number), value > 0, value <= 1 else {
                    failure = CorpusError(
                        .malformedLine, at: SourceLocation(file: file, line: lineNumber),
                        "the frequency must be a number above 0 and at most 1, found \"\(number)\"")
                    return
                }
                if frequencies[term] == nil { frequencies[term] = value }
            }
        }
        if let failure { throw failure }
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
