/// PHYLIP discrete-character files of 0/1 characters, the `infile` of PHYLIP's `pars`.
///
/// The first line holds the numbers of taxa and characters. Each taxon then has a 10-character name field followed
/// by its characters; blanks among the characters are ignored. A taxon's characters may continue on further lines
/// (sequential format), or the file may be interleaved: a first block of lines with names, then blocks with one
/// line per taxon in the same order and no names.
public enum PhylipCharacterFile {
    /// Width of the name field.
    static let nameWidth = 10

    /// Reads a matrix of 0/1 characters.
    ///
    /// - Parameter file: the file's name, used in error messages.
    /// - Throws: ``PhylogenyError`` (`.malformedFile`) naming the file and line of a bad header, an unexpected
    ///   character, a row of the wrong length, a repeated or empty name, or missing rows.
    public static func read(_ text: String, file: String? = nil) throws -> FeatureMatrix {
        // "\r\n" is a single Character.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        func isBlank(_ line: Substring) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }
        guard let headerIndex = lines.firstIndex(where: { !isBlank($0) }) else {
            throw PhylogenyError(.malformedFile, file: file, line: 1, "empty file: expected \"taxa characters\"")
        }
        let fields = lines[headerIndex].split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2, let taxonCount = Int(fields[0]), let characterCount = Int(fields[1]) else {
            throw PhylogenyError(
                .malformedFile, file: file, line: headerIndex + 1,
                "expected the numbers of taxa and characters, found \"\(PhylogenyError.excerpt(lines[headerIndex]))\"")
        }
        guard fields.count == 2 else {
            throw PhylogenyError(
                .malformedFile, file: file, line: headerIndex + 1,
                "unexpected \"\(PhylogenyError.excerpt(fields[2]))\" after the numbers of taxa and characters (options are not supported)"
            )
        }
        guard taxonCount > 0, characterCount > 0 else {
            throw PhylogenyError(
                .malformedFile, file: file, line: headerIndex + 1,
                "the numbers of taxa and characters must be positive, found \(taxonCount) and \(characterCount)")
        }
        let reader = Reader(
            lines: lines, start: headerIndex + 1, taxonCount: taxonCount, characterCount: characterCount, file: file)
        let result: Reader.Rows
        do {
            result = try reader.sequential()
        } catch let sequentialError as PhylogenyError {
            do {
                result = try reader.interleaved()
            } catch let interleavedError as PhylogenyError {
                // Report whichever reading got further into the file.
                throw (interleavedError.line ?? 0) > (sequentialError.line ?? 0) ? interleavedError : sequentialError
            }
        }
        var seen: [String: Int] = [:]
        for (index, name) in result.names.enumerated() {
            if let first = seen[name] {
                throw PhylogenyError(
                    .malformedFile, file: file, line: result.nameLines[index],
                    "taxon name \"\(name)\" already used on line \(first)")
            }
            seen[name] = result.nameLines[index]
        }
        return try FeatureMatrix(taxa: result.names, characterCount: characterCount, values: result.values)
    }

    /// The names to write for `taxa`: the names themselves when each fits the 10-character field, is unique and
    /// holds only characters that PHYLIP and Newick keep intact; otherwise codes `T0001`, `T0002`, … in taxon order.
    public static func codes(for taxa: [String]) -> [String] {
        let forbidden = Set("()[]:;,'\"")
        let usable =
            Set(taxa).count == taxa.count
            && taxa.allSatisfy { name in
                !name.isEmpty && name.count <= nameWidth
                    && name.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0.value < 127 }
                    && !name.contains(where: { forbidden.contains($0) })
            }
        if usable { return taxa }
        let digits = max(4, String(taxa.count).count)
        return taxa.indices.map { index in
            let number = String(index + 1)
            return "T" + String(repeating: "0", count: digits - number.count) + number
        }
    }

    /// Writes `matrix` as a file PHYLIP's `pars` accepts: one line per taxon, a value other than 0 written as 1.
    ///
    /// - Parameter codes: the names to write, one per taxon (padded or cut to 10 characters); by default
    ///   ``codes(for:)``.
    public static func string(_ matrix: FeatureMatrix, codes: [String]? = nil) -> String {
        let names = codes ?? Self.codes(for: matrix.taxa)
        var text = "\(matrix.taxa.count) \(matrix.characterCount)\n"
        text.reserveCapacity(matrix.taxa.count * (matrix.characterCount + nameWidth + 1) + text.utf8.count)
        for taxon in matrix.taxa.indices {
            let name = String(names[taxon].prefix(nameWidth))
            text += name + String(repeating: " ", count: nameWidth - name.count)
            var row = [UInt8](repeating: UInt8(ascii: "0"), count: matrix.characterCount + 1)
            for (offset, value) in matrix.row(taxon).enumerated() where value != 0 { row[offset] = UInt8(ascii: "1") }
            row[matrix.characterCount] = UInt8(ascii: "\n")
            text += String(decoding: row, as: UTF8.self)
        }
        return text
    }
}

