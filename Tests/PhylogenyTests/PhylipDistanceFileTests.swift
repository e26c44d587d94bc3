import Testing

@testable import Phylogeny

@Suite struct PhylipDistanceFileTests {
    static func sample() throws -> DistanceMatrix {
        try DistanceMatrix(
            names: ["gpt-4o", "meta-llama/Llama-3-70b", "Qwen 2.5", "claude"],
            rows: [[0, 0.25, 0.5, 1], [0.25, 0, 0.125, 0.75], [0.5, 0.125, 0, 0.3], [1, 0.75, 0.3, 0]])
    }

    @Test func writesRelaxedSquareFormat() throws {
        let text = PhylipDistanceFile.string(try Self.sample())
        let lines = text.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[0] == "4")
        #expect(lines[1] == "gpt-4o                 0.000000 0.250000 0.500000 1.000000")
        #expect(lines[2] == "meta-llama/Llama-3-70b 0.250000 0.000000 0.125000 0.750000")
        #expect(lines[3].hasPrefix("Qwen_2.5               0.500000"))
    }

    @Test func writesStrictTenColumnCodes() throws {
        let text = PhylipDistanceFile.string(try Self.sample(), codes: ["T1", "T2", "a very long code", "T 4"])
        let lines = text.split(separator: "\n")
        #expect(lines[1] == "T1         0.000000 0.250000 0.500000 1.000000")
        #expect(lines[3].hasPrefix("a very lon 0.500000"))
        let back = try PhylipDistanceFile.read(text)
        #expect(back.names == ["T1", "T2", "a very lon", "T 4"])
        #expect(back.values == (try Self.sample()).values)
    }

    @Test func roundTripsRelaxed() throws {
        let matrix = try Self.sample()
        let back = try PhylipDistanceFile.read(PhylipDistanceFile.string(matrix))
        #expect(back.names == ["gpt-4o", "meta-llama/Llama-3-70b", "Qwen_2.5", "claude"])
        #expect(back.values == matrix.values)
    }

    @Test func readsStrictNamesWithBlanksAndWrappedRows() throws {
        let text = """
              3
            Homo sapie0.0 0.1
              0.2
            Pan       0.1 0.0 0.3
            Gorilla g.0.2 0.3 0.0

            """
        let matrix = try PhylipDistanceFile.read(text)
        #expect(matrix.names == ["Homo sapie", "Pan", "Gorilla g."])
        #expect(matrix[0, 2] == 0.2)
        #expect(matrix[1, 2] == 0.3)
    }

    @Test func readsLowerTriangularWithAndWithoutDiagonal() throws {
        let without = try PhylipDistanceFile.read("3\nA\nB 0.5\nC 1.0 2.0\n")
        #expect(without.names == ["A", "B", "C"])
        #expect(without[0, 1] == 0.5)
        #expect(without[0, 2] == 1)
        #expect(without[1, 2] == 2)
        let with = try PhylipDistanceFile.read("3\r\nA 0\r\nB 0.5 0\r\nC 1.0 2.0 0\r\n")
        #expect(with.values == without.values)
    }

    @Test(
        arguments: [
            ("", 1, PhylogenyError.Kind.malformedFile),
            ("three\nA 0\n", 1, .malformedFile),
            ("2\nA 0 1\n", 3, .malformedFile),
            ("2\nA 0 1\nB 1 x\n", 3, .malformedFile),
            ("2\nA 0 1 2\nB 1 0\n", 2, .malformedFile),
            ("2\nA 0 1\nB 1 0\nC 1 1\n", 4, .malformedFile),
            ("2\nA 0 1\nB 2 0\n", nil, .invalidMatrix),
            ("2\nA 0 -1\nB -1 0\n", nil, .invalidMatrix),
        ] as [(String, Int?, PhylogenyError.Kind)])
    func malformedFilesSayWhere(_ text: String, _ line: Int?, _ kind: PhylogenyError.Kind) {
        do {
            _ = try PhylipDistanceFile.read(text, file: "bad.dist")
            Issue.record("read \(text)")
        } catch let error as PhylogenyError {
            #expect(error.kind == kind, "\(error)")
            #expect(error.file == "bad.dist")
            #expect(error.line == line, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aWrongFileIsQuotedInAFewCharacters() {
        let record =
            "{\"model\": \"m\", \"prompt_id\": \"1\", \"output\": \"" + String(repeating: "word ", count: 400) + "\"}"
        let readers: [(String) throws -> Void] = [
            { _ = try PhylipDistanceFile.read($0, file: "good.jsonl") },
            { _ = try PhylipCharacterFile.read($0, file: "good.jsonl") },
        ]
        for read in readers {
            do {
                try read(record + "\n" + record + "\n")
                Issue.record("read a JSON Lines file as PHYLIP")
            } catch let error as PhylogenyError {
                #expect(error.line == 1)
                #expect(error.detail.count < 120, "\(error)")
                #expect(error.detail.contains("{\"model\": \"m\"") && error.detail.contains("…"), "\(error)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
