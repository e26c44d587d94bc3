import Testing

@testable import Phylogeny

@Suite struct TextTreeTests {
    /// ((gpt-4:0.2,gpt-4o:0.1)0.95:0.1,llama:0.4), rooted.
    static func smallTree(lengths: Bool = true) -> Tree {
        var tree = Tree(isRooted: true)
        let pair = tree.addChild(to: tree.root, length: lengths ? 0.1 : nil, support: 0.95)
        tree.addChild(to: pair, name: "gpt-4", length: lengths ? 0.2 : nil)
        tree.addChild(to: pair, name: "gpt-4o", length: lengths ? 0.1 : nil)
        tree.addChild(to: tree.root, name: "llama", length: lengths ? 0.4 : nil)
        return tree
    }

    @Test func smallTreeHasOneLinePerLeafAndSupportAsPercent() {
        let text = TextTree.render(Self.smallTree(), width: 60)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for name in ["gpt-4", "gpt-4o", "llama"] {
            #expect(lines.filter { $0.hasSuffix(" " + name) }.count == 1, "\(name)\n\(text)")
        }
        #expect(lines.prefix(3).allSatisfy { $0.count <= 60 }, "\(text)")
        #expect(text.contains("95"))
        #expect(!text.contains("0.95"))
        #expect(!text.hasSuffix("\n"))
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
        // Box-drawing branches and a scale bar.
        #expect(text.contains("┤") || text.contains("┼"))
        #expect(lines.last?.hasPrefix("  ├") == true, "\(text)")
    }

    @Test func branchLengthsAreScaled() throws {
        let text = TextTree.render(Self.smallTree(), width: 60)
        let lines = text.split(separator: "\n").map(String.init)
        func nameColumn(_ name: String) throws -> Int {
            let line = try #require(lines.first { $0.hasSuffix(" " + name) })
            return line.count - name.count
        }
        // Depths: gpt-4 0.3, gpt-4o 0.2, llama 0.4.
        let gpt4 = try nameColumn("gpt-4")
        let gpt4o = try nameColumn("gpt-4o")
        let llama = try nameColumn("llama")
        #expect(gpt4o < gpt4 && gpt4 < llama, "\(text)")
        // Equal steps of 0.1 take about as many columns.
        #expect(abs((gpt4 - gpt4o) - (llama - gpt4)) <= 2, "\(text)")
    }

    @Test func withoutLengthsLeavesAlign() throws {
        let text = TextTree.render(Self.smallTree(lengths: false), width: 60)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "no scale bar for a cladogram\n\(text)")
        let columns = ["gpt-4", "gpt-4o", "llama"].map { name in
            lines.first { $0.hasSuffix(" " + name) }.map { $0.count - name.count }
        }
        #expect(Set(columns).count == 1, "\(text)")
        #expect(text.contains("95"))
    }

    @Test func fortyLongNamesStayLegible() throws {
        var generator = SeededGenerator(seed: 40)
        let names = (0..<40).map { "meta-llama/Llama-3-\($0)b-instruct-hf" }
        var rows = [[Double]](repeating: [Double](repeating: 0, count: 40), count: 40)
        for i in 0..<40 {
            for j in (i + 1)..<40 {
                rows[i][j] = Double.random(in: 0.1...1, using: &generator)
                rows[j][i] = rows[i][j]
            }
        }
        var tree = try NeighborJoining.tree(try DistanceMatrix(names: names, rows: rows))
        for node in tree.nodes.indices where !tree.nodes[node].isLeaf && node != tree.root {
            tree.nodes[node].support = Double.random(in: 0...1, using: &generator)
        }
        for candidate in [tree, try UPGMA.tree(try DistanceMatrix(names: names, rows: rows))] {
            let text = TextTree.render(candidate, width: 100)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for name in names {
                #expect(lines.filter { $0.hasSuffix(" " + name) }.count == 1, "\(name)\n\(text)")
            }
            // 40 leaf lines, a blank line and a scale bar.
            #expect(lines.count == 42, "\(text)")
            #expect(lines.prefix(40).allSatisfy { $0.count <= 100 }, "\(text)")
        }
    }

    @Test func unrootedTreeHasNoStem() {
        var tree = Tree(isRooted: false)
        for name in ["a", "b", "c"] { tree.addChild(to: tree.root, name: name, length: 1) }
        let lines = TextTree.render(tree, width: 40).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("┌"))
        #expect(lines[1].hasPrefix("┼") || lines[1].hasPrefix("├"))
        #expect(lines[2].hasPrefix("└"))
    }

    @Test func degenerateTrees() {
        var single = Tree(isRooted: true)
        single.nodes[0].name = "solo"
        #expect(TextTree.render(single).hasSuffix(" solo"))
        _ = TextTree.render(Tree())  // a lone unnamed root draws without trapping
        var full = Tree(isRooted: true)
        let inner = full.addChild(to: full.root, length: 0, support: 1)
        full.addChild(to: inner, name: "x", length: 0)
        full.addChild(to: inner, name: "y", length: 0)
        let text = TextTree.render(full)
        #expect(text.contains("100"), "\(text)")
        #expect(text.contains(" x") && text.contains(" y"))
    }
}
