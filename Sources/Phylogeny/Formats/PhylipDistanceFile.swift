import Foundation

/// Reading and writing distance matrices in the PHYLIP format (as read by PHYLIP's `neighbor` and `fitch`).
///
/// The first line holds the number of taxa; then each taxon's row: its name and its distances, which may run on over
/// further lines. Strict PHYLIP gives the name in exactly 10 columns (padded with blanks, may hold blanks); relaxed
/// PHYLIP separates the name from the distances by blanks (the name holds none).
public enum PhylipDistanceFile {
    /// The matrix in `text`.
    ///
    /// Reads square matrices and lower-triangular ones (row k holding the k − 1 distances to the taxa before it, with
    /// or without the zero diagonal), with strict 10-column names or relaxed blank-separated names, chosen row by row
    /// from what makes the row's distances add up.
    ///
    /// - Parameter file: the file name to report in errors.
    /// - Throws: ``PhylogenyError`` of kind `.malformedFile` (with the line) when the text does not follow the
    ///   format, or `.invalidMatrix` when the distances are negative, not symmetric or the names repeat.
    public static func read(_ text: String, file: String? = nil) throws -> DistanceMatrix {
        var reader = PhylipReader(text: text, file: file)
        return try reader.read()
    }

    /// `matrix` in relaxed PHYLIP square format: the count line, then one line per taxon with its name padded to the
    /// longest name (at least 10 columns) and its distances with 6 decimals, separated by blanks.
    ///
    /// Blanks (any white space) inside names are replaced by `_`, so that a name stays one word. When every name has
    /// at most 10 characters the output is also valid strict PHYLIP.
    public static func string(_ matrix: DistanceMatrix) -> String {
        let names = matrix.names.map { name in
            String(name.map { $0.isWhitespace ? "_" : $0 })
        }
        let width = max(10, names.map(\.count).max() ?? 0)
        return format(matrix, names: names.map { $0.padding(toLength: width, withPad: " ", startingAt: 0) })
    }

    /// `matrix` in strict PHYLIP square format, the taxa named by `codes` (one per taxon, in row order): each code cut
    /// or padded to exactly 10 columns, for tools limited to 10-character names.
    ///
    /// - Precondition: `codes.count == matrix.count`.
    public static func string(_ matrix: DistanceMatrix, codes: [String]) -> String {
        precondition(codes.count == matrix.count, "\(codes.count) codes for \(matrix.count) taxa")
        return format(
            matrix,
            names: codes.map { code in
                String(code.map { $0.isNewline ? " " : $0 }.prefix(10)).padding(
                    toLength: 10, withPad: " ", startingAt: 0)
            })
    }

    private static func format(_ matrix: DistanceMatrix, names: [String]) -> String {
        var out = "\(matrix.count)\n"
        for i in 0..<matrix.count {
            out += names[i]
            for j in 0..<matrix.count { out += " " + String(format: "%.6f", matrix[i, j]) }
            out += "\n"
        }
        return out
    }
}

/// The state of reading a PHYLIP distance file: lines not yet read.
private struct PhylipReader {
    let lines: [Substring]
    let file: String?
    var next = 0

    init(text: String, file: String?) {
        // "\r\n" is one Character in Swift: split on every kind of line end.
        lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        self.file = file
    }

    func error(line: Int, _ detail: String) -> PhylogenyError {
        PhylogenyError(.malformedFile, file: file, line: line + 1, detail)
    }

    /// The index of the next line that is not blank, without consuming it.
    func peek() -> Int? {
        var index = next
        while index < lines.count {
            if lines[index].contains(where: { !$0.isWhitespace }) { return index }
            index += 1
        }
        return nil
    }

    static func words(_ text: Substring) -> [Substring] {
        text.split(whereSeparator: \.isWhitespace)
    }

    /// The distances in `words`, or nil unless every word is a finite number.
    static func numbers(_ words: [Substring]) -> [Double]? {
        var values: [Double] = []
        for word in words {
            guard let value = Double(word), value.isFinite else { return nil }
            values.append(value)
        }
        return values
    }

