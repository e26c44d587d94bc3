/// A phylogenetic tree: nodes with optional names, branch lengths and support values.
///
/// Stored as an array of nodes linked by index. An unrooted tree is held with a root of degree 3 or more,
/// as Newick writes it; ``Tree/isRooted`` says which reading is meant.
public struct Tree: Sendable, Hashable {
    /// One node of a tree.
    public struct Node: Sendable, Hashable {
        /// The taxon name of a leaf, or an optional label of an internal node.
        public var name: String?
        /// Length of the branch to the parent, when known.
        public var length: Double?
        /// Support of the branch to the parent (bootstrap share 0…1, or a count), when known.
        public var support: Double?
        /// The parent's index; nil for the root.
        public var parent: Int?
        /// Children's indices, in order.
        public var children: [Int]

        /// Creates a node.
        public init(
            name: String? = nil, length: Double? = nil, support: Double? = nil, parent: Int? = nil,
            children: [Int] = []
        ) {
            self.name = name
            self.length = length
            self.support = support
            self.parent = parent
            self.children = children
        }

        /// Whether the node has no children.
        public var isLeaf: Bool { children.isEmpty }
    }

    /// All nodes; indices are stable until the tree is rebuilt.
    public var nodes: [Node]
    /// Index of the root node.
    public var root: Int
    /// Whether the root is meaningful (UPGMA, midpoint or outgroup rooting) rather than an arbitrary base.
    public var isRooted: Bool

    /// A tree holding only a root node.
    public init(isRooted: Bool = false) {
        nodes = [Node()]
        root = 0
        self.isRooted = isRooted
    }

    /// Creates a tree from nodes linked by index.
    public init(nodes: [Node], root: Int, isRooted: Bool) {
        self.nodes = nodes
        self.root = root
        self.isRooted = isRooted
    }

    /// Adds a node under `parent` and returns its index.
    @discardableResult
    public mutating func addChild(
        to parent: Int, name: String? = nil, length: Double? = nil, support: Double? = nil
    ) -> Int {
        let index = nodes.count
        nodes.append(Node(name: name, length: length, support: support, parent: parent))
        nodes[parent].children.append(index)
        return index
    }

    /// The node at `index`.
    public subscript(index: Int) -> Node {
        get { nodes[index] }
        set { nodes[index] = newValue }
    }

    /// Node indices with every child before its parent, children in order.
    public func postorder() -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(nodes.count)
        var stack: [(node: Int, expanded: Bool)] = [(root, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded || nodes[node].children.isEmpty {
                order.append(node)
            } else {
                stack.append((node, true))
                for child in nodes[node].children.reversed() { stack.append((child, false)) }
            }
        }
        return order
    }

    /// Node indices with every parent before its children, children in order.
    public func preorder() -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(nodes.count)
        var stack = [root]
        while let node = stack.popLast() {
            order.append(node)
            stack.append(contentsOf: nodes[node].children.reversed())
        }
        return order
    }

    /// Leaf indices in drawing order (left to right).
    public var leaves: [Int] { preorder().filter { nodes[$0].isLeaf } }

    /// Leaf names in drawing order; unnamed leaves give "".
    public var leafNames: [String] { leaves.map { nodes[$0].name ?? "" } }

    /// The index of the leaf named `name`, or nil.
    public func leaf(named name: String) -> Int? {
        nodes.indices.first { nodes[$0].isLeaf && nodes[$0].name == name }
    }

    /// Sum of branch lengths from the root to each node (missing lengths count as 0).
    public func depths() -> [Double] {
        var depth = [Double](repeating: 0, count: nodes.count)
        for node in preorder() where node != root {
            depth[node] = depth[nodes[node].parent!] + (nodes[node].length ?? 0)
        }
        return depth
    }

    /// A copy holding only the nodes reachable from the root, renumbered in preorder.
    public func compacted() -> Tree {
        let order = preorder()
        var newIndex = [Int](repeating: -1, count: nodes.count)
        for (position, node) in order.enumerated() { newIndex[node] = position }
        let compactNodes = order.map { old -> Node in
            var node = nodes[old]
            node.parent = node.parent.map { newIndex[$0] }
            node.children = node.children.map { newIndex[$0] }
            return node
        }
        return Tree(nodes: compactNodes, root: 0, isRooted: isRooted)
    }
}
