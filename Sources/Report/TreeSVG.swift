import Foundation
import Phylogeny

/// SVG drawings of a tree: rectangular (a phylogram, or a cladogram without branch lengths) and circular.
public enum TreeSVG {
    static let fontSize = 13.0
    static let rowHeight = 20.0
    static let supportFontSize = 10.0

    /// A rectangular tree, root on the left, with bootstrap support (percent) on internal branches and leaves
    /// coloured by `groups` (leaf name → group) with a legend.
    public static func rectangular(_ tree: Tree, groups: [String: String] = [:], title: String = "Tree") -> String {
        let layout = TreeLayout(tree)
        let names = layout.leafNames
        let labelWidth = (names.map { SVGWriter.textWidth($0, fontSize: fontSize) }.max() ?? 0) + 12
        let left = 16.0
        let top = 16.0
        let treeWidth = 560.0
        let colors = ColorScale.groupColors(Array(groups.values))
        func x(_ node: Int) -> Double { left + layout.depth[node] * treeWidth }
        func y(_ node: Int) -> Double { top + layout.position[node] * rowHeight }
        var svg = SVGWriter()
        svg.open("g", [("stroke", "#333"), ("stroke-width", "1.4"), ("fill", "none"), ("stroke-linecap", "square")])
        for node in tree.preorder() {
            let n = tree.nodes[node]
            if let parent = n.parent {
                svg.element("line", line(x(parent), y(node), x(node), y(node)))
            }
            if !n.isLeaf {
                svg.element("line", line(x(node), y(n.children.first!), x(node), y(n.children.last!)))
            }
        }
        svg.close("g")
        svg.open("g", [("font-size", SVGWriter.format(supportFontSize)), ("text-anchor", "end")])
        for (node, support) in layout.supportedNodes {
            let percent = Int((support * 100).rounded())
            svg.element(
                "text",
                [
                    ("x", SVGWriter.format(x(node) - 3)), ("y", SVGWriter.format(y(node) - 4)),
                    ("fill", supportColor(support)),
                ] + (support >= 0.95 ? [("font-weight", "600")] : support < 0.5 ? [("font-style", "italic")] : []),
                text: String(percent),
                title: "bootstrap support \(percent)%")
        }
        svg.close("g")
        svg.open("g", [("font-size", SVGWriter.format(fontSize))])
        for leaf in layout.leaves {
            let name = tree.nodes[leaf].name ?? ""
            let group = groups[name]
            let color = group.flatMap { colors[$0] } ?? "#222"
            svg.element(
                "circle",
                [("cx", SVGWriter.format(x(leaf))), ("cy", SVGWriter.format(y(leaf))), ("r", "3"), ("fill", color)])
            svg.element(
                "text",
                [("x", SVGWriter.format(x(leaf) + 7)), ("y", SVGWriter.format(y(leaf) + 4.5)), ("fill", color)],
                text: name, title: group.map { "\(name) — \($0)" })
        }
        svg.close("g")
        var bottom = top + Double(max(0, layout.leaves.count - 1)) * rowHeight + 28
        if layout.usesLengths {
            bottom = scaleBar(&svg, x: left, y: bottom, unitWidth: treeWidth, height: layout.height)
        }
        let width = left + treeWidth + 7 + labelWidth + 16
        bottom = legend(&svg, colors: colors, x: left, y: bottom, width: width - 2 * left)
        return svg.document(width: max(width, 320), height: bottom + 8, label: title)
    }

