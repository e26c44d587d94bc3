import Corpus
import Foundation
import Lexicon
import Testing

@testable import Fingerprint

@Suite struct ProfileBuilderTests {
    @Test func overUsedWordsRankFirstWithTheirNumbers() throws {
        let corpus = try TestCorpus.threeModels()
        defer { corpus.remove() }
        let result = try Fingerprinting.run(inputs: [corpus.directory.path])
        let alpha = try #require(result.profiles.first { $0.model == "alpha" })
        let tapestry = try #require(alpha.words.first { $0.feature == "tapestry" })
        // 2 uses per answer × 8 answers, in all 8 prompts.
        #expect(tapestry.count == 16)
        #expect(tapestry.prompts == 8)
        let words = try #require(alpha.summary?.words)
        #expect(tapestry.rate == 16.0 / Double(words))
        let baseline = try #require(Baseline.english.frequency(of: "tapestry"))
        #expect(tapestry.baselineRate == baseline)
        #expect(abs(tapestry.score - 16.0 / Double(words) / baseline) < 1e-9)
        // No other model uses it.
        #expect(tapestry.poolRate == 0)
        #expect(tapestry.perPrompt == (0..<8).flatMap { [$0, 2] })
        // "delve" belongs to beta, not alpha.
        #expect(!alpha.words.contains { $0.feature == "delve" })
        let beta = try #require(result.profiles.first { $0.model == "beta" })
        #expect(beta.words.first?.feature == "delve")
    }

    @Test func nGramsAreRankedAgainstTheOtherModels() throws {
        let corpus = try TestCorpus.threeModels()
        defer { corpus.remove() }
        let result = try Fingerprinting.run(inputs: [corpus.directory.path])
        let alpha = try #require(result.profiles.first { $0.model == "alpha" })
        #expect(alpha.trigrams.map(\.feature).contains("rich tapestry woven"))
        // "grow slowly" is shared by every model (8 times each): in alpha, whose answers are longest,
        // its rate is below the others', so it is not over-represented there; alpha's own phrase is.
        #expect(!alpha.bigrams.contains { $0.feature == "grow slowly" })
        let own = try #require(alpha.bigrams.first { $0.feature == "tapestry woven" })
        #expect(own.poolRate == 0)
        // Where the shared phrase is listed, it ranks below that model's own phrases.
        let beta0 = try #require(result.profiles.first { $0.model == "beta" })
        if let shared = beta0.bigrams.first(where: { $0.feature == "grow slowly" }),
            let delve = beta0.bigrams.first(where: { $0.feature == "delve deeper" })
        {
            #expect(shared.score < delve.score)
        }
        // Stopwords never enter n-grams: "delve into" loses "into".
        let beta = try #require(result.profiles.first { $0.model == "beta" })
        #expect(beta.bigrams.contains { $0.feature == "delve garden" })
        let entry = try #require(alpha.trigrams.first { $0.feature == "rich tapestry woven" })
        #expect(entry.count == 8)
        #expect(entry.poolRate == 0)
        #expect(entry.score > 0)
    }

    @Test func thresholdsKeepRareFeaturesOut() throws {
        let corpus = try TestCorpus()
        defer { corpus.remove() }
        // "zephyrine" 4 times (below 5); "quillwork" 6 times but in 2 prompts (below 3).
        let texts = [
            "zephyrine quillwork quillwork quillwork", "zephyrine quillwork quillwork quillwork", "zephyrine plain",
            "zephyrine plain",
        ]
        try corpus.write(model: "m", answers: texts.enumerated().map { (String($0.offset), $0.element) })
        let result = try Fingerprinting.run(inputs: [corpus.directory.path])
        let features = result.profiles[0].words.map(\.feature)
        #expect(!features.contains("zephyrine"))
        #expect(!features.contains("quillwork"))
        let loose = try Fingerprinting.run(
            inputs: [corpus.directory.path], settings: ProfileSettings(minimumCount: 4, minimumPrompts: 2))
        #expect(loose.profiles[0].words.map(\.feature).contains("zephyrine"))
        #expect(loose.profiles[0].words.map(\.feature).contains("quillwork"))
    }

