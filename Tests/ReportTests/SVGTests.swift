import Foundation
import Phylogeny
import Testing

@testable import Report

@Suite struct SVGTests {
    static let hostile = [
        "<script>alert(1)</script>", "a&b \"q\" 'x'", "ctl\u{1}\u{7}\u{1B}[31m", "<img src=x onerror=alert(1)>",
    ]

    /// A caterpillar-plus-cherries tree of `count` leaves with lengths and support.
    func tree(leaves count: Int, names: [String] = []) -> Tree {
        var tree = Tree()
        var attach = 0
        for k in 0..<count {
            if k < count - 2 {
                let inner = tree.addChild(to: attach, length: 0.01 * Double(k % 5 + 1), support: Double(k % 10) / 10)
                tree.addChild(to: attach, name: k < names.count ? names[k] : "model-\(k)-instruct", length: 0.05)
                attach = inner
            } else {
                tree.addChild(to: attach, name: k < names.count ? names[k] : "model-\(k)", length: 0.02 * Double(k))
            }
        }
        return tree
    }

    @Test func markupEscapesTagsQuotesAndDropsControls() {
        let escaped = Markup.escape("<b>&\"'\u{0}\u{1B}\u{85}ok\n")
        #expect(escaped == "&lt;b&gt;&amp;&quot;&#39;ok\n")
        #expect(Markup.escapeLine("one\ntwo three", limit: 7) == "one tw…")
        #expect(Markup.number(-0.125, digits: 2) == "-0.13" || Markup.number(-0.125, digits: 2) == "-0.12")
        #expect(Markup.number(3.05, digits: 1) == "3.1" || Markup.number(3.05, digits: 1) == "3.0")
        #expect(Markup.number(12, digits: 3) == "12.000")
    }

    @Test func rectangularTreeIsXMLWithSeparateLabelsAndSupport() throws {
        let tree = tree(leaves: 40)
        let svg = TreeSVG.rectangular(tree, groups: ["model-0-instruct": "vendor-a", "model-1-instruct": "vendor-b"])
        let xml = try #require(XMLCheck.parse(svg))
        let labels = xml.elements.filter { $0.name == "text" && $0.text.hasPrefix("model-") }
        #expect(labels.count == 40)
        let ys = labels.compactMap { Double($0.attributes["y"] ?? "") }.sorted()
        #expect(ys.count == 40)
        for (a, b) in zip(ys, ys.dropFirst()) { #expect(b - a >= TreeSVG.fontSize) }
        let supports = xml.elements.filter { $0.name == "text" && Int($0.text) != nil }
        #expect(supports.count == tree.nodes.filter { !$0.isLeaf && $0.support != nil && $0.parent != nil }.count)
        #expect(xml.elements.contains { $0.name == "text" && $0.text == "vendor-a" })  // legend
    }

    @Test func circularTreeAndHeatmapAreXML() throws {
        let tree = tree(leaves: 12, names: Self.hostile)
        for svg in [TreeSVG.circular(tree), TreeSVG.rectangular(tree)] {
            let xml = try #require(XMLCheck.parse(svg))
            #expect(!xml.elements.contains { ["script", "img", "foreignObject"].contains($0.name) })
            #expect(xml.elements.contains { $0.text == "<script>alert(1)</script>" })
            #expect(!svg.contains("\u{1B}"))
        }
        let names = tree.leafNames
        var rows: [[Double]] = []
        for i in names.indices { rows.append(names.indices.map { j in i == j ? 0 : Double(abs(i - j)) / 12 }) }
        let distances = try DistanceMatrix(names: names, rows: rows)
        let heatmap = HeatmapSVG.render(distances, order: names.reversed())
        let xml = try #require(XMLCheck.parse(heatmap))
        let cells = xml.elements.filter { $0.name == "rect" && $0.attributes["width"] == $0.attributes["height"] }
        #expect(cells.count >= names.count * names.count)
        // Rows follow the requested order: the first row label is the last name.
        let rowLabels = xml.elements.filter { $0.name == "text" && $0.attributes["text-anchor"] == "end" }
        #expect(rowLabels.first?.text == names.last.map { String($0.unicodeScalars.filter(Markup.isAllowed)) })
    }

    @Test func colourScaleRunsDarkToLight() {
        #expect(ColorScale.color(0) == "#440154")
        #expect(ColorScale.color(1) == "#fde725")
        #expect(ColorScale.color(-3) == ColorScale.color(0))
        #expect(ColorScale.color(0.5) != ColorScale.color(0.6))
    }
}
