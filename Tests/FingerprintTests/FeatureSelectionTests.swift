import Testing

@testable import Fingerprint

@Suite struct FeatureSelectionTests {
    func selection(_ settings: CharacterSettings = CharacterSettings()) throws -> FeatureSelection {
        let corpus = try TestCorpus.threeModels()
        defer { corpus.remove() }
        let result = try Fingerprinting.run(inputs: [corpus.directory.path])
        return FeatureSelection(profiles: result.profiles, settings: settings)
    }

    @Test func presenceMarksEachModelsTopFeatures() throws {
        let selection = try selection()
        #expect(selection.models == ["alpha", "beta", "gamma"])
        #expect(selection.prompts == (0..<8).map(String.init))
        #expect(selection.canResamplePrompts)
        let (features, rows) = selection.presence()
        let tapestry = try #require(features.firstIndex(of: "word:tapestry"))
        let delve = try #require(features.firstIndex(of: "word:delve"))
        #expect(rows[0][tapestry] && !rows[1][tapestry] && !rows[2][tapestry])
        #expect(rows[1][delve] && !rows[0][delve])
        #expect(features.contains("trigram:rich tapestry woven"))
        // Columns: words, then bigrams, then trigrams, each sorted.
        let kinds = features.map { $0.prefix { $0 != ":" } }
        #expect(
            kinds
                == kinds.sorted {
                    ["word": 0, "bigram": 1, "trigram": 2][$0]! < ["word": 0, "bigram": 1, "trigram": 2][$1]!
                })
    }

    @Test func unitWeightsReproduceTheProfilesAndThinWeightsDropFeatures() throws {
        let selection = try selection()
        let original = selection.presence()
        let unit = selection.presence(weights: [Int](repeating: 1, count: selection.prompts.count))
        #expect(unit.features == original.features)
        #expect(unit.rows == original.rows)
        // One prompt drawn twice: a drawn prompt counts once per draw, as in the resampled corpus, so every
        // feature is in 2 prompts, under the 3-prompt threshold.
        var weights = [Int](repeating: 0, count: 8)
        weights[0] = 2
        let thin = selection.presence(weights: weights)
        #expect(thin.features.isEmpty)
    }

    @Test func perKindLimitsCapEachModelsContribution() throws {
        let selection = try selection(CharacterSettings(words: 1, bigrams: 0, trigrams: 0))
        let (features, rows) = selection.presence()
        #expect(features.allSatisfy { $0.hasPrefix("word:") })
        #expect(rows.allSatisfy { $0.filter { $0 }.count <= 1 })
    }
}

@Suite struct KeepBestTests {
    @Test func keepsTheSameSetAsAFullSort() {
        var state: UInt64 = 99
        for trial in 0..<200 {
            let count = trial % 37
            var values: [(score: Double, feature: Int)] = (0..<count).map { feature in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                // Few distinct scores, so ties are broken by the feature, as in presence(weights:).
                return (Double(state >> 61), feature)
            }
            let better: ((score: Double, feature: Int), (score: Double, feature: Int)) -> Bool = {
                $0.score != $1.score ? $0.score > $1.score : $0.feature < $1.feature
            }
            let limit = trial % 11
            let expected = Set(values.sorted(by: better).prefix(limit).map(\.feature))
            FeatureSelection.keepBest(limit, of: &values, by: better)
            #expect(values.count == min(limit, count))
            #expect(Set(values.map(\.feature)) == expected, "trial \(trial)")
        }
    }
}
