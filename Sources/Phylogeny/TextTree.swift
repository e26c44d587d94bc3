/// A rectangular drawing of a tree with box-drawing characters, for a terminal.
public enum TextTree {
    /// Draws `tree` in about `width` columns.
    ///
    /// Each leaf has a line of its own, ending in its name; the tree is drawn left to right from the root, with leaves
    /// in ``Tree/leaves`` order. When every branch has a length, horizontal distances are proportional to branch
    /// lengths (negative lengths drawn as 0) and a scale bar follows the tree; otherwise the drawing is a cladogram
    /// with all leaves aligned. A rooted tree gets a short stem at its root. Internal branches whose node has a
    /// support value are labelled with it as a percentage ("95" for 0.95; values above 1 are taken as counts and shown
    /// rounded). Very short branches are drawn a little longer than their scale so that every branch and label stays
    /// visible, and lines grow past `width` when names are too long to fit. Lines are separated by newlines, with no
    /// trailing newline and no trailing spaces.
    public static func render(_ tree: Tree, width: Int = 100) -> String {
        let order = tree.preorder()
        let leaves = order.filter { tree.nodes[$0].isLeaf }
        let root = tree.root

        // Rows: one per leaf; an internal node sits midway between its first and last child.
        var row = [Int](repeating: 0, count: tree.nodes.count)
        for (index, leaf) in leaves.enumerated() { row[leaf] = index }
        for node in order.reversed() where !tree.nodes[node].isLeaf {
            let children = tree.nodes[node].children
            row[node] = (row[children.first!] + row[children.last!]) / 2
        }

        var label = [Int: String]()
        for node in order where node != root && !tree.nodes[node].isLeaf {
            if let support = tree.nodes[node].support, support.isFinite {
                let shown = support <= 1 ? support * 100 : support
                label[node] = String(Int(shown.rounded()))
            }
        }

        // Columns.
        let stem = tree.isRooted ? 2 : 0
        let longestName = leaves.map { (tree.nodes[$0].name ?? "").count }.max() ?? 0
        let span = max(width - stem - longestName - 2, 12)
        var x = [Int](repeating: 0, count: tree.nodes.count)
        var target = [Int](repeating: stem, count: tree.nodes.count)
        let branches = order.filter { $0 != root }
        let phylogram = !branches.isEmpty && branches.allSatisfy { tree.nodes[$0].length?.isFinite ?? false }
        var depth = [Double](repeating: 0, count: tree.nodes.count)
        for node in branches {
            depth[node] = depth[tree.nodes[node].parent!] + max(0, tree.nodes[node].length ?? 0)
        }
        let maxDepth = depth.max() ?? 0
        var unitColumns = 0.0
        if phylogram && maxDepth > 0 {
            unitColumns = Double(span - 1) / maxDepth
            for node in branches { target[node] = stem + Int((depth[node] * unitColumns).rounded()) }
        } else {
            // Height in branches above the farthest leaf; leaves line up on the right.
            var height = [Int](repeating: 0, count: tree.nodes.count)
            for node in order.reversed() where !tree.nodes[node].isLeaf {
                height[node] = 1 + tree.nodes[node].children.map { height[$0] }.max()!
            }
            let levels = max(height[root], 1)
            let step = max(label.isEmpty ? 2 : 5, (span - 1) / levels)
            for node in branches { target[node] = stem + (height[root] - height[node]) * step }
        }
        x[root] = stem
        for node in branches {
            let gap = label[node].map { $0.count + 2 } ?? 1
            x[node] = max(target[node], x[tree.nodes[node].parent!] + gap)
        }

        // Lines, as sets of arms per cell.
        let columns = (order.map { x[$0] }.max() ?? 0) + 1
        var arms = [[UInt8]](repeating: [UInt8](repeating: 0, count: columns), count: max(leaves.count, 1))
        for column in 0..<stem { arms[row[root]][column] |= left | right }
        if stem > 0 || tree.nodes[root].isLeaf { arms[row[root]][stem] |= left }
        for node in branches {
            let parent = tree.nodes[node].parent!
            let r = row[node]
            arms[r][x[parent]] |= right
            for column in (x[parent] + 1)..<x[node] { arms[r][column] |= left | right }
            arms[r][x[node]] |= left
            let top = min(r, row[parent])
            let bottom = max(r, row[parent])
            if top < bottom {
                arms[top][x[parent]] |= down
                for between in (top + 1)..<bottom { arms[between][x[parent]] |= up | down }
                arms[bottom][x[parent]] |= up
            }
        }

        var lines = arms.map { cells in cells.map { glyphs[Int($0)] } }
        for (node, text) in label {
            let start = x[node] - text.count
            for (offset, character) in text.enumerated() { lines[row[node]][start + offset] = character }
        }
        var output: [String] = []
        output.reserveCapacity(lines.count + 2)
        for (index, cells) in lines.enumerated() {
            guard index < leaves.count else {
                output.append(trimmingTrailingSpaces(String(cells)))
                continue
            }
            // Nothing lies right of a leaf on its line: its name follows the branch.
            let leaf = leaves[index]
            var line = String(cells[...x[leaf]])
            if let name = tree.nodes[leaf].name, !name.isEmpty { line += " " + name }
            output.append(trimmingTrailingSpaces(line))
        }
        if unitColumns > 0, let bar = scaleBar(maxDepth: maxDepth, unitColumns: unitColumns, indent: stem) {
            output.append("")
            output.append(bar)
        }
        return output.joined(separator: "\n")
    }

    private static let up: UInt8 = 1
    private static let down: UInt8 = 2
    private static let left: UInt8 = 4
    private static let right: UInt8 = 8

    /// The character for each set of arms (bits: up 1, down 2, left 4, right 8).
    private static let glyphs: [Character] = [
        " ", "│", "│", "│", "─", "┘", "┐", "┤", "─", "└", "┌", "├", "─", "┴", "┬", "┼",
    ]

    /// A bar of a round length (1, 2 or 5 times a power of ten) about a fifth of the deepest leaf, with its length.
    private static func scaleBar(maxDepth: Double, unitColumns: Double, indent: Int) -> String? {
        var exponent = 0
        var value = maxDepth / 5
        guard value > 0, value.isFinite else { return nil }
        while value >= 10 {
            value /= 10
            exponent += 1
        }
        while value < 1 {
            value *= 10
            exponent -= 1
        }
        let mantissa = value >= 5 ? 5 : value >= 2 ? 2 : 1
        var length = Double(mantissa)
        for _ in 0..<abs(exponent) { length = exponent > 0 ? length * 10 : length / 10 }
        let columns = Int((length * unitColumns).rounded())
        guard columns >= 2 else { return nil }
        let text: String
        if exponent >= 0 {
            text = String(mantissa) + String(repeating: "0", count: exponent)
        } else {
            text = "0." + String(repeating: "0", count: -exponent - 1) + String(mantissa)
        }
        return String(repeating: " ", count: indent) + "├" + String(repeating: "─", count: columns - 1) + "┤ " + text
    }

    private static func trimmingTrailingSpaces(_ line: String) -> String {
        var end = line.endIndex
        while end > line.startIndex, line[line.index(before: end)] == " " { end = line.index(before: end) }
        return String(line[..<end])
    }
}
