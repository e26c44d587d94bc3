/// Seeded random binary characters evolved along a random tree, for tests and benchmarks.
public enum SimulatedCharacters {
    /// Evolves `characters` binary characters along a random rooted tree of `taxa` leaves.
    ///
    /// The tree joins random pairs of lineages until one is left (a Yule-like shape). Each character starts in a
    /// random state at the root and flips on each branch with probability `flipProbability` times a branch rate
    /// drawn between 0.25 and 1.75. Taxa are named `T001`, `T002`, …; the returned tree is rooted and its branch
    /// lengths count the characters that flipped on each branch. The same arguments give the same result.
    public static func evolve(taxa: Int, characters: Int, flipProbability: Double, seed: UInt64) -> (
        matrix: FeatureMatrix, tree: Tree
    ) {
        var generator = SeededGenerator(seed: seed)
        func uniform() -> Double { Double(generator.next() >> 11) * 0x1p-53 }
        let width = max(3, String(taxa).count)
        let names = (0..<taxa).map { index -> String in
            let digits = String(index + 1)
            return "T" + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        // Random joins: node i < taxa is a leaf; each join makes a new node.
        var tree = Tree(isRooted: true)
        guard taxa > 0 else {
            return (try! FeatureMatrix(taxa: [], characterCount: characters, values: []), tree)
        }
        var childrenOf: [[Int]] = Array(repeating: [], count: taxa)
        var lineages = Array(0..<taxa)
        while lineages.count > 1 {
            let first = lineages.remove(at: Int(generator.next() % UInt64(lineages.count)))
            let second = lineages.remove(at: Int(generator.next() % UInt64(lineages.count)))
            childrenOf.append([first, second])
            lineages.append(childrenOf.count - 1)
        }
        let rootNode = lineages[0]
        // Evolve from the root down, building the output tree at the same time.
        let words = (characters + 63) / 64
        let lastMask: UInt64 = characters % 64 == 0 ? ~0 : (1 << UInt64(characters % 64)) - 1
        var rootState = (0..<words).map { _ in generator.next() }
        if words > 0 { rootState[words - 1] &= lastMask }
        var rows = [[Double]](repeating: [], count: taxa)
        var stack: [(node: Int, state: [UInt64], treeIndex: Int)] = []
        for child in childrenOf[rootNode].reversed() { stack.append((child, rootState, 0)) }
        if rootNode < taxa {
            tree[0].name = names[rootNode]
            rows[rootNode] = (0..<characters).map { rootState[$0 >> 6] >> UInt64($0 & 63) & 1 == 0 ? 0 : 1 }
        }
        while let (node, parentState, treeParent) = stack.popLast() {
            let probability = min(1, flipProbability * (0.25 + 1.5 * uniform()))
            var state = parentState
            var flips = 0
            for character in 0..<characters where uniform() < probability {
                state[character >> 6] ^= 1 << UInt64(character & 63)
                flips += 1
            }
            let index = tree.addChild(to: treeParent, name: node < taxa ? names[node] : nil, length: Double(flips))
            if node < taxa {
                rows[node] = (0..<characters).map { state[$0 >> 6] >> UInt64($0 & 63) & 1 == 0 ? 0 : 1 }
            }
            for child in childrenOf[node].reversed() { stack.append((child, state, index)) }
        }
        // Names are unique and rows equal in length by construction.
        let matrix = try! FeatureMatrix(taxa: names, rows: rows)
        return (matrix, tree)
    }
}
