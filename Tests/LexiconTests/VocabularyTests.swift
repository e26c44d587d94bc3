import Testing

@testable import Lexicon

@Suite("Vocabulary")
struct VocabularyTests {
    @Test func stopwordsAreNotWordFeatures() {
        let vocabulary = Vocabulary()
        for word in ["the", "and", "it's", "don't", "should've", "which"] {
            let (_, traits) = vocabulary.intern(word)
            #expect(traits.isStopword, "\(word)")
            #expect(!traits.isWordFeature, "\(word)")
            #expect(!traits.isContentWord, "\(word)")
        }
    }

    @Test func possessivesCountAsTheirBaseButContractionsDoNot() throws {
        let vocabulary = Vocabulary()
        let (possessiveID, possessive) = vocabulary.intern("elara's")
        let elara = try #require(vocabulary.id(of: "elara"))
        #expect(possessive.featureID == elara)
        #expect(possessiveID != elara)
        #expect(possessive.isWordFeature && possessive.isContentWord)
        #expect(vocabulary.word(possessiveID) == "elara's")

        let (itsID, its) = vocabulary.intern("it's")
        #expect(its.featureID == itsID)
        #expect(its.isStopword)
        #expect(vocabulary.id(of: "it") == nil)

        // A contraction that is not a stopword is a feature of its own, not of "that".
        let (thatsID, thats) = vocabulary.intern("that's")
        #expect(thats.featureID == thatsID)
        #expect(!thats.isStopword)
        #expect(vocabulary.id(of: "that") == nil)

        // A possessive of a short word takes the base word's traits.
        let (_, cats) = vocabulary.intern("cat's")
        #expect(cats.featureID == vocabulary.id(of: "cat"))
        #expect(!cats.isWordFeature)
        #expect(cats.isContentWord)
    }

    @Test func possessivesAreKeptWhenMergingIsOff() {
        let vocabulary = Vocabulary(settings: LexiconSettings(minimumWordLength: 4, mergePossessives: false))
        let (id, traits) = vocabulary.intern("elara's")
        #expect(traits.featureID == id)
        #expect(vocabulary.id(of: "elara") == nil)
        #expect(traits.isWordFeature)
    }

    @Test(arguments: ["42", "3.14", "1,000", "gpt4", "4x4", "\u{663}"])
    func numbersAreNotContentWords(token: String) {
        let (_, traits) = Vocabulary().intern(token)
        #expect(traits.isNumeric)
        #expect(!traits.isContentWord)
        #expect(!traits.isWordFeature)
        #expect(traits.syllables == 0)
    }

    @Test func singleLettersAreNotContentWords() {
        let vocabulary = Vocabulary()
        for letter in ["x", "q", "\u{e9}", "\u{3B1}"] {
            let (_, traits) = vocabulary.intern(letter)
            #expect(!traits.isContentWord, "\(letter)")
            #expect(!traits.isWordFeature, "\(letter)")
            #expect(!traits.isNumeric, "\(letter)")
        }
    }

    @Test func shortWordsAreContentWordsButNotWordFeatures() {
        let vocabulary = Vocabulary()
        let (_, cat) = vocabulary.intern("cat")
        #expect(cat.isContentWord && !cat.isWordFeature)
        let (_, dragon) = vocabulary.intern("dragon")
        #expect(dragon.isContentWord && dragon.isWordFeature)
        let (_, oer) = vocabulary.intern("o'er")  // apostrophe words are features whatever their length
        #expect(oer.isContentWord && oer.isWordFeature)
        let short = Vocabulary(settings: LexiconSettings(minimumWordLength: 3))
        #expect(short.intern("cat").1.isWordFeature)
    }

    @Test func idsAreDenseAndStable() {
        let vocabulary = Vocabulary()
        let first = vocabulary.intern("alpha").0
        let second = vocabulary.intern("beta").0
        #expect(vocabulary.intern("alpha").0 == first)
        #expect([first, second] == [0, 1])
        #expect(vocabulary.words == ["alpha", "beta"])
        #expect(vocabulary.count == 2)
        #expect(!vocabulary.overflowed)
    }

    @Test(
        arguments: [
            ("make", 1), ("the", 1), ("table", 2), ("banana", 3), ("hopes", 1), ("horses", 2), ("beautiful", 3),
            ("rhythm", 1), ("caf\u{e9}", 2), ("a", 1),
        ] as [(String, UInt8)])
    func syllableEstimates(word: String, expected: UInt8) {
        #expect(Syllables.estimate(word) == expected)
    }

    @Test func nonLatinWordsCountOneSyllablePerThreeLetters() {
        #expect(Syllables.estimate("\u{43F}\u{440}\u{438}\u{432}\u{435}\u{442}") == 2)  // 6 Cyrillic letters
        #expect(Syllables.estimate("\u{6771}") == 1)
        #expect(Syllables.estimate("") == 0)
    }
}

@Suite("Stopwords")
struct StopwordsTests {
    @Test func englishListHas179Words() {
        #expect(Stopwords.english.words.count == 179)
        for word in ["the", "i", "it's", "don't", "wouldn't", "ourselves"] {
            #expect(Stopwords.english.contains(word), "\(word)")
        }
        #expect(!Stopwords.english.contains("dragon"))
        #expect(Stopwords.english.words.allSatisfy { $0 == $0.lowercased() && !$0.hasPrefix("#") })
    }

    @Test func customListsAreCaseFolded() {
        let list = Stopwords(["The", "DRAGON"])
        #expect(list.words == ["the", "dragon"])
        #expect(list.contains("dragon"))
        #expect(!list.contains("DRAGON"))
    }
}
