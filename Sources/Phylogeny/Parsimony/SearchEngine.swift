/// One heuristic parsimony search: stepwise addition in a given order, then SPR or TBR rearrangement to a local
/// optimum. Not thread-safe; each addition sequence uses its own engine.
///
/// The unrooted binary tree is held rooted at leaf 0: node 0 is a leaf whose only child is ``top``; every other
/// node `v` hangs from `parent[v]`, so the edges are exactly `(v, parent[v])` for `v != 0`. Leaves are
/// `0..<n`, internal nodes `n..<2n-2`.
///
/// For every node `v != 0` the engine keeps Fitch state sets, each as two bit vectors (can be 0, can be 1)
/// interleaved word by word: `down[v]`, the set of the subtree below `v`; `up[v]`, the set of the rest of the tree
/// seen from the edge above `v`; and `edge[v]`, the set of a root placed on that edge. Cutting an edge changes
/// these sets only near the cut (Fitch sets soon absorb the difference), so each cut recomputes them outward from
/// the cut until they equal the stored ones. Joining two parts then costs one pass over the words per pair of
/// edges, stopped as soon as it cannot beat the best join so far.
final class SearchEngine {
    let leafCount: Int
    let nodeCount: Int
    let words: Int
    let stride: Int
    private let weights: UnsafeMutablePointer<Int>

    private let parent: UnsafeMutablePointer<Int>
    private let left: UnsafeMutablePointer<Int>
    private let right: UnsafeMutablePointer<Int>
    private(set) var top = 0

    private let down: UnsafeMutablePointer<UInt64>
    private let up: UnsafeMutablePointer<UInt64>
    private let edge: UnsafeMutablePointer<UInt64>
    /// After a cut: down sets of the path from the cut to the top, where they changed.
    private let pathDown: UnsafeMutablePointer<UInt64>
    /// After a cut: up and edge sets where they changed.
    private let upNew: UnsafeMutablePointer<UInt64>
    private let edgeNew: UnsafeMutablePointer<UInt64>
    private let localCost: UnsafeMutablePointer<Int>
    private let subtreeCost: UnsafeMutablePointer<Int>
    /// After a cut: whether `edgeNew` holds the node's edge set.
    private let fresh: UnsafeMutablePointer<Bool>
    private let touched: UnsafeMutablePointer<Int>
    private var touchedCount = 0

    /// All nodes below leaf 0 in preorder, each node's place in it, and subtree sizes.
    private let preorder: UnsafeMutablePointer<Int>
    private var preorderCount = 0
    private let position: UnsafeMutablePointer<Int>
    private let size: UnsafeMutablePointer<Int>
    private let stack: UnsafeMutablePointer<Int>
    private var stackCount = 0
    private let listA: UnsafeMutablePointer<Int>
    private let listB: UnsafeMutablePointer<Int>
    private let neighbours: UnsafeMutablePointer<Int>

    private(set) var length = 0
    private var rootTerm = 0
    private(set) var examined = 0

