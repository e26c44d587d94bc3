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
    /// The file it was read from; nil when made in memory.
    public var path: String? = nil
    /// The SHA-256 of the file's bytes (lowercase hex); nil when made in memory.
    public var sha256: String? = nil

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
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe))
        } catch {
            throw CorpusError.unreadable(path, error)
        }
        var baseline = try bytes.withUnsafeBufferPointer { bytes throws(CorpusError) in
            try parse(bytes: bytes, file: path)
        }
        baseline.path = path
        baseline.sha256 = CorpusReader.sha256(bytes: bytes)
        return baseline
    }

    /// Parses baseline text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(CorpusError) -> Baseline {
        var copy = text
        let parsed = copy.withUTF8 { bytes in Result { () throws(CorpusError) in try parse(bytes: bytes, file: file) } }
        return try parsed.get()
    }

    /// Parses the UTF-8 bytes of a baseline file; `file` names it in errors.
    static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String) throws(CorpusError) -> Baseline {
        var entries: [(String, Double)] = []
        entries.reserveCapacity(bytes.count / 12)
        var source = ""
        var lineNumber = 0
        // A leading UTF-8 byte order mark is not part of the first line.
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            defer { start = end + 1 }
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if lineEnd == start { continue }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
            let location = SourceLocation(file: file, line: lineNumber)
            if line[0] == UInt8(ascii: "#") {
                if source.isEmpty {
                    source = String(decoding: line.dropFirst(), as: UTF8.self).trimmingCharacters(in: .whitespaces)
                }
                continue
            }
            guard let tab = line.firstIndex(of: 0x09), tab > 0 else {
                throw CorpusError(.malformedLine, at: location, "expected 'term<TAB>frequency'")
            }
            let termBytes = UnsafeBufferPointer(rebasing: line[..<tab])
            guard let term = String(validating: termBytes, as: UTF8.self) else {
                throw CorpusError(.invalidUTF8, at: location, "the term is not valid UTF-8")
            }
            let numberBytes = UnsafeBufferPointer(rebasing: line[(tab + 1)...])
            guard let value = parseFrequency(numberBytes), value > 0, value <= 1 else {
                throw CorpusError(
                    .malformedLine, at: location,
                    "the frequency must be a number above 0 and at most 1, found \"\(CorpusError.excerpt(String(decoding: numberBytes, as: UTF8.self)))\""
                )
            }
            entries.append((term, value))
        }
        guard !entries.isEmpty else {
            throw CorpusError(.emptyFile, at: SourceLocation(file: file), "the baseline lists no words")
        }
        // The first entry of a term wins.
        var frequencies = [String: Double](minimumCapacity: entries.count)
        frequencies.merge(entries, uniquingKeysWith: { first, _ in first })
        return Baseline(source: source.isEmpty ? file : source, frequencies: frequencies)
    }

    /// The number spelled by `bytes`: plain decimals (`0.0537`, `9.12e-08`) exactly as `Double(String)` reads
    /// them, computed directly when the digits and the exponent allow one correctly rounded operation (Clinger's
    /// fast path), else through `Double(String)`.
    static func parseFrequency(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var index = 0
        var sawDigit = false
        while index < bytes.count, bytes[index] &- 0x30 < 10 {
            if mantissa != 0 || bytes[index] != 0x30 { digits += 1 }
            mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 0x30)
            index += 1
            sawDigit = true
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index] &- 0x30 < 10 {
                if mantissa != 0 || bytes[index] != 0x30 { digits += 1 }
                mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- 0x30)
                exponent -= 1
                index += 1
                sawDigit = true
            }
        }
        if sawDigit, index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var negative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                negative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var power = 0
            var powerDigits = 0
            while index < bytes.count, bytes[index] &- 0x30 < 10, powerDigits < 4 {
                power = power * 10 + Int(bytes[index] &- 0x30)
                index += 1
                powerDigits += 1
            }
            exponent += negative ? -power : power
            if powerDigits == 0 { sawDigit = false }
        }
        let fast = sawDigit && index == bytes.count && digits <= 15 && (-22...22).contains(exponent)
        guard fast else { return Double(String(decoding: bytes, as: UTF8.self)) }
        let value = Double(mantissa)
        return exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent]
    }

    /// 10^0 ... 10^22, each exact in a Double.
    private static let powersOfTen: [Double] = (0...22).map { power in
        var value = 1.0
        for _ in 0..<power { value *= 10 }
        return value
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
