import Testing

@testable import Attribution

@Suite struct StyleMarkersTests {
    @Test func phraseMatcherAgreesWithASequenceSearch() {
        var ids: [String: UInt32] = [:]
        func id(_ word: String) -> UInt32 {
            if let known = ids[word] { return known }
            ids[word] = UInt32(ids.count)
            return ids[word]!
        }
        let matcher = StyleMarkers.PhraseMatcher(id: id)
        let words =
            Set(StyleMarkers.phrases.flatMap { $0.split(separator: " ").map(String.init) }).sorted() + [
                "the", "cat", "note",
            ]
        var state: UInt64 = 7
        for trial in 0..<300 {
            let text = (0..<(trial % 40)).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return words[Int(state >> 33) % words.count]
            }
            let encoded = text.map(id)
            let present = matcher.present(in: encoded)
            for (index, phrase) in StyleMarkers.phrases.enumerated() {
                let expected = StyleMarkers.containsSequence(text, phrase.split(separator: " ").map(String.init))
                #expect(present[index] == expected, "\(phrase) in \(text)")
            }
        }
    }

    @Test func markersNameHedgesAndRefusals() {
        let text = "I'm sorry, but as an AI I cannot help. However, it is important to note that you can ask."
        let words = text.lowercased().split { !$0.isLetter && $0 != "'" }.map(String.init)
        let found = StyleMarkers.markers(in: text, words: words)
        for marker in [
            "first-person", "second-person", "hedge:however", "hedge:it is important", "hedge:important to note",
            "hedge:note that", "refusal:as an ai", "refusal:i'm sorry", "refusal:i cannot", "open:i'm",
        ] {
            #expect(found.contains(marker), "\(marker)")
        }
        #expect(!found.contains("refusal:i apologize"))
    }

    @Test func extractedAnswersHoldTheMarkersTheirTextShows() throws {
        // The extractor keys opening and closing words by word id and names them at the end; the names must be the
        // ones the string path gives for the same text.
        let data = try PlantedCorpus.data()
        for (model, row) in data.answers.enumerated() {
            for answer in row.prefix(3) {
                guard let answer else { continue }
                let words = answer.text.lowercased().split { !$0.isLetter && $0 != "'" }.map(String.init)
                let expected = Set(StyleMarkers.markers(in: answer.text, words: words))
                let names = Set(answer.markers.map { data.featureNames[Int($0)] })
                #expect(names == expected, "\(data.models[model])")
                #expect(answer.markers.allSatisfy { data.featureKinds[Int($0)] == .marker })
            }
        }
    }
}
