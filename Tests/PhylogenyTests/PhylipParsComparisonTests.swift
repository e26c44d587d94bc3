import Foundation
import Testing

@testable import Phylogeny

/// Compares the search and the Fitch scorer with PHYLIP's `pars` (Debian package `phylip`), when installed.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/phylip"), "PHYLIP pars is not installed"))
struct PhylipParsComparisonTests {
    struct ParsRun {
        var length: Int
        var outtree: String
    }

    /// Runs `phylip pars` with default settings on `infile` in a fresh temporary directory.
    static func runPars(_ infile: String) throws -> ParsRun {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lineage-pars-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try infile.write(to: directory.appendingPathComponent("infile"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/phylip")
        process.arguments = ["pars"]
        process.currentDirectoryURL = directory
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("Y\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let outfile = try String(contentsOf: directory.appendingPathComponent("outfile"), encoding: .utf8)
        let outtree = try String(contentsOf: directory.appendingPathComponent("outtree"), encoding: .utf8)
        // "requires a total of     1234.000"
        guard let range = outfile.range(of: "requires a total of") else {
            throw PhylogenyError(.malformedFile, file: "outfile", "no \"requires a total of\" line")
        }
        let number = outfile[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber || $0 == "." }
        guard let total = Double(number) else {
            throw PhylogenyError(.malformedFile, file: "outfile", "cannot read the length \"\(number)\"")
        }
        return ParsRun(length: Int(total.rounded()), outtree: outtree)
    }

    /// The first tree of a Newick text: names, branch lengths, nesting; bracketed comments skipped.
    static func parseFirstNewick(_ text: String) throws -> Tree {
        var characters = Array(text.unicodeScalars.map(Character.init))
        // Drop [comments] such as pars's tree weights.
        var depth = 0
        characters = characters.filter { character in
            if character == "[" { depth += 1 }
            defer { if character == "]" { depth -= 1 } }
            return depth == 0 && character != "]" && !character.isWhitespace
        }
        var position = 0
        var tree = Tree(isRooted: false)
        func label() -> String {
            var name = ""
            while position < characters.count, !"(),:;".contains(characters[position]) {
                name.append(characters[position])
                position += 1
            }
            return name
        }
        func node(_ index: Int) throws {
            if characters[position] == "(" {
                repeat {
                    position += 1
                    let child = tree.addChild(to: index)
                    try node(child)
                } while characters[position] == ","
                guard characters[position] == ")" else {
                    throw PhylogenyError(.malformedFile, file: "outtree", "expected ) at \(position)")
                }
                position += 1
            }
            let name = label()
            if !name.isEmpty { tree[index].name = name }
            if position < characters.count, characters[position] == ":" {
                position += 1
                tree[index].length = Double(label())
            }
        }
        try node(0)
        guard position < characters.count, characters[position] == ";" else {
            throw PhylogenyError(.malformedFile, file: "outtree", "expected ; at \(position)")
        }
        return tree
    }

    @Test func newickHelperReadsParsTrees() throws {
        let tree = try Self.parseFirstNewick("(((E:0.00,D:3.00):2.00,G:0.00):1.00,B:2.00,A:0.00)[0.5];\n(A,B,C);")
        #expect(tree.leafNames == ["E", "D", "G", "B", "A"])
        #expect(tree[tree.root].children.count == 3)
        #expect(tree[tree.leaf(named: "D")!].length == 3)
    }

    @Test(arguments: [UInt64(1), 2])
    func lineageIsAtLeastAsShortAsParsAndScoresItsTreeExactly(seed: UInt64) throws {
        let (matrix, _) = SimulatedCharacters.evolve(taxa: 30, characters: 400, flipProbability: 0.08, seed: seed)
        let pars = try Self.runPars(PhylipCharacterFile.string(matrix))
        let lineage = try ParsimonySearch.run(matrix, options: .init(seed: seed))
        #expect(lineage.length <= pars.length, "Lineage \(lineage.length), pars \(pars.length)")
        // The scorer must agree exactly with pars on pars's own tree.
        let parsTree = try Self.parseFirstNewick(pars.outtree)
        #expect(Set(parsTree.leafNames) == Set(matrix.taxa))
        #expect(try FitchParsimony(matrix).length(of: parsTree) == pars.length)
    }

    @Test func parsAcceptsCodedNames() throws {
        let (simulated, _) = SimulatedCharacters.evolve(taxa: 8, characters: 50, flipProbability: 0.15, seed: 7)
        let long = simulated.taxa.map { "a very long model name \($0)" }
        let matrix = try FeatureMatrix(taxa: long, characterCount: simulated.characterCount, values: simulated.values)
        let codes = PhylipCharacterFile.codes(for: matrix.taxa)
        let pars = try Self.runPars(PhylipCharacterFile.string(matrix))
        let parsTree = try Self.parseFirstNewick(pars.outtree)
        #expect(Set(parsTree.leafNames) == Set(codes))
        let coded = try FeatureMatrix(taxa: codes, characterCount: matrix.characterCount, values: matrix.values)
        #expect(try FitchParsimony(coded).length(of: parsTree) == pars.length)
        #expect(try ParsimonySearch.run(matrix).length <= pars.length)
    }
}
