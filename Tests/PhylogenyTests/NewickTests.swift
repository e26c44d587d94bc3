import Testing

@testable import Phylogeny

/// A tree in a form that ignores node numbering: each subtree as a canonical string with names, lengths and support.
func shape(_ tree: Tree, lengths: Bool = true, support: Bool = true) -> String {
    func describe(_ node: Int) -> String {
        let value = tree.nodes[node]
        var text = value.name.map { "<\($0)>" } ?? ""
        if !value.isLeaf { text = "(" + value.children.map(describe).sorted().joined(separator: ",") + ")" + text }
        if lengths, let length = value.length { text += ":\(length)" }
        if support, let share = value.support { text += "#\(share)" }
        return text
    }
    return (tree.isRooted ? "R" : "U") + describe(tree.root)
}

@Suite struct NewickTests {
    @Test func readsLengthsSupportAndNames() throws {
        let trees = try Newick.parse("((A:0.1,B:2.5e-3)95:0.3,(C,D)'7':1E2,E_f:4)root;")
        #expect(trees.count == 1)
        let tree = try #require(trees.first)
        #expect(tree.leafNames == ["A", "B", "C", "D", "E f"])
        #expect(!tree.isRooted)
        #expect(tree.nodes[tree.root].name == "root")
        let ab = tree.nodes[tree.leaf(named: "A")!].parent!
        #expect(tree.nodes[ab].support == 0.95)
        #expect(tree.nodes[ab].length == 0.3)
        #expect(tree.nodes[tree.leaf(named: "B")!].length == 0.0025)
        let cd = tree.nodes[tree.leaf(named: "C")!].parent!
        #expect(tree.nodes[cd].name == "7")  // quoted: a name, not support
        #expect(tree.nodes[cd].support == nil)
        #expect(tree.nodes[cd].length == 100)
    }

    @Test func readsSeveralTreesCommentsAndRooting() throws {
        let text = """
            [a file comment [nested]]
            ((a,b),c);
            [&U] ((a,b),c);
            [&R]
            (a,b,c);
            (a,[inline]b:1[&&NHX:x=1],c);
            """
        let trees = try Newick.parse(text)
        #expect(trees.count == 4)
        #expect(trees.map(\.isRooted) == [true, false, true, false])
        #expect(trees[3].leafNames == ["a", "b", "c"])
        #expect(trees[3].nodes[trees[3].leaf(named: "b")!].length == 1)
    }

    @Test func writesSupportAsPercentageAndShortLengths() {
        var tree = Tree()
        let ab = tree.addChild(to: 0, length: 0.1234567, support: 0.875)
        tree.addChild(to: ab, name: "A", length: 1)
        tree.addChild(to: ab, name: "B", length: 0.000001)
        tree.addChild(to: 0, name: "C", length: 1_234_567)
        let cd = tree.addChild(to: 0, length: 0.5, support: 0.95)
        tree.addChild(to: cd, name: "D")
        tree.addChild(to: cd, name: "E")
        #expect(Newick.string(tree) == "((A:1,B:1e-06)87.5:0.123457,C:1.23457e+06,(D,E)95:0.5);")
        #expect(Newick.string(tree, lengths: false) == "((A,B)87.5,C,(D,E)95);")
        #expect(Newick.string(tree, lengths: false, support: false) == "((A,B),C,(D,E));")
    }

    @Test func quotesOnlyWhenNeeded() {
        var tree = Tree()
        for name in ["plain", "meta-llama/Llama-3-70b", "gpt-4o.2024", "with space", "it's", "a:b", "(x,y)", "u_v", ""]
        {
            tree.addChild(to: 0, name: name)
        }
        let inner = tree.addChild(to: 0, name: "42")  // an internal name that looks like support
        tree.addChild(to: inner, name: "1")
        tree.addChild(to: inner, name: "2")
        #expect(
            Newick.string(tree)
                == "(plain,meta-llama/Llama-3-70b,gpt-4o.2024,'with space','it''s','a:b','(x,y)','u_v','',(1,2)'42');")
    }

    @Test func roundTripsNastyLabels() throws {
        var tree = Tree()
        let names = [
            "meta-llama/Llama-3-70b", "Qwen/Qwen2.5 (72B) Instruct", "it's 'quoted'", "colon:semi;comma,",
            "[bracketed]", "under_score", "ünïcödé 模型", "  padded  ",
        ]
        let inner = tree.addChild(to: 0, length: 0.25, support: 0.5)
        for (k, name) in names.enumerated() {
            tree.addChild(to: k < 3 ? inner : 0, name: name, length: Double(k) / 8)
        }
        let text = Newick.string(tree)
        let back = try #require(try Newick.parse(text).first)
        #expect(Set(back.leafNames) == Set(names))
        #expect(shape(back) == shape(tree))
    }

    @Test(arguments: [
        "((A:1,B:2)100:3,(C:0.5,D:0.25)50:1e-05,E:7);",
        "(((a,b)99.5,c)12,d);",
        "(A:0,(B:-1.5,'C D':2.5):0.125);",
        "((('x y',z)77:1,w)88:2,(v,u):3,t);",
    ])
    func roundTrips(_ text: String) throws {
        let tree = try #require(try Newick.parse(text).first)
        let again = try #require(try Newick.parse(Newick.string(tree)).first)
        #expect(shape(again) == shape(tree))
        #expect(Newick.string(again) == Newick.string(tree))
    }

    @Test func deepTreesDoNotExhaustTheStack() throws {
        var tree = Tree()
        var node = 0
        for k in 0..<20_000 {
            tree.addChild(to: node, name: "t\(k)", length: 1)
            node = tree.addChild(to: node, length: 1)
        }
        tree.nodes[node].name = "last"
        let text = Newick.string(tree)
        let back = try #require(try Newick.parse(text).first)
        #expect(back.nodes.count == tree.nodes.count)
    }

    @Test(arguments: [
        ("((A,B),C", 1, "column 9"),
        ("((A,B),C));", 1, "column 10"),
        ("(A,B)\n(C,D);", 2, "column 1"),
        ("(A:x,B);", 1, "column 4"),
        ("(A,\n 'open quote);", 2, "column 2"),
        ("(A,B [unclosed);", 1, "column 6"),
        ("", 1, "column 1"),
        ("(A B,C);", 1, "column 4"),
        ("(A,B);\n;", 2, "column 1"),
    ])
    func malformedInputsSayWhere(_ text: String, _ line: Int, _ column: String) {
        do {
            _ = try Newick.parse(text, file: "bad.nwk")
            Issue.record("parsed \(text)")
        } catch let error as PhylogenyError {
            #expect(error.kind == .malformedFile)
            #expect(error.file == "bad.nwk")
            #expect(error.line == line, "\(error)")
            #expect(error.detail.hasPrefix(column + ":"), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
