import Phylogeny

/// An SVG heatmap of a distance matrix with a colour scale and its legend.
public enum HeatmapSVG {
    /// Draws `distances` with rows and columns in `order` (names; missing names are skipped, names not in `order`
    /// follow in matrix order). Colours run from the smallest off-diagonal distance (dark) to the largest (light).
    public static func render(_ distances: DistanceMatrix, order: [String] = [], title: String = "Distances") -> String
    {
        var indices = order.compactMap { distances.index(of: $0) }
        for index in 0..<distances.count where !indices.contains(index) { indices.append(index) }
        let n = indices.count
        var low = Double.infinity
        var high = -Double.infinity
        for i in 0..<distances.count {
            for j in 0..<distances.count where i != j {
                low = min(low, distances[i, j])
                high = max(high, distances[i, j])
            }
        }
        if !low.isFinite { (low, high) = (0, 1) }
        if high <= low { high = low + 1 }
        let cell = n > 60 ? 9.0 : 15.0
        let fontSize = n > 60 ? 8.0 : 11.0
        let labelWidth = (indices.map { SVGWriter.textWidth(distances.names[$0], fontSize: fontSize) }.max() ?? 0) + 8
        let left = labelWidth + 8
        // Column labels stand upright (rotated a quarter turn), one per cell width, so that neighbours never touch.
        let top = labelWidth + 12
        let f = SVGWriter.format
        var svg = SVGWriter()
        svg.open("g", [("shape-rendering", "crispEdges")])
        for (row, i) in indices.enumerated() {
            for (column, j) in indices.enumerated() {
                let value = distances[i, j]
                let t = i == j ? 0 : (value - low) / (high - low)
                svg.element(
                    "rect",
                    [
                        ("x", f(left + Double(column) * cell)), ("y", f(top + Double(row) * cell)), ("width", f(cell)),
                        ("height", f(cell)), ("fill", i == j ? "#f4f4f4" : ColorScale.color(t)),
                    ],
                    title: "\(distances.names[i]) – \(distances.names[j]): \(Markup.number(value, digits: 3))")
            }
        }
        svg.close("g")
        svg.open("g", [("font-size", f(fontSize)), ("fill", "#222")])
        for (row, i) in indices.enumerated() {
            svg.element(
                "text",
                [
                    ("x", f(left - 5)), ("y", f(top + (Double(row) + 0.5) * cell)), ("dy", "0.35em"),
                    ("text-anchor", "end"),
                ], text: distances.names[i])
        }
        for (column, j) in indices.enumerated() {
            let x = left + (Double(column) + 0.5) * cell
            let y = top - 5
            svg.element(
                "text",
                [("x", f(x)), ("y", f(y)), ("dy", "0.35em"), ("transform", "rotate(-90 \(f(x)) \(f(y)))")],
                text: distances.names[j])
        }
        svg.close("g")
        // Colour scale: a bar of stepped rectangles with ticks at the ends and the middle.
        let gridBottom = top + Double(n) * cell
        let barX = left
        let barY = gridBottom + 22
        let barWidth = max(200, min(360, Double(n) * cell))
        let steps = 60
        let caption = "distance (0: the same over-used features; 1: none shared)"
        svg.element(
            "text", [("x", f(barX)), ("y", f(barY - 6)), ("font-size", "11"), ("fill", "#333")], text: caption)
        svg.open("g", [("shape-rendering", "crispEdges")])
        for step in 0..<steps {
            let t = (Double(step) + 0.5) / Double(steps)
            svg.element(
                "rect",
                [
                    ("x", f(barX + Double(step) * barWidth / Double(steps))), ("y", f(barY)),
                    ("width", f(barWidth / Double(steps) + 0.5)), ("height", "12"), ("fill", ColorScale.color(t)),
                ])
        }
        svg.close("g")
        svg.open("g", [("font-size", "11"), ("fill", "#333"), ("text-anchor", "middle")])
        for t in [0.0, 0.5, 1.0] {
            let x = barX + t * barWidth
            svg.element("line", TreeSVG.line(x, barY + 12, x, barY + 16) + [("stroke", "#333")])
            svg.element(
                "text", [("x", f(x)), ("y", f(barY + 28))], text: Markup.number(low + t * (high - low), digits: 3))
        }
        svg.close("g")
        let width = max(
            left + Double(n) * cell + 12, barX + barWidth + 30,
            barX + SVGWriter.textWidth(caption, fontSize: 11) + 12)
        return svg.document(width: width, height: barY + 36, label: title)
    }
}