    /// Creates an engine whose leaf `i` has the characters of taxon `leafTaxa[i]`.
    init(_ characters: PackedCharacters, leafTaxa: [Int]) {
        leafCount = leafTaxa.count
        nodeCount = max(2 * leafCount - 2, 1)
        words = characters.wordCount
        stride = 2 * words
        let setCapacity = max(nodeCount * stride, 1)
        func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
            pointer.initialize(repeating: value, count: max(count, 1))
            return pointer
        }
        weights = buffer(max(words, 1), 0)
        for word in 0..<words { weights[word] = characters.weights[word] }
        parent = buffer(nodeCount, -1)
        left = buffer(nodeCount, -1)
        right = buffer(nodeCount, -1)
        down = buffer(setCapacity, 0)
        up = buffer(setCapacity, 0)
        edge = buffer(setCapacity, 0)
        pathDown = buffer(setCapacity, 0)
        upNew = buffer(setCapacity, 0)
        edgeNew = buffer(setCapacity, 0)
        localCost = buffer(nodeCount, 0)
        subtreeCost = buffer(nodeCount, 0)
        fresh = buffer(nodeCount, false)
        touched = buffer(nodeCount, 0)
        preorder = buffer(nodeCount, 0)
        position = buffer(nodeCount, 0)
        size = buffer(nodeCount, 0)
        stack = buffer(nodeCount, 0)
        listA = buffer(nodeCount, 0)
        listB = buffer(nodeCount, 0)
        neighbours = buffer(3 * nodeCount, -1)
        for (leaf, taxon) in leafTaxa.enumerated() {
            let set = down + leaf * stride
            for word in 0..<words {
                let bits = characters.ones[taxon * words + word]
                set[2 * word] = ~bits
                set[2 * word + 1] = bits
            }
        }
    }

    deinit {
        for pointer in [down, up, edge, pathDown, upNew, edgeNew] { pointer.deallocate() }
        for pointer in [weights, parent, left, right, localCost, subtreeCost, touched, preorder, position, size] {
            pointer.deallocate()
        }
        for pointer in [stack, listA, listB, neighbours] { pointer.deallocate() }
        fresh.deallocate()
    }

    /// The parent of each node (`-1` for leaf 0), the tree's shape once the search is over.
    var parents: [Int] { (0..<nodeCount).map { parent[$0] } }

    @inline(__always) private func set(_ base: UnsafeMutablePointer<UInt64>, _ node: Int) -> UnsafeMutablePointer<
        UInt64
    > {
        base + node * stride
    }

    // MARK: Set arithmetic

    /// Fitch's rule: `out` = a ∩ b where not empty, else a ∪ b; returns the weighted number of empty intersections.
    @inline(__always)
    private func combine(
        _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, into out: UnsafeMutablePointer<UInt64>
    ) -> Int {
        var cost = 0
        var index = 0
        var word = 0
        while index < stride {
            let zero = a[index] & b[index]
            let one = a[index + 1] & b[index + 1]
            let empty = ~(zero | one)
            out[index] = zero | empty
            out[index + 1] = one | empty
            cost &+= empty.nonzeroBitCount &* weights[word]
            index &+= 2
            word &+= 1
        }
        return cost
    }

    /// Fitch's rule without counting.
    @inline(__always)
    private func combineSets(
        _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, into out: UnsafeMutablePointer<UInt64>
    ) {
        var index = 0
        while index < stride {
            let zero = a[index] & b[index]
            let one = a[index + 1] & b[index + 1]
            let empty = ~(zero | one)
            out[index] = zero | empty
            out[index + 1] = one | empty
            index &+= 2
        }
    }

    /// Fitch's rule into `out`; returns whether the result differs from `reference`.
    @inline(__always)
    private func combineDiffers(
        _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, into out: UnsafeMutablePointer<UInt64>,
        from reference: UnsafePointer<UInt64>
    ) -> Bool {
        var difference: UInt64 = 0
        var index = 0
        while index < stride {
            let zero = a[index] & b[index]
            let one = a[index + 1] & b[index + 1]
            let empty = ~(zero | one)
            let outZero = zero | empty
            let outOne = one | empty
            out[index] = outZero
            out[index + 1] = outOne
            difference |= (outZero ^ reference[index]) | (outOne ^ reference[index + 1])
            index &+= 2
        }
        return difference != 0
    }

    @inline(__always)
    private func equalSets(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>) -> Bool {
        var difference: UInt64 = 0
        for index in 0..<stride { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// The weighted number of characters whose sets `a` and `b` are disjoint; stops early once it reaches `bound`.
    @inline(__always)
    private func joinCost(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, bound: Int) -> Int {
        var cost = 0
        var index = 0
        var word = 0
        while index < stride {
            let empty = ~((a[index] & b[index]) | (a[index + 1] & b[index + 1]))
            cost &+= empty.nonzeroBitCount &* weights[word]
            if cost >= bound { return cost }
            index &+= 2
            word &+= 1
        }
        return cost
    }

    // MARK: Whole-tree passes

    /// Recomputes every set, the costs, the preorder and the length of the current tree.
    private func fullPass() {
        preorderCount = 0
        stack[0] = top
        var depth = 1
        while depth > 0 {
            depth -= 1
            let node = stack[depth]
            position[node] = preorderCount
            preorder[preorderCount] = node
            preorderCount += 1
            if node >= leafCount {
                stack[depth] = right[node]
                stack[depth + 1] = left[node]
                depth += 2
            }
        }
        for place in Swift.stride(from: preorderCount - 1, through: 0, by: -1) {
            let node = preorder[place]
            if node < leafCount {
                size[node] = 1
                continue
            }
            let a = left[node]
            let b = right[node]
            let cost = combine(set(down, a), set(down, b), into: set(down, node))
            localCost[node] = cost
            subtreeCost[node] = cost + subtreeCost[a] + subtreeCost[b]
            size[node] = 1 + size[a] + size[b]
        }
        rootTerm = joinCost(set(down, 0), set(down, top), bound: Int.max)
        length = subtreeCost[top] + rootTerm
        set(up, top).update(from: set(down, 0), count: stride)
        for place in 0..<preorderCount {
            let node = preorder[place]
            combineSets(set(down, node), set(up, node), into: set(edge, node))
            guard node >= leafCount else { continue }
            let a = left[node]
            let b = right[node]
            combineSets(set(up, node), set(down, b), into: set(up, a))
            combineSets(set(up, node), set(down, a), into: set(up, b))
        }
    }

    // MARK: Stepwise addition

    /// Builds a tree by adding the leaves in index order, each where it adds the fewest steps (first such edge in
    /// preorder).
    func stepwiseAddition() {
        let n = leafCount
        top = n
        parent[n] = 0
        left[n] = 1
        right[n] = 2
        parent[1] = n
        parent[2] = n
        for leaf in 3..<max(n, 3) {
            fullPass()
            let leafSet = set(down, leaf)
            var best = Int.max
            var bestNode = -1
            for place in 0..<preorderCount {
                let node = preorder[place]
                let cost = joinCost(leafSet, set(edge, node), bound: best)
                if cost < best {
                    best = cost
                    bestNode = node
                }
            }
            examined += preorderCount
            let joint = n + leaf - 2
            let above = parent[bestNode]
            parent[joint] = above
            if above == 0 {
                top = joint
            } else if left[above] == bestNode {
                left[above] = joint
            } else {
                right[above] = joint
            }
            left[joint] = bestNode
            right[joint] = leaf
            parent[bestNode] = joint
            parent[leaf] = joint
        }
        fullPass()
    }

    // MARK: Rearrangement

    /// Applies improving SPR (`tbr == false`) or TBR rearrangements until none is left; returns the length.
    ///
    /// Edges are cut in turn (by the node below them); after each cut the best strictly shorter reconnection, if
    /// any, is made at once. The search stops when a full round of cuts finds none.
    @discardableResult
    func rearrange(tbr: Bool) -> Int {
        guard leafCount > 3 else { return length }
        let edges = nodeCount - 1
        var failures = 0
        var node = 1
        while failures < edges {
            if let move = bestMove(splitting: node, tbr: tbr) {
                apply(move)
                let expected = length - move.gain
                fullPass()
                assert(length == expected, "incremental score \(expected) disagrees with full pass \(length)")
                failures = 0
            } else {
                failures += 1
            }
            node = node % edges + 1
        }
        return length
    }

    private struct Move {
        /// The node below the cut edge.
        var split: Int
        /// The edge of the part below the cut to reconnect: above this node, or the part's own root edge when
        /// it is `split`.
        var lower: Int
        /// The edge of the part above the cut: above this node (the sibling of `split` stands for the edge left
        /// where the cut was), or leaf 0 itself when `split` is `top`.
        var upper: Int
        var gain: Int
    }

    @inline(__always) private func touch(_ node: Int) {
        fresh[node] = true
        touched[touchedCount] = node
        touchedCount += 1
    }

    /// Sets `node`'s new up set to Fitch(a, b); when it differs from the stored one, computes its new edge set and
    /// queues the node so that the change is carried below it.
    @inline(__always) private func refreshUp(_ node: Int, _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>) {
        guard combineDiffers(a, b, into: set(upNew, node), from: set(up, node)) else { return }
        touch(node)
        combineSets(set(down, node), set(upNew, node), into: set(edgeNew, node))
        if node >= leafCount {
            stack[stackCount] = node
            stackCount += 1
        }
    }

    /// Carries changed up sets down from the queued nodes.
    private func carryChanges() {
        while stackCount > 0 {
            stackCount -= 1
            let node = stack[stackCount]
            let a = left[node]
            let b = right[node]
            let nodeUp = set(upNew, node)
            refreshUp(a, nodeUp, set(down, b))
            refreshUp(b, nodeUp, set(down, a))
        }
    }

    /// The best strictly improving reconnection after cutting the edge above `split`, if any.
    private func bestMove(splitting split: Int, tbr: Bool) -> Move? {
        let joint = parent[split]
        touchedCount = 0
        stackCount = 0
        defer {
            for index in 0..<touchedCount { fresh[touched[index]] = false }
        }
        // The upper part, with `sibling` in the place of `joint`: new down sets up the path from the cut for as long
        // as they change, and the up sets of the nodes hanging from that path.
        let lowerLength = split < leafCount ? 0 : subtreeCost[split]
        var upperLength = 0
        var sibling = -1
        if joint != 0 {
            sibling = left[joint] == split ? right[joint] : left[joint]
            let grand = parent[joint]
            if grand == 0 {
                upperLength = subtreeCost[sibling] + joinCost(set(down, 0), set(down, sibling), bound: Int.max)
                // The sibling becomes the top: its new up set is leaf 0's set (Fitch of a set with itself).
                refreshUp(sibling, set(down, 0), set(down, 0))
            } else {
                var change = 0
                var below = joint
                var belowSet = UnsafePointer(set(down, sibling))
                var node = grand
                var newRootTerm = rootTerm
                while true {
                    let other = left[node] == below ? right[node] : left[node]
                    if node == grand { refreshUp(sibling, set(up, grand), set(down, other)) }
                    refreshUp(other, set(up, node), belowSet)
                    let cost = combine(belowSet, set(down, other), into: set(pathDown, node))
                    if equalSets(set(pathDown, node), set(down, node)) { break }
                    change += cost - localCost[node]
                    touch(node)
                    combineSets(set(pathDown, node), set(up, node), into: set(edgeNew, node))
                    belowSet = UnsafePointer(set(pathDown, node))
                    below = node
                    node = parent[node]
                    if node == 0 {
                        newRootTerm = joinCost(set(down, 0), belowSet, bound: Int.max)
                        break
                    }
                }
                upperLength = length - lowerLength - localCost[joint] + change - rootTerm + newRootTerm
            }
        }
        let current = length - lowerLength - upperLength
        guard current > 0 else { return nil }
        carryChanges()

        // The lower part: up sets from its two halves downward, where they differ from the stored ones.
        var countA = 1
        listA[0] = split
        if split >= leafCount {
            let a = left[split]
            let b = right[split]
            // Rooted at the cut, each half sees the other as its up set.
            refreshUp(a, set(down, b), set(down, b))
            refreshUp(b, set(down, a), set(down, a))
            carryChanges()
            let start = position[split] + 1
            for place in start..<(start + size[split] - 1) {
                let node = preorder[place]
                if node != a && node != b {
                    listA[countA] = node
                    countA += 1
                }
            }
        }
        var countB = 0
        if joint == 0 {
            listB[0] = 0
            countB = 1
        } else {
            let lowerStart = position[split]
            let lowerEnd = lowerStart + size[split]
            for place in 0..<preorderCount where place < lowerStart || place >= lowerEnd {
                let node = preorder[place]
                if node != joint {
                    listB[countB] = node
                    countB += 1
                }
            }
        }
        @inline(__always) func edgeSetA(_ node: Int) -> UnsafeMutablePointer<UInt64> {
            node == split ? set(down, split) : (fresh[node] ? set(edgeNew, node) : set(edge, node))
        }
        @inline(__always) func edgeSetB(_ node: Int) -> UnsafeMutablePointer<UInt64> {
            joint == 0 ? set(down, 0) : (fresh[node] ? set(edgeNew, node) : set(edge, node))
        }

        // Reconnections: TBR joins any edge of one part to any edge of the other; SPR keeps one part's
        // attachment point (the lower part's root edge, or the upper part's edge left by the cut).
        var best = current
        var bestLower = -1
        var bestUpper = -1
        let junction = joint == 0 ? 0 : sibling
        if tbr {
            for indexB in 0..<countB {
                let upper = listB[indexB]
                let upperSet = edgeSetB(upper)
                for indexA in 0..<countA {
                    let lower = listA[indexA]
                    let cost = joinCost(edgeSetA(lower), upperSet, bound: best)
                    if cost < best {
                        best = cost
                        bestLower = lower
                        bestUpper = upper
                    }
                }
            }
            examined += countA * countB
        } else {
            let rootSet = edgeSetA(split)
            for indexB in 0..<countB {
                let upper = listB[indexB]
                let cost = joinCost(rootSet, edgeSetB(upper), bound: best)
                if cost < best {
                    best = cost
                    bestLower = split
                    bestUpper = upper
                }
            }
            let junctionSet = edgeSetB(junction)
            for indexA in 1..<max(countA, 1) {
                let lower = listA[indexA]
                let cost = joinCost(edgeSetA(lower), junctionSet, bound: best)
                if cost < best {
                    best = cost
                    bestLower = lower
                    bestUpper = junction
                }
            }
            examined += countA + countB
        }
        guard bestLower >= 0 else { return nil }
        return Move(split: split, lower: bestLower, upper: bestUpper, gain: current - best)
    }

    // MARK: Tree surgery

    @inline(__always) private func replaceNeighbour(_ node: Int, _ old: Int, with new: Int) {
        let base = node * 3
        if neighbours[base] == old {
            neighbours[base] = new
        } else if neighbours[base + 1] == old {
            neighbours[base + 1] = new
        } else {
            neighbours[base + 2] = new
        }
    }

    /// Inserts the free node `middle` on the edge `a`–`b`, leaving its third slot for the caller.
    private func subdivide(_ a: Int, _ b: Int, with middle: Int) {
        replaceNeighbour(a, b, with: middle)
        replaceNeighbour(b, a, with: middle)
        neighbours[middle * 3] = a
        neighbours[middle * 3 + 1] = b
        neighbours[middle * 3 + 2] = -1
    }

    private func apply(_ move: Move) {
        // Unrooted adjacency of the current tree.
        for node in 0..<(3 * nodeCount) { neighbours[node] = -1 }
        for node in 1..<nodeCount {
            let above = parent[node]
            neighbours[node * 3] = above
            if above == 0 {
                neighbours[0] = node
            } else {
                neighbours[above * 3 + (left[above] == node ? 1 : 2)] = node
            }
        }
        let split = move.split
        let joint = parent[split]
        // Where the lower part reconnects, in the adjacency after the cut.
        var lowerA = -1
        var lowerB = -1
        if split >= leafCount {
            let a = left[split]
            let b = right[split]
            replaceNeighbour(a, split, with: b)
            replaceNeighbour(b, split, with: a)
            if move.lower == split {
                (lowerA, lowerB) = (a, b)
            } else {
                let above = parent[move.lower]
                (lowerA, lowerB) = (move.lower, above == split ? (move.lower == a ? b : a) : above)
            }
        }
        var upperA = -1
        var upperB = -1
        if joint != 0 {
            let sibling = left[joint] == split ? right[joint] : left[joint]
            let grand = parent[joint]
            replaceNeighbour(sibling, joint, with: grand)
            replaceNeighbour(grand, joint, with: sibling)
            if move.upper == sibling {
                (upperA, upperB) = (sibling, grand)
            } else {
                (upperA, upperB) = (move.upper, parent[move.upper])
            }
        }
        // Rejoin: subdivide the chosen edges with the two freed nodes and connect them.
        var lowerEnd = split
        if split >= leafCount {
            subdivide(lowerA, lowerB, with: split)
            lowerEnd = split
        }
        var upperEnd = 0
        if joint != 0 {
            subdivide(upperA, upperB, with: joint)
            upperEnd = joint
        }
        if split >= leafCount {
            neighbours[split * 3 + 2] = upperEnd
        } else {
            neighbours[split * 3] = upperEnd
        }
        if joint != 0 {
            neighbours[joint * 3 + 2] = lowerEnd
        } else {
            neighbours[0] = lowerEnd
        }
        rootAtLeafZero()
    }

    /// Rebuilds `parent`, `left`, `right` and `top` from the adjacency, rooted at leaf 0.
    private func rootAtLeafZero() {
        top = neighbours[0]
        parent[0] = -1
        parent[top] = 0
        var depth = 0
        stack[0] = top
        depth = 1
        while depth > 0 {
            depth -= 1
            let node = stack[depth]
            guard node >= leafCount else { continue }
            var children = 0
            for slot in 0..<3 {
                let next = neighbours[node * 3 + slot]
                if next == parent[node] { continue }
                parent[next] = node
                if children == 0 { left[node] = next } else { right[node] = next }
                children += 1
                stack[depth] = next
                depth += 1
            }
        }
    }
}
