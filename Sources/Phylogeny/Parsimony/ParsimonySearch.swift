import Dispatch
import Synchronization

/// Heuristic search for the most parsimonious tree of a binary character matrix (Fitch parsimony, a value other
/// than 0 counting as state 1).
///
/// Each addition sequence adds the taxa in a seeded random order, each at its cheapest place, then rearranges the
/// tree (SPR, then TBR when asked) until no rearrangement shortens it. The shortest tree over all sequences wins;
/// ties go to the earlier sequence. Results depend only on the matrix and the options, not on thread scheduling.
public enum ParsimonySearch {
    /// The family of rearrangements tried on each tree.
    public enum Rearrangement: String, Sendable, Hashable, CaseIterable {
        /// Subtree pruning and regrafting.
        case spr
        /// Tree bisection and reconnection (includes every SPR move).
        case tbr
    }

    /// Settings of a search.
    public struct Options: Sendable, Hashable {
        /// Number of random addition sequences (values below 1 count as 1).
        public var additionSequences: Int = 10
        /// Rearrangements applied after each addition sequence.
        public var rearrangement: Rearrangement = .tbr
        /// Seed of the addition orders.
        public var seed: UInt64 = 1

        /// Creates search settings.
        public init(additionSequences: Int = 10, rearrangement: Rearrangement = .tbr, seed: UInt64 = 1) {
            self.additionSequences = additionSequences
            self.rearrangement = rearrangement
            self.seed = seed
        }
    }

    /// Searches for a most parsimonious tree of `matrix`.
    ///
    /// The tree is unrooted (a root of degree 3 next to the first taxon), its leaves named by the taxa, children
    /// ordered by the smallest taxon index below them, so that the same matrix and options give the same tree.
    /// Each branch length is the number of characters that change on it in one most-parsimonious reconstruction:
    /// Fitch's final pass from the first taxon, in which a node keeps the state of the node above it whenever its
    /// down-pass set allows (changes are delayed towards the leaves). The lengths sum to ``ParsimonyResult/length``.
    /// With fewer than three taxa the only tree is returned.
    ///
    /// - Throws: nothing at present (every ``FeatureMatrix`` can be searched); `throws` leaves room for checks of
    ///   future options.
    public static func run(_ matrix: FeatureMatrix, options: Options = .init()) throws -> ParsimonyResult {
        let taxonCount = matrix.taxa.count
        guard taxonCount >= 3 else { return trivialResult(matrix) }
        let characters = PackedCharacters(matrix)
        let sequences = taxonCount == 3 ? 1 : max(1, options.additionSequences)
        let outcomes = Mutex<[SequenceOutcome?]>(Array(repeating: nil, count: sequences))
        DispatchQueue.concurrentPerform(iterations: sequences) { index in
            var generator = SeededGenerator(seed: options.seed, stream: index)
            var order = Array(0..<taxonCount)
            for position in stride(from: taxonCount - 1, to: 0, by: -1) {
                let other = Int(generator.next() % UInt64(position + 1))
                order.swapAt(position, other)
            }
            let engine = SearchEngine(characters, leafTaxa: order)
            engine.stepwiseAddition()
            engine.rearrange(tbr: false)
            if options.rearrangement == .tbr { engine.rearrange(tbr: true) }
            let outcome = SequenceOutcome(
                length: engine.length, leafTaxa: order, parents: engine.parents, examined: engine.examined)
            outcomes.withLock { $0[index] = outcome }
        }
        let finished = outcomes.withLock { $0.map { $0! } }
        var best = finished[0]
        for outcome in finished.dropFirst() where outcome.length < best.length { best = outcome }
        let (tree, length) = canonicalTree(matrix, best)
        assert(length == best.length + characters.constantLength, "reconstruction disagrees with the search score")
        return ParsimonyResult(tree: tree, length: length, treesExamined: finished.reduce(0) { $0 + $1.examined })
    }
}

/// The outcome of ``ParsimonySearch/run(_:options:)``.
public struct ParsimonyResult: Sendable {
    /// The most parsimonious tree found, unrooted, branch lengths in character changes.
    public var tree: Tree
    /// Its Fitch length over all characters.
    public var length: Int
    /// Number of trees scored during the search (addition places and rearrangements), over all sequences.
    public var treesExamined: Int
}

/// The tree one addition sequence ended with, in the engine's numbering.
struct SequenceOutcome: Sendable {
    var length: Int
    /// Taxon of each engine leaf.
    var leafTaxa: [Int]
    /// Parent of each engine node (leaf 0 is the base and has none).
    var parents: [Int]
    var examined: Int
}