    @Test func outputIsIdenticalWhateverTheFileOrder() throws {
        let corpus = try TestCorpus.threeModels()
        defer { corpus.remove() }
        let files = try CorpusReader.inputFiles([corpus.directory.path])
        let forward = try Fingerprinting.run(inputs: files)
        let backward = try Fingerprinting.run(inputs: files.reversed())
        #expect(forward.profiles.map { $0.jsonText() } == backward.profiles.map { $0.jsonText() })
        #expect(forward.slopLists == backward.slopLists)
    }

    @Test func profileJSONRoundTrips() throws {
        let corpus = try TestCorpus.threeModels()
        defer { corpus.remove() }
        let result = try Fingerprinting.run(inputs: [corpus.directory.path])
        let out = corpus.directory.appendingPathComponent("out")
        let paths = result.profiles.map { out.appendingPathComponent(Profile.fileName(for: $0.model)).path }
        try Profile.write(result.profiles, to: paths)
        for (profile, path) in zip(result.profiles, paths) {
            let loaded = try Profile.load(path: path)
            #expect(loaded == profile)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == profile.jsonText())
        }
    }

    @Test func slopScoreCountsWeightedListHits() throws {
        let corpus = try TestCorpus.threeModels()
        defer { corpus.remove() }
        let result = try Fingerprinting.run(inputs: [corpus.directory.path])
        let alpha = try #require(result.corpus.models.first { $0.model == "alpha" })
        let profile = try #require(result.profiles.first { $0.model == "alpha" })
        var hits = 0.0
        let words = result.corpus.vocabulary
        for (kind, weight) in [(FeatureKind.word, 1.0), (.bigram, 2.0), (.trigram, 8.0)] {
            for entry in result.slopLists[kind] {
                let ids = entry.feature.split(separator: " ").compactMap { words.id(of: String($0)) }
                guard ids.count == kind.order else { continue }
                let key =
                    switch kind {
                    case .word: NGramKey.word(ids[0])
                    case .bigram: NGramKey.bigram(ids[0], ids[1])
                    case .trigram: NGramKey.trigram(ids[0], ids[1], ids[2])
                    }
                hits += weight * Double(alpha[kind].lookup(key).total)
            }
        }
        #expect(hits > 0)
        #expect(abs(profile.metrics.slopScore - hits / Double(alpha.statistics.words) * 1000) < 1e-9)
    }

    @Test func fileNamesAreSafe() {
        #expect(Profile.fileName(for: "google/gemma-3-4b-it") == "google__gemma-3-4b-it.json")
        #expect(Profile.fileName(for: "a b:c") == "a-b-c.json")
        #expect(Profile.fileName(for: "../x") == "_..__x.json")
    }
}

@Suite struct KeynessTests {
    @Test func logLikelihoodMatchesHandComputation() {
        // a=10 of c=100 against b=10 of d=1000: G² = 22.1382 (computed by hand).
        #expect(abs(Keyness.logLikelihood(a: 10, b: 10, c: 100, d: 1000) - 22.138221829656096) < 1e-9)
        #expect(Keyness.logLikelihood(a: 1, b: 100, c: 100, d: 1000) < 0)
        #expect(Keyness.logLikelihood(a: 5, b: 50, c: 100, d: 1000) == 0)
    }

    @Test func complexityFollowsTheFleschKincaidIndex() {
        // 100 words in 5 sentences, 150 syllables, 10 polysyllabic words:
        // FK = 0.39*20 + 11.8*1.5 - 15.59 = 9.91 → 70.7857; 10 % → 50; mean 60.39.
        let value = Keyness.complexity(words: 100, sentences: 5, syllables: 150, polysyllabic: 10)
        #expect(abs(value - (9.91 / 14 * 100 + 50) / 2) < 1e-9)
        #expect(Keyness.complexity(words: 0, sentences: 0, syllables: 0, polysyllabic: 0) == 0)
    }
}
