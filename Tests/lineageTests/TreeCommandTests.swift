import Foundation
import Phylogeny
import Testing

/// Six models in two families: each family shares its own phrases, each model adds words of its own.
struct FamilyWorkspace {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-tree-\(UUID().uuidString)")
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let families = [
            "a": "a rich tapestry woven with vibrant threads, a testament to resilience",
            "b": "let us delve deeper into this intricate journey, navigating the complex landscape",
        ]
        let own = [
            "a1": "crimson lantern", "a2": "silver meadow", "a3": "amber harbor",
            "b1": "granite summit", "b2": "cobalt river", "b3": "velvet canyon",
        ]
        for model in own.keys.sorted() {
            let family = families[String(model.prefix(1))]!
            let lines = (0..<20).map { id -> String in
                let text =
                    "Question \(id) gets an answer: \(family). The \(own[model]!) glows. Plain garden words grow."
                return "{\"model\":\"\(model)\",\"prompt_id\":\"\(id)\",\"prompt\":\"p\(id)\",\"output\":\"\(text)\"}"
            }
            try (lines.joined(separator: "\n") + "\n").write(
                to: input.appendingPathComponent("\(model).jsonl"), atomically: true, encoding: .utf8)
        }
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
    func read(_ relative: String) throws -> String { try String(contentsOfFile: path(relative), encoding: .utf8) }
    func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite struct TreeCommandTests {
    @Test(arguments: ["parsimony", "nj", "upgma"])
    func treeSeparatesTheFamiliesWithSupport(method: String) throws {
        let workspace = try FamilyWorkspace()
        defer { workspace.remove() }
        let outcome = try LineageProcess.run([
            "tree", workspace.path("in"), "--method", method, "--bootstrap", "20", "--seed", "3", "--out",
            workspace.path("out"),
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        for file in ["tree.nwk", "tree.nex", "distances.phy", "tree.json", "characters.phy"] {
            #expect(FileManager.default.fileExists(atPath: workspace.path("out/\(file)")), "\(file)")
        }
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(workspace.read("out/tree.json").utf8)) as? [String: Any])
        #expect(json["method"] as? String == method)
        #expect(json["taxa"] as? [String] == ["a1", "a2", "a3", "b1", "b2", "b3"])
        #expect(json["bootstrap"] as? Int == 20)
        #expect(json["resampling"] as? String == "prompts")
        #expect((json["length"] as? Int != nil) == (method == "parsimony"))
        let tree = try #require(try Newick.parse(workspace.read("out/tree.nwk")).first)
        let taxa = ["a1", "a2", "a3", "b1", "b2", "b3"]
        let family = Split([0, 1, 2], taxonCount: 6)
        let splits = try tree.splits(taxa: taxa)
        let node = try #require(splits.first { $0.split == family }?.node)
        #expect((tree[node].support ?? 0) >= 0.9)
        #expect(outcome.standardOutput.contains("a1"))
    }

    @Test func sameSeedWritesIdenticalFiles() throws {
        let workspace = try FamilyWorkspace()
        defer { workspace.remove() }
        for out in ["one", "two"] {
            let outcome = try LineageProcess.run([
                "tree", workspace.path("in"), "--bootstrap", "10", "--seed", "5", "--out", workspace.path(out),
            ])
            #expect(outcome.status == 0, "\(outcome.standardError)")
        }
        for file in ["tree.nwk", "tree.nex", "distances.phy", "tree.json", "characters.phy"] {
            #expect(try workspace.read("one/\(file)") == workspace.read("two/\(file)"), "\(file)")
        }
    }

    @Test func readsProfilesAndMatrices() throws {
        let workspace = try FamilyWorkspace()
        defer { workspace.remove() }
        let profile = try LineageProcess.run(["profile", workspace.path("in"), "--out", workspace.path("profiles")])
        #expect(profile.status == 0, "\(profile.standardError)")
        let fromProfiles = try LineageProcess.run([
            "tree", workspace.path("profiles"), "--method", "nj", "--bootstrap", "5", "--outgroup", "b1", "--out",
            workspace.path("p"),
        ])
        #expect(fromProfiles.status == 0, "\(fromProfiles.standardError)")
        #expect(try workspace.read("p/tree.json").contains("\"rooting\": \"outgroup\""))
        // characters.phy's names are PHYLIP's 10-character codes; characters-taxa.tsv says which model each is.
        let taxa = try workspace.read("p/characters-taxa.tsv").split(separator: "\n").map { $0.split(separator: "\t") }
        #expect(taxa.first == ["code", "model"])
        let phylipNames = try workspace.read("p/characters.phy").split(separator: "\n").dropFirst().map {
            String($0.prefix(10)).trimmingCharacters(in: .whitespaces)
        }
        #expect(taxa.dropFirst().map { String($0[0]) } == phylipNames)
        #expect(taxa.dropFirst().map { String($0[1]) }.contains("b1"))
        let fromMatrix = try LineageProcess.run([
            "tree", "--matrix", workspace.path("p/characters.phy"), "--method", "parsimony", "--bootstrap", "5",
            "--out", workspace.path("m"),
        ])
        #expect(fromMatrix.status == 0, "\(fromMatrix.standardError)")
        #expect(try workspace.read("m/tree.json").contains("\"resampling\": \"characters\""))
        let fromDistances = try LineageProcess.run([
            "tree", "--matrix", workspace.path("p/distances.phy"), "--method", "upgma", "--bootstrap", "0", "--out",
            workspace.path("d"),
        ])
        #expect(fromDistances.status == 0, "\(fromDistances.standardError)")
        #expect(try workspace.read("d/tree.json").contains("\"distance\": null"))
        #expect(try workspace.read("p/tree.json").contains("\"distance\": \"jaccard\""))
    }

    @Test func badInputsExitWithAClearError() throws {
        let workspace = try FamilyWorkspace()
        defer { workspace.remove() }
        let unknown = try LineageProcess.run([
            "tree", workspace.path("in"), "--outgroup", "nobody", "--bootstrap", "0", "--out", workspace.path("x"),
        ])
        #expect(unknown.status != 0)
        #expect(unknown.standardError.contains("nobody"))
        #expect(unknown.standardError.contains("a1, a2, a3, b1, b2, b3"))
        try "3 4\nfoo       01x1\n".write(toFile: workspace.path("bad.phy"), atomically: true, encoding: .utf8)
        let bad = try LineageProcess.run([
            "tree", "--matrix", workspace.path("bad.phy"), "--method", "parsimony", "--out", workspace.path("y"),
        ])
        #expect(bad.status == 1)
        #expect(bad.standardError.contains("bad.phy:"))
    }
}