/// Reads the rows after the header, in one of the two layouts.
private struct Reader {
    struct Rows {
        var names: [String] = []
        var nameLines: [Int] = []
        var values: [Double] = []
    }

    let lines: [Substring]
    let start: Int
    let taxonCount: Int
    let characterCount: Int
    let file: String?

    func error(_ index: Int, _ detail: String) -> PhylogenyError {
        PhylogenyError(.malformedFile, file: file, line: index + 1, detail)
    }

    func isBlank(_ line: Substring) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }

    /// The next non-blank line at or after `index`, or nil at the end of the file.
    func nextLine(from index: Int) -> Int? {
        var index = index
        while index < lines.count && isBlank(lines[index]) { index += 1 }
        return index < lines.count ? index : nil
    }

    func endOfFile(_ detail: String) -> PhylogenyError {
        let last = (lines.lastIndex(where: { !isBlank($0) }) ?? 0) + 1
        return PhylogenyError(.malformedFile, file: file, line: last, "unexpected end of file: \(detail)")
    }

    /// Splits a line into its name field and the rest.
    func nameAndRest(_ index: Int) throws -> (String, Substring) {
        let line = lines[index]
        let split = line.index(line.startIndex, offsetBy: PhylipCharacterFile.nameWidth, limitedBy: line.endIndex)
        let field = line[..<(split ?? line.endIndex)]
        let name = field.trimmingBlanks()
        guard !name.isEmpty else { throw error(index, "empty taxon name in the first 10 columns") }
        return (String(name), line[(split ?? line.endIndex)...])
    }

    /// Appends the 0/1 characters of `text` to `values`, at most `limit` of them.
    func appendCharacters(_ text: Substring, line index: Int, to values: inout [Double], limit: Int) throws -> Int {
        var count = 0
        for character in text {
            switch character {
            case " ", "\t": continue
            case "0", "1":
                guard count < limit else {
                    throw error(index, "more characters than the \(characterCount) declared on the first line")
                }
                values.append(character == "1" ? 1 : 0)
                count += 1
            default:
                throw error(index, "unexpected character \"\(character)\"; expected 0 or 1")
            }
        }
        return count
    }

    /// Each taxon: a name line, then continuation lines until it has all its characters.
    func sequential() throws -> Rows {
        var rows = Rows()
        rows.values.reserveCapacity(taxonCount * characterCount)
        var index = start
        for taxon in 0..<taxonCount {
            guard let line = nextLine(from: index) else {
                throw endOfFile("expected \(taxonCount) taxa, found \(taxon)")
            }
            let (name, rest) = try nameAndRest(line)
            rows.names.append(name)
            rows.nameLines.append(line + 1)
            var have = try appendCharacters(rest, line: line, to: &rows.values, limit: characterCount)
            index = line + 1
            while have < characterCount {
                guard let next = nextLine(from: index) else {
                    throw endOfFile("taxon \"\(name)\" has \(have) of \(characterCount) characters")
                }
                have += try appendCharacters(lines[next], line: next, to: &rows.values, limit: characterCount - have)
                index = next + 1
            }
        }
        if let extra = nextLine(from: index) {
            throw error(extra, "unexpected text after the \(taxonCount) taxa")
        }
        return rows
    }

    /// A block of lines with names, then blocks of one line per taxon without names.
    func interleaved() throws -> Rows {
        var rows = Rows()
        var perTaxon = [[Double]](repeating: [], count: taxonCount)
        var index = start
        var block = 0
        while perTaxon.contains(where: { $0.count < characterCount }) {
            var blockWidth = -1
            for taxon in 0..<taxonCount {
                guard let line = nextLine(from: index) else {
                    throw endOfFile(
                        "taxon \(taxon + 1) has \(perTaxon[taxon].count) of \(characterCount) characters")
                }
                var text = lines[line]
                if block == 0 {
                    let (name, rest) = try nameAndRest(line)
                    rows.names.append(name)
                    rows.nameLines.append(line + 1)
                    text = rest
                }
                let count = try appendCharacters(
                    text, line: line, to: &perTaxon[taxon], limit: characterCount - perTaxon[taxon].count)
                if blockWidth >= 0 && count != blockWidth {
                    throw error(line, "\(count) characters where the block's first line has \(blockWidth)")
                }
                if count == 0 { throw error(line, "no characters") }
                blockWidth = count
                index = line + 1
            }
            block += 1
        }
        if let extra = nextLine(from: index) {
            throw error(extra, "unexpected text after the \(taxonCount) taxa")
        }
        rows.values = perTaxon.flatMap { $0 }
        return rows
    }
}

extension Substring {
    fileprivate func trimmingBlanks() -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }) else { return self[endIndex...] }
        let last = lastIndex(where: { !isBlank($0) })!
        return self[first...last]
    }
}
