import Testing

@testable import Lexicon

private func w(_ text: String) -> Token { Token(text: text, kind: .word) }
private func n(_ text: String) -> Token { Token(text: text, kind: .number) }

@Suite("Tokenizer")
struct TokenizerTests {
    @Test(
        arguments: [
            ("Don't stop", [w("don't"), w("stop")]),
            ("L'amour caf\u{e9} NA\u{cf}VE", [w("l'amour"), w("caf\u{e9}"), w("na\u{ef}ve")]),
            ("don\u{2019}t", [w("don't")]),  // curly apostrophe becomes ASCII
            ("DON\u{2019}T WON\u{02BC}T", [w("don't"), w("won't")]),
            ("3.14 and 1,000 gpt4", [n("3.14"), w("and"), n("1,000"), n("gpt4")]),
            ("1,000,000.5 x2 2x", [n("1,000,000.5"), n("x2"), n("2x")]),
            ("hello-world", [w("hello"), w("world")]),
            ("em\u{2014}dash / slash_underscore", [w("em"), w("dash"), w("slash"), w("underscore")]),
            (
                "\u{391}\u{398}\u{397}\u{39D}\u{391} \u{3BA}\u{3CC}\u{3C3}\u{3BC}\u{3B5}",
                [
                    w("\u{3B1}\u{3B8}\u{3B7}\u{3BD}\u{3B1}"), w("\u{3BA}\u{3CC}\u{3C3}\u{3BC}\u{3B5}"),
                ]
            ),  // Greek
            (
                "\u{41F}\u{440}\u{438}\u{432}\u{435}\u{442} \u{43C}\u{438}\u{440}",
                [
                    w("\u{43F}\u{440}\u{438}\u{432}\u{435}\u{442}"), w("\u{43C}\u{438}\u{440}"),
                ]
            ),  // Cyrillic, capital folded
            // CJK
            ("\u{6771}\u{4EAC} \u{5927}\u{304D}\u{3044}", [w("\u{6771}\u{4EAC}"), w("\u{5927}\u{304D}\u{3044}")]),
            ("dogs' bone", [w("dogs"), w("bone")]),  // trailing apostrophe dropped
            ("'quoted' words", [w("quoted"), w("words")]),
            ("rock 'n' roll", [w("rock"), w("n"), w("roll")]),
            ("don''t", [w("don"), w("t")]),
            ("Hello, World! How ARE you?", [w("hello"), w("world"), w("how"), w("are"), w("you")]),
            ("\u{c9}COLE \u{e9}cole", [w("\u{e9}cole"), w("\u{e9}cole")]),
            ("cafe\u{301}", [w("cafe\u{301}")]),  // combining mark stays in the word
            ("end. 3. 2.5.", [w("end"), n("3"), n("2.5")]),
            (
                "\u{2018}quoted\u{2019} \u{6771}\u{4EAC}\u{3002}\u{5927}\u{962A}",
                [w("quoted"), w("\u{6771}\u{4EAC}"), w("\u{5927}\u{962A}")]
            ),
            ("\u{212A}ELVIN Stra\u{DF}e \u{1E9E}", [w("kelvin"), w("stra\u{DF}e"), w("\u{DF}")]),
            ("", []),
            ("  \n\t ...!?", []),
        ])
    func tokens(text: String, expected: [Token]) {
        var tokenizer = Tokenizer()
        let tokens = tokenizer.tokens(in: text)
        #expect(tokens.map(\.text) == expected.map(\.text))
        #expect(tokens.map(\.kind) == expected.map(\.kind))
        // Folded text compares by scalars too, not only by canonical equivalence.
        #expect(tokens.map { Array($0.text.unicodeScalars) } == expected.map { Array($0.text.unicodeScalars) })
    }

    /// Tokens are documented as case-folded. Unicode case folding maps final sigma (U+03C2) to sigma
    /// (U+03C3), so a Greek word ending in a capital sigma and the same word in lower case should be the
    /// same token; the tokenizer lower-cases scalar by scalar instead, so they differ.
    @Test func greekFinalSigmaFoldsLikeSigma() {
        var tokenizer = Tokenizer()
        let tokens = tokenizer.tokens(in: "\u{39F}\u{394}\u{39F}\u{3A3} \u{3BF}\u{3B4}\u{3BF}\u{3C2}")  // ΟΔΟΣ οδος
        #expect(tokens.count == 2)
        #expect(tokens.first?.text == tokens.last?.text)
    }

    @Test func aTokenizerCanBeReusedAndLongTokensAreKept() {
        var tokenizer = Tokenizer()
        let long = String(repeating: "Ab", count: 400)
        #expect(tokenizer.tokens(in: long + " x") == [w(String(repeating: "ab", count: 400)), w("x")])
        #expect(tokenizer.tokens(in: "caf\u{e9} CAF\u{c9}") == [w("caf\u{e9}"), w("caf\u{e9}")])
        #expect(tokenizer.tokens(in: "caf\u{e9} CAF\u{c9}") == [w("caf\u{e9}"), w("caf\u{e9}")])
    }

    @Test func sentencesSplitAtTerminatorsAndLineBreaks() {
        let sentences = Tokenizer.sentences(in: "Hi there. How are you?\nFine!  Pi is 3.14 today.Really")
        #expect(sentences == ["Hi there.", "How are you?", "Fine!", "Pi is 3.14 today.Really"])
        #expect(Tokenizer.sentences(in: "  \n ").isEmpty)
    }

    /// Boundaries reported to the sink: after `.`, `!`, `?` (followed by space or end) and line breaks.
    @Test func scanReportsBoundariesAndScalarCount() {
        struct Recorder: TokenSink {
            var events: [String] = []
            mutating func token(_ bytes: UnsafeBufferPointer<UInt8>, numeric: Bool) {
                events.append(String(decoding: bytes, as: UTF8.self))
            }
            mutating func boundary() { events.append("|") }
        }
        var tokenizer = Tokenizer()
        var recorder = Recorder()
        var text = "One two. Three 3.5 four!Five\nsix? seven\u{2026} e.g. caf\u{e9}"
        let scalars = text.withUTF8 { tokenizer.scan($0, into: &recorder) }
        #expect(scalars == text.unicodeScalars.count)
        #expect(
            recorder.events == [
                "one", "two", "|", "three", "3.5", "four", "|", "five", "|", "six", "|", "seven", "|", "e", "g",
                "|", "caf\u{e9}",
            ])
    }
}