    /// A row's first line read as a relaxed name and as a strict one: the readings whose rest is all numbers.
    static func readings(_ line: Substring) -> (relaxed: (String, [Double])?, strict: (String, [Double])?) {
        let words = words(line)
        var relaxed: (String, [Double])? = nil
        if let first = words.first, let values = numbers(Array(words.dropFirst())) {
            relaxed = (String(first), values)
        }
        var strict: (String, [Double])? = nil
        let name = line.prefix(10).trimmingCharacters(in: .whitespaces)
        // A name shorter than its 10 columns holding blanks is more likely a relaxed row gone wrong.
        let fitsColumns = line.count >= 10 || !name.contains(where: \.isWhitespace)
        if !name.isEmpty, fitsColumns, let values = numbers(Self.words(line.dropFirst(10))) {
            strict = (name, values)
        }
        return (relaxed, strict)
    }

    /// The shape of the matrix rows.
    enum Shape {
        case square, lower, lowerWithDiagonal

        func count(row: Int, of n: Int) -> Int {
            switch self {
            case .square: n
            case .lower: row
            case .lowerWithDiagonal: row + 1
            }
        }
    }

    mutating func read() throws -> DistanceMatrix {
        guard let countLine = peek() else { throw error(line: 0, "expected the number of taxa, found an empty file") }
        let countWords = Self.words(lines[countLine])
        guard let first = countWords.first, let n = Int(first), n > 0 else {
            throw error(
                line: countLine,
                "expected the number of taxa on the first line, found '\(PhylogenyError.excerpt(lines[countLine]))'")
        }
        next = countLine + 1
        var names: [String] = []
        var rows: [[Double]] = []
        var shape: Shape? = nil
        for row in 0..<n {
            guard let lineIndex = peek() else {
                throw error(
                    line: lines.count - 1, "expected the row of taxon \(row + 1) of \(n), found the end of the file")
            }
            next = lineIndex + 1
            let (relaxed, strict) = Self.readings(lines[lineIndex])
            if shape == nil {
                let count = (relaxed ?? strict)?.1.count ?? -1
                if count == 0 {
                    shape = .lower
                } else if count == 1, n > 1, let following = peek(),
                    Double(Self.words(lines[following]).first ?? "") == nil
                {
                    shape = .lowerWithDiagonal
                } else {
                    shape = .square
                }
            }
            let expected = shape!.count(row: row, of: n)
            let reading: (String, [Double])
            if let relaxed, relaxed.1.count == expected || strict.map({ $0.1.count != expected }) ?? true {
                reading = relaxed
            } else if let strict {
                reading = strict
            } else {
                throw error(
                    line: lineIndex,
                    "expected the name of taxon \(row + 1) followed by distances, found '\(PhylogenyError.excerpt(lines[lineIndex]))'"
                )
            }
            var (name, values) = reading
            while values.count < expected {
                guard let more = peek() else {
                    throw error(
                        line: lines.count - 1,
                        "the row of \(name) ends with the file after \(values.count) of \(expected) distances"
                    )
                }
                guard let continued = Self.numbers(Self.words(lines[more])) else {
                    throw error(
                        line: more, "the row of \(name) has \(values.count) distances, expected \(expected)")
                }
                next = more + 1
                values += continued
            }
            guard values.count == expected else {
                throw error(line: next - 1, "the row of \(name) has \(values.count) distances, expected \(expected)")
            }
            names.append(name)
            rows.append(values)
        }
        if let extra = peek() { throw error(line: extra, "unexpected text after the \(n) rows of the matrix") }
        var full = rows
        if shape != .square {
            full = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for i in 0..<n {
                for j in 0..<i {
                    full[i][j] = rows[i][j]
                    full[j][i] = rows[i][j]
                }
            }
            if shape == .lowerWithDiagonal, let row = rows.indices.first(where: { rows[$0][$0] != 0 }) {
                throw PhylogenyError(
                    .invalidMatrix, file: file, "the distance of \(names[row]) to itself is \(rows[row][row]), not 0")
            }
        }
        do {
            return try DistanceMatrix(names: names, rows: full)
        } catch let problem as PhylogenyError {
            throw PhylogenyError(problem.kind, file: file, line: problem.line, problem.detail)
        }
    }
}