extension ParsimonySearch {
    static func trivialResult(_ matrix: FeatureMatrix) -> ParsimonyResult {
        switch matrix.taxa.count {
        case 0:
            return ParsimonyResult(tree: Tree(), length: 0, treesExamined: 0)
        case 1:
            let tree = Tree(nodes: [Tree.Node(name: matrix.taxa[0])], root: 0, isRooted: false)
            return ParsimonyResult(tree: tree, length: 0, treesExamined: 1)
        default:
            let bits = matrix.presenceBits()
            let changes = zip(bits[0], bits[1]).reduce(0) { $0 + ($1.0 ^ $1.1).nonzeroBitCount }
            var tree = Tree(isRooted: false)
            tree.addChild(to: 0, name: matrix.taxa[0], length: 0)
            tree.addChild(to: 0, name: matrix.taxa[1], length: Double(changes))
            return ParsimonyResult(tree: tree, length: changes, treesExamined: 1)
        }
    }

    /// The canonical ``Tree`` of an outcome, with branch lengths from a reconstruction over all characters, and the
    /// total length.
    static func canonicalTree(_ matrix: FeatureMatrix, _ outcome: SequenceOutcome) -> (Tree, Int) {
        let taxonCount = matrix.taxa.count
        let nodeCount = outcome.parents.count
        // Undirected edges in taxon numbering: leaf i is taxon leafTaxa[i]; internal nodes keep their numbers.
        func relabel(_ node: Int) -> Int { node < taxonCount ? outcome.leafTaxa[node] : node }
        var neighbours = [[Int]](repeating: [], count: nodeCount)
        for node in 0..<nodeCount where outcome.parents[node] >= 0 {
            let a = relabel(node)
            let b = relabel(outcome.parents[node])
            neighbours[a].append(b)
            neighbours[b].append(a)
        }
        // Root at taxon 0; order nodes so that children come before parents.
        var parent = [Int](repeating: -1, count: nodeCount)
        var order = [0]
        var visited = [Bool](repeating: false, count: nodeCount)
        visited[0] = true
        var position = 0
        while position < order.count {
            let node = order[position]
            position += 1
            for next in neighbours[node] where !visited[next] {
                visited[next] = true
                parent[next] = node
                order.append(next)
            }
        }
        var children = [[Int]](repeating: [], count: nodeCount)
        for node in order.dropFirst() { children[parent[node]].append(node) }
        var smallest = [Int](repeating: Int.max, count: nodeCount)
        for node in order.reversed() {
            smallest[node] = node < taxonCount ? node : children[node].map { smallest[$0] }.min()!
        }
        for node in 0..<nodeCount { children[node].sort { smallest[$0] < smallest[$1] } }

        // Fitch down pass over all characters, then the final pass from taxon 0.
        let words = (matrix.characterCount + 63) / 64
        let bits = matrix.presenceBits()
        var canBeZero = [[UInt64]](repeating: [], count: nodeCount)
        var canBeOne = [[UInt64]](repeating: [], count: nodeCount)
        for node in order.reversed() where node != 0 {
            if node < taxonCount {
                canBeOne[node] = bits[node]
                canBeZero[node] = bits[node].map { ~$0 }
            } else {
                let (a, b) = (children[node][0], children[node][1])
                var zero = [UInt64](repeating: 0, count: words)
                var one = zero
                for word in 0..<words {
                    let bothZero = canBeZero[a][word] & canBeZero[b][word]
                    let bothOne = canBeOne[a][word] & canBeOne[b][word]
                    let empty = ~(bothZero | bothOne)
                    zero[word] = bothZero | empty
                    one[word] = bothOne | empty
                }
                canBeZero[node] = zero
                canBeOne[node] = one
            }
        }
        var state = [[UInt64]](repeating: [], count: nodeCount)
        var changes = [Int](repeating: 0, count: nodeCount)
        state[0] = bits[0]
        for node in order.dropFirst() {
            let above = state[parent[node]]
            var own = [UInt64](repeating: 0, count: words)
            var count = 0
            for word in 0..<words {
                own[word] = (above[word] & canBeOne[node][word]) | (~above[word] & ~canBeZero[node][word])
                count += (own[word] ^ above[word]).nonzeroBitCount
            }
            state[node] = own
            changes[node] = count
        }

        // The tree: root at the internal node next to taxon 0, which becomes its first child.
        let top = children[0][0]
        var tree = Tree(isRooted: false)
        tree.addChild(to: 0, name: matrix.taxa[0], length: Double(changes[top]))
        var stack = children[top].reversed().map { (node: $0, parent: 0) }
        while let (node, treeParent) = stack.popLast() {
            let name = node < taxonCount ? matrix.taxa[node] : nil
            let index = tree.addChild(to: treeParent, name: name, length: Double(changes[node]))
            stack.append(contentsOf: children[node].reversed().map { (node: $0, parent: index) })
        }
        return (tree, changes.reduce(0, +))
    }
}
