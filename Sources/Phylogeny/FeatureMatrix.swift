/// Taxa × characters: the input of parsimony and of the distance measures.
///
/// Characters are binary (presence/absence, 0 or 1) or real-valued (rates, counts). Stored row-major.
public struct FeatureMatrix: Sendable, Hashable {
    /// Taxon names, one per row, unique.
    public let taxa: [String]
    /// Number of characters (columns).
    public let characterCount: Int
    /// Optional character names, one per column (e.g. the features they stand for).
    public let characterNames: [String]?
    /// Values, row-major: `values[taxon * characterCount + character]`.
    public let values: [Double]

    /// Creates a matrix from one row of values per taxon.
    ///
    /// - Throws: ``PhylogenyError`` when rows differ in length, a value is not finite, taxon names repeat, or
    ///   `characterNames` does not match the number of columns.
    public init(taxa: [String], rows: [[Double]], characterNames: [String]? = nil) throws {
        guard taxa.count == rows.count else {
            throw PhylogenyError(.invalidMatrix, "\(taxa.count) taxa but \(rows.count) rows")
        }
        let width = rows.first?.count ?? characterNames?.count ?? 0
        var values: [Double] = []
        values.reserveCapacity(width * rows.count)
        for (index, row) in rows.enumerated() {
            guard row.count == width else {
                throw PhylogenyError(
                    .invalidMatrix, "row \(index + 1) (\(taxa[index])) has \(row.count) characters, expected \(width)")
            }
            if let bad = row.firstIndex(where: { !$0.isFinite }) {
                throw PhylogenyError(
                    .invalidMatrix, "row \(index + 1) (\(taxa[index])): character \(bad + 1) is not finite")
            }
            values.append(contentsOf: row)
        }
        try self.init(taxa: taxa, characterCount: width, values: values, characterNames: characterNames)
    }

    /// Creates a presence/absence matrix from one row of flags per taxon.
    public init(taxa: [String], presence: [[Bool]], characterNames: [String]? = nil) throws {
        try self.init(taxa: taxa, rows: presence.map { $0.map { $0 ? 1 : 0 } }, characterNames: characterNames)
    }

    /// Creates a matrix from row-major values.
    public init(taxa: [String], characterCount: Int, values: [Double], characterNames: [String]? = nil) throws {
        guard values.count == taxa.count * characterCount else {
            throw PhylogenyError(
                .invalidMatrix, "\(values.count) values do not fill \(taxa.count) taxa × \(characterCount) characters")
        }
        if let characterNames, characterNames.count != characterCount {
            throw PhylogenyError(
                .invalidMatrix, "\(characterNames.count) character names for \(characterCount) characters")
        }
        var seen = Set<String>()
        for name in taxa where !seen.insert(name).inserted {
            throw PhylogenyError(.invalidMatrix, "taxon \"\(name)\" appears twice")
        }
        self.taxa = taxa
        self.characterCount = characterCount
        self.values = values
        self.characterNames = characterNames
    }

    /// The value of `character` in `taxon` (both 0-based).
    public subscript(taxon: Int, character: Int) -> Double {
        values[taxon * characterCount + character]
    }

    /// The values of one taxon.
    public func row(_ taxon: Int) -> ArraySlice<Double> {
        values[(taxon * characterCount)..<((taxon + 1) * characterCount)]
    }

    /// Whether every value is 0 or 1.
    public var isBinary: Bool { values.allSatisfy { $0 == 0 || $0 == 1 } }

    /// Each taxon's row as a bit set (bit `c` set when character `c` is non-zero), 64 characters per word.
    public func presenceBits() -> [[UInt64]] {
        let words = (characterCount + 63) / 64
        return taxa.indices.map { taxon in
            var bits = [UInt64](repeating: 0, count: words)
            let base = taxon * characterCount
            for character in 0..<characterCount where values[base + character] != 0 {
                bits[character >> 6] |= 1 << UInt64(character & 63)
            }
            return bits
        }
    }

    /// The matrix restricted to the given characters, in the given order (repeats allowed: bootstrap columns).
    public func selectingCharacters(_ characters: [Int]) -> FeatureMatrix {
        var selected: [Double] = []
        selected.reserveCapacity(taxa.count * characters.count)
        for taxon in taxa.indices {
            let base = taxon * characterCount
            for character in characters { selected.append(values[base + character]) }
        }
        // Shape and names are consistent by construction.
        return try! FeatureMatrix(
            taxa: taxa, characterCount: characters.count, values: selected,
            characterNames: characterNames.map { names in characters.map { names[$0] } })
    }
}
