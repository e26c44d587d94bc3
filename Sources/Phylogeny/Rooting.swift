extension Tree {
    /// The tree rooted at the midpoint of its longest leaf-to-leaf path.
    ///
    /// The branch holding the midpoint is split in two, the lengths of the halves summing to the branch's; both halves
    /// keep the branch's support. When the midpoint falls exactly on an internal node, that node becomes the root.
    /// Ties between equally long paths go to the first pair of leaves in drawing order.
    ///
    /// - Throws: ``PhylogenyError`` `.invalidTree` when a branch has no length or the tree has fewer than two leaves.
    public func rootedAtMidpoint() throws -> Tree {
        let base = unrooted()
        for node in base.preorder() where node != base.root && base.nodes[node].length == nil {
            throw PhylogenyError(.invalidTree, "midpoint rooting needs branch lengths, and a branch has none")
        }
        let leaves = base.leaves
        guard leaves.count >= 2 else { throw PhylogenyError(.invalidTree, "midpoint rooting needs two leaves") }
        let depth = base.depths()
        let ancestors = base.ancestorLists()
        // The longest leaf-to-leaf path: distance via the lowest common ancestor.
        var best: (a: Int, b: Int, lca: Int, length: Double)? = nil
        for (i, a) in leaves.enumerated() {
            for b in leaves[(i + 1)...] {
                let lca = base.commonAncestor(a, b, ancestors: ancestors)
                let length = depth[a] + depth[b] - 2 * depth[lca]
                if best == nil || length > best!.length { best = (a, b, lca, length) }
            }
        }
        let (a, b, lca, total) = best!
        let half = total / 2
        // Walk from a up to the common ancestor, then down to b.
        var path: [(from: Int, to: Int, child: Int, length: Double)] = []
        var node = a
        while node != lca {
            let up = base.nodes[node].parent!
            path.append((node, up, node, base.nodes[node].length!))
            node = up
        }
        var down: [(from: Int, to: Int, child: Int, length: Double)] = []
        node = b
        while node != lca {
            let up = base.nodes[node].parent!
            down.append((up, node, node, base.nodes[node].length!))
            node = up
        }
        path += down.reversed()
        let tolerance = 1e-12 * max(1, abs(total))
        var walked = 0.0
        for step in path {
            if abs(walked - half) <= tolerance, step.from != a {
                return base.rerooted(atNode: step.from)
            }
            if walked + step.length > half + tolerance || step.to == b {
                let beyond = min(max(half - walked, 0), step.length)
                // Distance from the new root to the branch's lower end (its child).
                let toChild = step.child == step.from ? beyond : step.length - beyond
                return base.rerooted(onBranchAbove: step.child, lengthBelow: toChild)
            }
            walked += step.length
        }
        return base.rerooted(onBranchAbove: path.last!.child, lengthBelow: 0)
    }

    /// The tree rooted on the branch that separates the `outgroup` taxa from all others.
    ///
    /// The branch is split in two halves (lengths halved when known), both keeping its support; every other branch
    /// keeps its length and support, so the tree holds the same splits with the same support as before.
    ///
    /// - Throws: ``PhylogenyError`` `.unknownTaxon` for a name that is not a leaf; `.invalidTree` when the outgroup is
    ///   empty, holds every taxon, or is not one side of a branch (not monophyletic in the unrooted tree).
    public func rooted(outgroup: [String]) throws -> Tree {
        let base = unrooted()
        let leafNodes = base.leaves
        guard Set(leafNodes.compactMap { base.nodes[$0].name }).count == leafNodes.count else {
            throw PhylogenyError(.invalidTree, "outgroup rooting needs every leaf named, and named once")
        }
        var taxa: [String: Int] = [:]
        for (position, node) in leafNodes.enumerated() { taxa[base.nodes[node].name!] = position }
        var wanted = Set<Int>()
        for name in outgroup {
            guard let taxon = taxa[name] else {
                throw PhylogenyError(.unknownTaxon, "outgroup taxon \"\(name)\" is not a leaf of the tree")
            }
            wanted.insert(taxon)
        }
        guard !wanted.isEmpty, wanted.count < leafNodes.count else {
            throw PhylogenyError(.invalidTree, "an outgroup needs at least one taxon and not all of them")
        }
        let below = try base.leafSets(index: taxa, taxonCount: leafNodes.count)
        let target = Split(wanted, taxonCount: leafNodes.count)
        // The node below the branch: its leaves are the outgroup, or all but the outgroup.
        guard
            let node = base.preorder().first(where: {
                $0 != base.root && Split(words: below[$0], taxonCount: leafNodes.count) == target
            })
        else {
            let names = outgroup.joined(separator: ", ")
            throw PhylogenyError(.invalidTree, "the outgroup (\(names)) is not monophyletic: no branch separates it")
        }
        return base.rerooted(onBranchAbove: node, lengthBelow: base.nodes[node].length.map { $0 / 2 })
    }

    /// The tree read as unrooted: a root with two children is removed, its two branches merged into one (lengths
    /// summed, the support of either kept); a root with one child is dropped. `isRooted` becomes false.
    public func unrooted() -> Tree {
        var tree = self
        tree.isRooted = false
        while true {
            let root = tree.root
            let children = tree.nodes[root].children
            if children.count == 1 {
                let child = children[0]
                tree.nodes[child].parent = nil
                tree.nodes[child].length = nil
                tree.nodes[child].support = nil
                tree.root = child
                continue
            }
            // A root with two children: one internal child takes the other as its own.
            guard children.count == 2, let keep = children.first(where: { !tree.nodes[$0].isLeaf }) else { break }
            let other = children[0] == keep ? children[1] : children[0]
            let kept = tree.nodes[keep]
            let moved = tree.nodes[other]
            tree.nodes[other].parent = keep
            tree.nodes[other].length =
                kept.length == nil && moved.length == nil ? nil : (kept.length ?? 0) + (moved.length ?? 0)
            tree.nodes[other].support = moved.support ?? kept.support
            tree.nodes[keep].children.append(other)
            tree.nodes[keep].parent = nil
            tree.nodes[keep].length = nil
            tree.nodes[keep].support = nil
            tree.root = keep
            break
        }
        return tree.compacted()
    }

    /// The tree with each node's children ordered by the number of leaves below them, fewest first (or most first),
    /// ties kept in their order.
    public func ladderized(largestFirst: Bool = false) -> Tree {
        var tree = self
        var size = [Int](repeating: 0, count: nodes.count)
        for node in postorder() {
            size[node] = nodes[node].isLeaf ? 1 : nodes[node].children.reduce(0) { $0 + size[$1] }
        }
        for node in nodes.indices where !nodes[node].children.isEmpty {
            let ordered = nodes[node].children.enumerated().sorted { a, b in
                if size[a.element] != size[b.element] {
                    return largestFirst ? size[a.element] > size[b.element] : size[a.element] < size[b.element]
                }
                return a.offset < b.offset
            }
            tree.nodes[node].children = ordered.map(\.element)
        }
        return tree.compacted()
    }

    /// The tree with a new root inserted on the branch above `node`, `lengthBelow` from `node` (the rest of the
    /// branch's length above it); both parts keep the branch's support.
    func rerooted(onBranchAbove node: Int, lengthBelow: Double?) -> Tree {
        var tree = self
        let parent = nodes[node].parent!
        let middle = tree.nodes.count
        let length = nodes[node].length
        let above = length.map { $0 - (lengthBelow ?? $0 / 2) }
        tree.nodes.append(
            Node(length: above, support: nodes[node].support, parent: parent, children: [node]))
        tree.nodes[parent].children[tree.nodes[parent].children.firstIndex(of: node)!] = middle
        tree.nodes[node].parent = middle
        tree.nodes[node].length = length == nil ? nil : lengthBelow
        return tree.rerooted(atNode: middle)
    }

    /// The tree with `node` as its root: the branches on the path to the old root turn round, each keeping its
    /// length and support. An old root left with one child is removed, its two branches merged.
    func rerooted(atNode newRoot: Int) -> Tree {
        var tree = self
        tree.isRooted = true
        guard newRoot != root else { return tree.compacted() }
        // The path newRoot, its parent, …, the old root.
        var path = [newRoot]
        while let up = nodes[path.last!].parent { path.append(up) }
        for (step, node) in path.enumerated() {
            let below = step > 0 ? path[step - 1] : nil
            let above = step + 1 < path.count ? path[step + 1] : nil
            var children = nodes[node].children
            if let below {
                let position = children.firstIndex(of: below)!
                if let above { children[position] = above } else { children.remove(at: position) }
            } else if let above {
                children.append(above)
            }
            tree.nodes[node].children = children
            tree.nodes[node].parent = below
            // The branch to the new parent is the one that was below.
            tree.nodes[node].length = below.flatMap { nodes[$0].length }
            tree.nodes[node].support = below.flatMap { nodes[$0].support }
        }
        tree.root = newRoot
        // An old root left with a single child is a bend in a branch: merge its two parts.
        let oldRoot = root
        if tree.nodes[oldRoot].children.count == 1, let up = tree.nodes[oldRoot].parent {
            let child = tree.nodes[oldRoot].children[0]
            let outer = tree.nodes[oldRoot]
            tree.nodes[child].parent = up
            if outer.length != nil || tree.nodes[child].length != nil {
                tree.nodes[child].length = (outer.length ?? 0) + (tree.nodes[child].length ?? 0)
            }
            tree.nodes[child].support = tree.nodes[child].support ?? outer.support
            tree.nodes[up].children[tree.nodes[up].children.firstIndex(of: oldRoot)!] = child
            tree.nodes[oldRoot].children = []
            tree.nodes[oldRoot].parent = nil
        }
        return tree.compacted()
    }

    /// For each node, its ancestors from itself up to the root.
    func ancestorLists() -> [[Int]] {
        var lists = [[Int]](repeating: [], count: nodes.count)
        for node in preorder() {
            lists[node] = [node] + (nodes[node].parent.map { lists[$0] } ?? [])
        }
        return lists
    }

    /// The lowest node above (or at) both `a` and `b`.
    func commonAncestor(_ a: Int, _ b: Int, ancestors: [[Int]]) -> Int {
        let above = Set(ancestors[a])
        return ancestors[b].first(where: above.contains)!
    }
}
