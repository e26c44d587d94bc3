/// The Fitch (1971) parsimony length of trees over a matrix of binary characters.
///
/// A value other than 0 counts as state 1. The length is the least number of state changes the tree needs to
/// explain the characters. A node with more than two children is a hard polytomy: it takes one state, and each
/// child whose possible states exclude it adds a change.
public struct FitchParsimony: Sendable {
    /// The taxa of the matrix, in row order.
    public let taxa: [String]
    private let taxonIndex: [String: Int]
    private let wordCount: Int
    /// State-1 bits, taxon-major; unused bits are 0.
    private let ones: [UInt64]

    /// Prepares to score trees over the characters of `matrix`.
    public init(_ matrix: FeatureMatrix) {
        taxa = matrix.taxa
        taxonIndex = Dictionary(uniqueKeysWithValues: matrix.taxa.enumerated().map { ($1, $0) })
        wordCount = (matrix.characterCount + 63) / 64
        ones = matrix.presenceBits().flatMap { $0 }
    }

    /// The Fitch length of `tree`, rooted or unrooted, with polytomies allowed.
    ///
    /// - Throws: ``PhylogenyError`` (`.unknownTaxon`) when a leaf names no taxon of the matrix, or
    ///   (`.invalidTree`) when a leaf is unnamed, a taxon appears twice or is missing.
    public func length(of tree: Tree) throws -> Int {
        let order = tree.postorder()
        var seen = [Bool](repeating: false, count: taxa.count)
        var leafTaxon = [Int](repeating: -1, count: tree.nodes.count)
        for node in order where tree.nodes[node].isLeaf {
            guard let name = tree.nodes[node].name, !name.isEmpty else {
                throw PhylogenyError(.invalidTree, "a leaf has no taxon name")
            }
            guard let taxon = taxonIndex[name] else {
                throw PhylogenyError(.unknownTaxon, "leaf \"\(name)\" is not a taxon of the matrix")
            }
            guard !seen[taxon] else { throw PhylogenyError(.invalidTree, "taxon \"\(name)\" appears twice") }
            seen[taxon] = true
            leafTaxon[node] = taxon
        }
        if let missing = seen.firstIndex(of: false) {
            throw PhylogenyError(.invalidTree, "taxon \"\(taxa[missing])\" is not in the tree")
        }
        let words = wordCount
        guard words > 0 else { return 0 }
        let stride = 2 * words
        var sets = [UInt64](repeating: 0, count: tree.nodes.count * stride)
        var total = 0
        // Bit-sliced counters of children that can only be 0 (`zeros`) or only 1 (`onesCounter`).
        var zeros: [UInt64] = []
        var onesCounter: [UInt64] = []
        sets.withUnsafeMutableBufferPointer { sets in
            ones.withUnsafeBufferPointer { ones in
                for node in order {
                    let out = sets.baseAddress! + node * stride
                    let children = tree.nodes[node].children
                    if children.isEmpty {
                        let bits = ones.baseAddress! + leafTaxon[node] * words
                        for word in 0..<words {
                            out[2 * word] = ~bits[word]
                            out[2 * word + 1] = bits[word]
                        }
                    } else if children.count == 1 {
                        (out).update(from: sets.baseAddress! + children[0] * stride, count: stride)
                    } else if children.count == 2 {
                        total += FitchParsimony.combine(
                            sets.baseAddress! + children[0] * stride, sets.baseAddress! + children[1] * stride,
                            into: out, words: words)
                    } else {
                        let planes = Int.bitWidth - children.count.leadingZeroBitCount
                        if zeros.count < planes {
                            zeros = Array(repeating: 0, count: planes)
                            onesCounter = zeros
                        }
                        for word in 0..<words {
                            for plane in 0..<planes {
                                zeros[plane] = 0
                                onesCounter[plane] = 0
                            }
                            for child in children {
                                let set = sets.baseAddress! + child * stride + 2 * word
                                FitchParsimony.increment(&zeros, by: set[0] & ~set[1], planes: planes)
                                FitchParsimony.increment(&onesCounter, by: set[1] & ~set[0], planes: planes)
                            }
                            var greater: UInt64 = 0  // more only-0 children than only-1 children
                            var less: UInt64 = 0
                            var equal: UInt64 = ~0
                            for plane in (0..<planes).reversed() {
                                greater |= equal & zeros[plane] & ~onesCounter[plane]
                                less |= equal & ~zeros[plane] & onesCounter[plane]
                                equal &= ~(zeros[plane] ^ onesCounter[plane])
                            }
                            for plane in 0..<planes {
                                let smaller = (zeros[plane] & ~greater) | (onesCounter[plane] & greater)
                                total += smaller.nonzeroBitCount << plane
                            }
                            out[2 * word] = ~less
                            out[2 * word + 1] = ~greater
                        }
                    }
                }
            }
        }
        return total
    }

    /// Adds the bits of `value` (one per character) to the bit-sliced counter `planes`.
    @inline(__always)
    private static func increment(_ counter: inout [UInt64], by value: UInt64, planes: Int) {
        var carry = value
        var plane = 0
        while carry != 0 && plane < planes {
            let next = counter[plane] & carry
            counter[plane] ^= carry
            carry = next
            plane += 1
        }
    }

    /// Fitch's rule for two children, 64 characters per word; returns the number of changes it adds.
    @inline(__always)
    static func combine(
        _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, into out: UnsafeMutablePointer<UInt64>, words: Int
    ) -> Int {
        var cost = 0
        for word in 0..<words {
            let zero = a[2 * word] & b[2 * word]
            let one = a[2 * word + 1] & b[2 * word + 1]
            let empty = ~(zero | one)
            out[2 * word] = zero | empty
            out[2 * word + 1] = one | empty
            cost &+= empty.nonzeroBitCount
        }
        return cost
    }
}