    /// A circular tree, root at the centre, leaves on the rim with labels turned outward.
    public static func circular(_ tree: Tree, groups: [String: String] = [:], title: String = "Circular tree") -> String
    {
        let layout = TreeLayout(tree)
        let count = max(1, layout.leaves.count)
        let labelWidth = (layout.leafNames.map { SVGWriter.textWidth($0, fontSize: fontSize - 1) }.max() ?? 0) + 10
        let radius = max(180, Double(count) * 15 / (2 * Double.pi))
        let half = radius + labelWidth + 16
        let colors = ColorScale.groupColors(Array(groups.values))
        func angle(_ node: Int) -> Double { -Double.pi / 2 + 2 * Double.pi * layout.position[node] / Double(count) }
        func r(_ node: Int) -> Double { layout.depth[node] * radius }
        func point(_ radius: Double, _ angle: Double) -> (Double, Double) {
            (half + radius * cos(angle), half + radius * sin(angle))
        }
        var svg = SVGWriter()
        svg.open("g", [("stroke", "#333"), ("stroke-width", "1.3"), ("fill", "none")])
        for node in tree.preorder() {
            let n = tree.nodes[node]
            if let parent = n.parent {
                let (x1, y1) = point(r(parent), angle(node))
                let (x2, y2) = point(r(node), angle(node))
                svg.element("line", line(x1, y1, x2, y2))
            }
            if !n.isLeaf, r(node) > 0 {
                let a1 = angle(n.children.first!)
                let a2 = angle(n.children.last!)
                let (x1, y1) = point(r(node), a1)
                let (x2, y2) = point(r(node), a2)
                let f = SVGWriter.format
                let large = a2 - a1 > Double.pi ? 1 : 0
                svg.element(
                    "path", [("d", "M\(f(x1)) \(f(y1)) A\(f(r(node))) \(f(r(node))) 0 \(large) 1 \(f(x2)) \(f(y2))")])
            }
        }
        svg.close("g")
        svg.open("g", [("font-size", SVGWriter.format(supportFontSize - 1)), ("text-anchor", "middle")])
        for (node, support) in layout.supportedNodes where support >= 0.5 {
            let (x, y) = point(r(node), angle(node))
            svg.element(
                "circle",
                [
                    ("cx", SVGWriter.format(x)), ("cy", SVGWriter.format(y)), ("r", support >= 0.95 ? "3" : "2.2"),
                    ("fill", supportColor(support)),
                ], title: "bootstrap support \(Int((support * 100).rounded()))%")
        }
        svg.close("g")
        svg.open("g", [("font-size", SVGWriter.format(fontSize - 1))])
        for leaf in layout.leaves {
            let name = tree.nodes[leaf].name ?? ""
            let color = groups[name].flatMap { colors[$0] } ?? "#222"
            let theta = angle(leaf)
            var degrees = theta * 180 / Double.pi
            let flipped = cos(theta) < 0
            if flipped { degrees += 180 }
            let (x, y) = point(radius + 6, theta)
            let (cx, cy) = point(r(leaf), theta)
            svg.element(
                "circle", [("cx", SVGWriter.format(cx)), ("cy", SVGWriter.format(cy)), ("r", "2.5"), ("fill", color)])
            if r(leaf) < radius - 1 {
                let (gx, gy) = point(radius + 2, theta)
                svg.element(
                    "line",
                    line(cx, cy, gx, gy) + [("stroke", "#bbb"), ("stroke-width", "0.6"), ("stroke-dasharray", "2 2")])
            }
            svg.element(
                "text",
                [
                    ("x", SVGWriter.format(x)), ("y", SVGWriter.format(y)), ("dy", "0.35em"), ("fill", color),
                    ("text-anchor", flipped ? "end" : "start"),
                    ("transform", "rotate(\(SVGWriter.format(degrees)) \(SVGWriter.format(x)) \(SVGWriter.format(y)))"),
                ], text: name)
        }
        svg.close("g")
        var bottom = 2 * half
        bottom = legend(&svg, colors: colors, x: 16, y: bottom, width: 2 * half - 32)
        return svg.document(width: 2 * half, height: bottom + 4, label: title)
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> [(String, String)] {
        let f = SVGWriter.format
        return [("x1", f(x1)), ("y1", f(y1)), ("x2", f(x2)), ("y2", f(y2))]
    }

    /// Dark for strong support, grey for weak (still 4.5:1 against white, so that it reads in print).
    static func supportColor(_ support: Double) -> String {
        support >= 0.95 ? "#1a1a1a" : support >= 0.7 ? "#444" : support >= 0.5 ? "#5e5e5e" : "#767676"
    }

    /// Draws a scale bar of a round length below the tree; returns the y below it.
    static func scaleBar(_ svg: inout SVGWriter, x: Double, y: Double, unitWidth: Double, height: Double) -> Double {
        guard height > 0 else { return y }
        let target = height / 5
        let magnitude = pow(10, floor(log10(target)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.last { $0 <= target } ?? magnitude
        let width = step / height * unitWidth
        svg.element("line", line(x, y, x + width, y) + [("stroke", "#333"), ("stroke-width", "1.4")])
        let digits = max(0, Int(-floor(log10(step))))
        svg.element(
            "text",
            [
                ("x", SVGWriter.format(x + width + 6)), ("y", SVGWriter.format(y + 4)), ("font-size", "11"),
                ("fill", "#444"),
            ],
            text: "\(Markup.number(step, digits: digits)) changes")
        return y + 20
    }

    /// Draws a legend of group colours, wrapped to `width`; returns the y below it.
    static func legend(_ svg: inout SVGWriter, colors: [String: String], x: Double, y: Double, width: Double) -> Double
    {
        guard !colors.isEmpty else { return y }
        var cx = x
        var cy = y + 6
        for name in colors.keys.sorted() {
            let itemWidth = SVGWriter.textWidth(name, fontSize: 11) + 26
            if cx + itemWidth > x + width, cx > x {
                cx = x
                cy += 18
            }
            svg.element(
                "rect",
                [
                    ("x", SVGWriter.format(cx)), ("y", SVGWriter.format(cy - 5)), ("width", "10"), ("height", "10"),
                    ("fill", colors[name]!),
                ])
            svg.element(
                "text", [("x", SVGWriter.format(cx + 14)), ("y", SVGWriter.format(cy + 4)), ("font-size", "11")],
                text: name)
            cx += itemWidth
        }
        return cy + 14
    }
}
