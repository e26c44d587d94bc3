/// UPGMA (unweighted pair group method with arithmetic mean, Sokal & Michener 1958): a rooted, ultrametric tree
/// from a distance matrix by average-linkage clustering.
public enum UPGMA {
    /// The UPGMA tree of `distances`.
    ///
    /// The result is rooted (``Tree/isRooted`` is true) and ultrametric: every leaf is at the same depth. Two clusters
    /// merge at a node whose height is half the distance between them, the distance between clusters being the mean
    /// of all distances between their members (each taxon counts once, whatever the size of its cluster). Branch
    /// lengths are the differences of node heights. Leaves are named after the taxa; internal nodes are unnamed and
    /// carry no support.
    ///
    /// The result depends only on the matrix: among equally close pairs of clusters, the pair whose smallest taxon
    /// indices come first (compared as (i, j) pairs in row order) merges first, and the children of every node are
    /// ordered by the smallest taxon index they contain. Nodes are numbered in preorder, the root being node 0.
    ///
    /// - Throws: ``PhylogenyError`` of kind ``PhylogenyError/Kind/invalidMatrix`` when the matrix holds fewer than
    ///   two taxa or a distance that is not finite.
    public static func tree(_ distances: DistanceMatrix) throws -> Tree {
        let n = distances.count
        guard n >= 2 else {
            throw PhylogenyError(.invalidMatrix, "UPGMA needs at least two taxa, got \(n)")
        }
        if let bad = distances.values.firstIndex(where: { !$0.isFinite }) {
            throw PhylogenyError(
                .invalidMatrix,
                "distance \(distances.names[bad / n])–\(distances.names[bad % n]) is \(distances.values[bad])")
        }

        // Working state, indexed by slot. A cluster lives in the slot of its smallest taxon, so comparing slots
        // compares clusters by their smallest taxa.
        var d = distances.values
        var alive = Array(0..<n)
        var size = [Int](repeating: 1, count: n)
        var height = [Double](repeating: 0, count: n)
        var node = Array(0..<n)
        // Nearest later neighbour of each slot: the lowest slot j > i at the smallest distance.
        var nearest = [Int](repeating: -1, count: n)
        var nearestDistance = [Double](repeating: .infinity, count: n)

        var nodes = distances.names.map { Tree.Node(name: $0) }
        nodes.reserveCapacity(2 * n - 1)

        func refreshNearest(_ i: Int) {
            var best = -1
            var bestDistance = Double.infinity
            let row = i * n
            for j in alive where j > i {
                let value = d[row + j]
                if best < 0 || isBelow(value, bestDistance) {
                    best = j
                    bestDistance = value
                }
            }
            nearest[i] = best
            nearestDistance[i] = bestDistance
        }
        for i in 0..<n { refreshNearest(i) }

        while alive.count > 1 {
            // The closest pair: smallest distance, then lowest i, then (through `nearest`) lowest j.
            var i = -1
            for slot in alive where nearest[slot] >= 0 {
                if i < 0 || isBelow(nearestDistance[slot], nearestDistance[i]) { i = slot }
            }
            let j = nearest[i]
            let mergeHeight = d[i * n + j] / 2

            // The new node, children in slot order (i < j).
            let parent = nodes.count
            nodes.append(Tree.Node(children: [node[i], node[j]]))
            for (child, slot) in [(node[i], i), (node[j], j)] {
                nodes[child].parent = parent
                nodes[child].length = max(0, mergeHeight - height[slot])
            }

            // Average linkage weighted by cluster sizes; the merged cluster takes slot i.
            let sizeI = Double(size[i])
            let sizeJ = Double(size[j])
            let total = sizeI + sizeJ
            alive.remove(at: alive.firstIndex(of: j)!)
            for k in alive where k != i {
                let merged = (sizeI * d[i * n + k] + sizeJ * d[j * n + k]) / total
                d[i * n + k] = merged
                d[k * n + i] = merged
            }
            size[i] += size[j]
            height[i] = mergeHeight
            node[i] = parent
            nearest[j] = -1

            // Only rows that pointed at i or j, or that i now comes closer to, change their nearest neighbour.
            for k in alive where k < j {
                if k == i || nearest[k] == i || nearest[k] == j {
                    refreshNearest(k)
                } else if k < i {
                    let value = d[k * n + i]
                    if isBelow(value, nearestDistance[k])
                        || (!isBelow(nearestDistance[k], value) && i < nearest[k])
                    {
                        nearest[k] = i
                        nearestDistance[k] = value
                    }
                }
            }
        }

        return Tree(nodes: nodes, root: node[alive[0]], isRooted: true).compacted()
    }

    /// Whether `a` is smaller than `b` by more than rounding noise, so that values equal up to rounding count as ties.
    static func isBelow(_ a: Double, _ b: Double) -> Bool {
        a < b - 1e-12 * max(1, abs(b))
    }
}
