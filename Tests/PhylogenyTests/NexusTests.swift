import Testing

@testable import Phylogeny

@Suite struct NexusTests {
    static func sampleTrees() throws -> [(name: String, tree: Tree)] {
        let unrooted = try #require(
            try Newick.parse("(('meta-llama/Llama-3-70b':0.5,'Qwen 2.5 (72B)':0.25)90:0.125,'it''s':1,gpt-4o:2);")
                .first)
        let rooted = try #require(
            try Newick.parse("[&R] ((gpt-4o:1,'it''s':1):0.5,('Qwen 2.5 (72B)':1,'meta-llama/Llama-3-70b':1)75:0.5);")
                .first)
        return [("best", unrooted), ("clock tree", rooted)]
    }

    @Test func writesTaxaTranslateAndRooting() throws {
        let text = Nexus.string(trees: try Self.sampleTrees())
        #expect(text.hasPrefix("#NEXUS\n"))
        #expect(text.contains("DIMENSIONS NTAX=4;"))
        #expect(text.contains("1 'meta-llama/Llama-3-70b',"))
        #expect(text.contains("2 'Qwen 2.5 (72B)',"))
        #expect(text.contains("3 'it''s',"))
        #expect(text.contains("4 'gpt-4o'\n"))
        #expect(text.contains("TREE best = [&U] ((1:0.5,2:0.25)90:0.125,3:1,4:2);"))
        #expect(text.contains("TREE 'clock tree' = [&R] ((4:1,3:1):0.5,(2:1,1:1)75:0.5);"))
    }

    @Test func roundTrips() throws {
        let trees = try Self.sampleTrees()
        let back = try Nexus.parseTrees(Nexus.string(trees: trees, taxa: ["gpt-4o"]))
        #expect(back.map(\.name) == ["best", "clock tree"])
        for (original, read) in zip(trees, back) {
            #expect(shape(read.tree) == shape(original.tree))
        }
    }

    @Test func readsOtherProgramsFiles() throws {
        // Lower-case keywords, comments, other blocks, a weight comment, TREE *, codes that are not numbers.
        let text = """
            #nexus
            [written by hand]
            begin taxa;
              dimensions ntax=4;
              taxlabels leaf_a 'leaf b' leaf_c leaf_d;
            endblock;
            begin characters; dimensions nchar=2; matrix leaf_a 01 'leaf b' 10; end;
            Begin Trees;
              Translate
                one leaf_a,
                2 'leaf b',
                3 leaf_c,
                4 leaf_d;
              tree * first = [&R] [&W 1] ((one:1,2:1)80:1,(3,4));
              utree second = ((one,3),2,4);
            End;
            BEGIN TREES;
              TREE numbered = [&U] ((1,2),3,4);
            END;
            """
        let trees = try Nexus.parseTrees(text, file: "hand.nex")
        #expect(trees.map(\.name) == ["first", "second", "numbered"])
        #expect(trees[0].tree.isRooted)
        #expect(!trees[1].tree.isRooted)
        #expect(trees[0].tree.leafNames == ["leaf a", "leaf b", "leaf c", "leaf d"])
        #expect(trees[1].tree.leafNames == ["leaf a", "leaf c", "leaf b", "leaf d"])
        // No TRANSLATE in the second block: numbers stand for the TAXA block's taxa.
        #expect(trees[2].tree.leafNames == ["leaf a", "leaf b", "leaf c", "leaf d"])
        let first = trees[0].tree
        #expect(first.nodes[first.nodes[first.leaf(named: "leaf a")!].parent!].support == 0.8)
    }

    @Test(arguments: [
        ("begin trees; end;", 1),
        ("#NEXUS\nbegin trees;\n  tree t = ((a,b),c)\n  tree u = (a,b,c);\nend;\n", 4),
        ("#NEXUS\nbegin trees;\n  translate 1 a, 2 b 3 c;\n  tree t = (1,2,3);\nend;\n", 3),
        ("#NEXUS\nbegin trees;\n  tree t ((a,b),c);\nend;\n", 3),
        ("#NEXUS\nbegin trees;\n  tree t = ((a,b),c);\n", 4),
    ])
    func malformedFilesSayWhere(_ text: String, _ line: Int) {
        do {
            _ = try Nexus.parseTrees(text, file: "bad.nex")
            Issue.record("parsed \(text)")
        } catch let error as PhylogenyError {
            #expect(error.kind == .malformedFile)
            #expect(error.file == "bad.nex")
            #expect(error.line == line, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
