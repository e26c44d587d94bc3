/// Symmetric pairwise distances between named taxa, with a zero diagonal.
public struct DistanceMatrix: Sendable, Hashable {
    /// Taxon names, in row order.
    public let names: [String]
    /// Full n × n values, row-major.
    public private(set) var values: [Double]

    /// The number of taxa.
    public var count: Int { names.count }

    /// A matrix of zeros over `names`.
    public init(names: [String]) {
        self.names = names
        self.values = [Double](repeating: 0, count: names.count * names.count)
    }

    /// Creates a matrix from full rows.
    ///
    /// - Throws: ``PhylogenyError`` unless the rows form a square, symmetric (within 1e-9 relative), non-negative
    ///   matrix with a zero diagonal, and names are unique.
    public init(names: [String], rows: [[Double]]) throws {
        let n = names.count
        guard rows.count == n, rows.allSatisfy({ $0.count == n }) else {
            throw PhylogenyError(.invalidMatrix, "a distance matrix over \(n) taxa needs \(n) rows of \(n) values")
        }
        guard Set(names).count == n else { throw PhylogenyError(.invalidMatrix, "taxon names repeat") }
        self.init(names: names)
        for i in 0..<n {
            for j in 0..<n {
                let value = rows[i][j]
                guard value.isFinite, value >= 0 else {
                    throw PhylogenyError(.invalidMatrix, "distance \(names[i])–\(names[j]) is \(value)")
                }
                if i == j, value != 0 {
                    throw PhylogenyError(.invalidMatrix, "the distance of \(names[i]) to itself is \(value), not 0")
                }
                let other = rows[j][i]
                if abs(value - other) > 1e-9 * max(1, abs(value)) {
                    throw PhylogenyError(
                        .invalidMatrix,
                        "not symmetric: \(names[i])–\(names[j]) is \(value) but \(names[j])–\(names[i]) is \(other)")
                }
                values[i * n + j] = i == j ? 0 : (value + other) / 2
            }
        }
    }

    /// Distances between the rows of `matrix` under `metric`.
    public init(_ matrix: FeatureMatrix, metric: DistanceMetric) {
        self.init(names: matrix.taxa)
        let n = count
        if matrix.isBinary {
            let bits = matrix.presenceBits()
            let sizes = bits.map { $0.reduce(0) { $0 + $1.nonzeroBitCount } }
            for i in 0..<n {
                for j in (i + 1)..<max(i + 1, n) {
                    var shared = 0
                    for (x, y) in zip(bits[i], bits[j]) { shared += (x & y).nonzeroBitCount }
                    self[i, j] = metric.distance(
                        shared: shared, onlyFirst: sizes[i] - shared, onlySecond: sizes[j] - shared,
                        characters: matrix.characterCount)
                }
            }
            return
        }
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                self[i, j] = metric.distance(matrix.row(i), matrix.row(j))
            }
        }
    }

    /// The distance between taxa `i` and `j`; setting it sets both halves.
    public subscript(i: Int, j: Int) -> Double {
        get { values[i * names.count + j] }
        set {
            values[i * names.count + j] = newValue
            values[j * names.count + i] = newValue
        }
    }

    /// The row index of `name`, or nil.
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The matrix with rows and columns in the order of `order` (indices into ``names``).
    public func reordered(_ order: [Int]) -> DistanceMatrix {
        var result = DistanceMatrix(names: order.map { names[$0] })
        for (a, i) in order.enumerated() {
            for (b, j) in order.enumerated() { result.values[a * order.count + b] = self[i, j] }
        }
        return result
    }
}
