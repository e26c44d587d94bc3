import Testing

@testable import BenchAudit

@Suite struct ExtractionTests {
    @Test func firstRuleTakesTheFirstAnswerIs() {
        let result = AnswerExtractor.extract("so the answer is (C). Later: the answer is D")
        #expect(result == Extraction(letter: "C", rule: .answerIs))
        #expect(AnswerExtractor.extract("the answer is E").letter == "E")
        // "(" followed by a non-letter fails at that place; a later match still counts.
        #expect(AnswerExtractor.extract("answer is (x) ... answer is B").letter == "B")
        // Case-sensitive and needs the space: "Answer is" is not rule 1.
        #expect(AnswerExtractor.extract("Answer is C").rule != .answerIs)
    }

    @Test func secondRuleTakesTheLastMatchOnTheFirstLineWithOne() {
        // Python: re.search(r'.*[aA]nswer:\s*([A-J])', text) — `.` stops at a newline, `\s*` crosses it.
        #expect(
            AnswerExtractor.extract("Answer: A then answer: B\nAnswer: C")
                == Extraction(letter: "B", rule: .answerColon))
        #expect(
            AnswerExtractor.extract("nothing here\nfinal answer:\n\n  D") == Extraction(letter: "D", rule: .answerColon)
        )
        // A non-breaking space is whitespace for Python's \s.
        #expect(AnswerExtractor.extract("Answer:\u{00A0}E").letter == "E")
        #expect(AnswerExtractor.extract("Answer: x").rule != .answerColon)
    }

    @Test func thirdRuleTakesTheLastStandaloneLetter() {
        #expect(
            AnswerExtractor.extract("Options A and B, maybe (C) or Dx") == Extraction(letter: "C", rule: .lastLetter))
        // Unicode word characters count as \w: "éA" is not a standalone A.
        #expect(AnswerExtractor.extract("B then éA") == Extraction(letter: "B", rule: .lastLetter))
        #expect(AnswerExtractor.extract("K, L and 1A_") == Extraction(letter: nil, rule: .none))
        #expect(AnswerExtractor.extract("") == Extraction(letter: nil, rule: .none))
    }
}

@Suite struct MerkleTests {
    /// RFC 6962 / Certificate Transparency reference leaves and roots of the first 1…8 leaves.
    static let leaves = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ]
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test func rootsMatchTheRFC6962Vectors() throws {
        #expect(
            Hex.string(MerkleTree.root(leafHashes: []))
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let hashes = try Self.leaves.map { try #require(Hex.bytes($0)) }.map(MerkleTree.leafHash)
        for size in 1...8 {
            #expect(Hex.string(MerkleTree.root(leafHashes: Array(hashes.prefix(size)))) == Self.roots[size - 1])
        }
    }
}
