/// Neighbour joining (Saitou & Nei 1987, in the formulation of Studier & Keppler 1988): an unrooted tree with
/// branch lengths from a distance matrix, exact when the distances are additive (fit some tree).
public enum NeighborJoining {
    /// The neighbour-joining tree of `distances`.
    ///
    /// At each step the pair of nodes (i, j) minimising Q(i, j) = (m − 2)·d(i, j) − Σₖ d(i, k) − Σₖ d(j, k), over the
    /// m nodes still to join, is joined under a new node; when three remain they are joined at the root. The result is
    /// unrooted (``Tree/isRooted`` is false) with a root of degree 3. Two taxa give a root with two leaf children,
    /// each at half their distance. Leaves are named after the taxa; internal nodes are unnamed and carry no support.
    ///
    /// Negative branch lengths, which neighbour joining produces when the distances are far from additive, are set
    /// to 0 and the difference is taken from the sister branch, so that the two joined nodes stay as far apart as
    /// the method estimated (lengths never go below 0). At the final three-way join a negative length is set to 0.
    ///
    /// The result depends only on the matrix: among pairs with equal Q (up to rounding), the pair whose smallest taxon
    /// indices come first (compared as (i, j) pairs in row order) is joined, and the children of every node are
    /// ordered by the smallest taxon index they contain. Nodes are numbered in preorder, the root being node 0.
    ///
    /// - Throws: ``PhylogenyError`` of kind ``PhylogenyError/Kind/invalidMatrix`` when the matrix holds fewer than
    ///   two taxa or a distance that is not finite.
    public static func tree(_ distances: DistanceMatrix) throws -> Tree {
        let n = distances.count
        guard n >= 2 else {
            throw PhylogenyError(.invalidMatrix, "neighbour joining needs at least two taxa, got \(n)")
        }
        if let bad = distances.values.firstIndex(where: { !$0.isFinite }) {
            throw PhylogenyError(
                .invalidMatrix,
                "distance \(distances.names[bad / n])–\(distances.names[bad % n]) is \(distances.values[bad])")
        }

        var nodes = distances.names.map { Tree.Node(name: $0) }
        nodes.reserveCapacity(2 * n - 2)
        if n == 2 {
            let half = max(0, distances[0, 1]) / 2
            nodes[0].length = half
            nodes[1].length = half
            nodes[0].parent = 2
            nodes[1].parent = 2
            nodes.append(Tree.Node(children: [0, 1]))
            return Tree(nodes: nodes, root: 2, isRooted: false).compacted()
        }

        // Working state, indexed by slot. A subtree lives in the slot of its smallest taxon, so comparing slots
        // compares subtrees by their smallest taxa.
        var d = distances.values
        var alive = Array(0..<n)
        var node = Array(0..<n)
        var sum = [Double](repeating: 0, count: n)

        while alive.count > 3 {
            let m = alive.count
            // Row sums over the nodes still to join, recomputed each step so that rounding does not accumulate.
            for i in alive {
                let row = i * n
                var total = 0.0
                for k in alive { total += d[row + k] }
                sum[i] = total
            }
            let factor = Double(m - 2)
            // The pair minimising Q, scanned in (i, j) order so that the first of tied pairs wins. This scan is the
            // O(m²) heart of each step, hence the unchecked buffers.
            var bestI = -1
            var bestJ = -1
            var threshold = Double.infinity
            d.withUnsafeBufferPointer { d in
                sum.withUnsafeBufferPointer { sum in
                    alive.withUnsafeBufferPointer { alive in
                        for a in 0..<(m - 1) {
                            let i = alive[a]
                            let row = i * n
                            let sumI = sum[i]
                            for b in (a + 1)..<m {
                                let j = alive[b]
                                let q = factor * d[row + j] - sumI - sum[j]
                                if q < threshold {
                                    bestI = i
                                    bestJ = j
                                    threshold = q - 1e-12 * max(1, abs(q))
                                }
                            }
                        }
                    }
                }
            }
            let i = bestI
            let j = bestJ
            let dij = d[i * n + j]

            // Branch lengths to the new node (Saitou & Nei 1987, eq. 9–10 as rewritten by Studier & Keppler).
            var lengthI = dij / 2 + (sum[i] - sum[j]) / (2 * factor)
            var lengthJ = dij - lengthI
            if lengthI < 0 {
                lengthI = 0
                lengthJ = max(0, dij)
            } else if lengthJ < 0 {
                lengthJ = 0
                lengthI = max(0, dij)
            }

            let parent = nodes.count
            nodes.append(Tree.Node(children: [node[i], node[j]]))
            nodes[node[i]].parent = parent
            nodes[node[i]].length = lengthI
            nodes[node[j]].parent = parent
            nodes[node[j]].length = lengthJ

            // Distances to the new node, which takes slot i.
            alive.remove(at: alive.firstIndex(of: j)!)
            for k in alive where k != i {
                let value = (d[i * n + k] + d[j * n + k] - dij) / 2
                d[i * n + k] = value
                d[k * n + i] = value
            }
            node[i] = parent
        }

        // The last three nodes meet at the root.
        let a = alive[0]
        let b = alive[1]
        let c = alive[2]
        let dab = d[a * n + b]
        let dac = d[a * n + c]
        let dbc = d[b * n + c]
        let root = nodes.count
        nodes.append(Tree.Node(children: [node[a], node[b], node[c]]))
        for (slot, length) in [(a, (dab + dac - dbc) / 2), (b, (dab + dbc - dac) / 2), (c, (dac + dbc - dab) / 2)] {
            nodes[node[slot]].parent = root
            nodes[node[slot]].length = max(0, length)
        }
        return Tree(nodes: nodes, root: root, isRooted: false).compacted()
    }
}
