import Corpus
import Foundation

/// Reads slop-forensics' combined profile file (`results/slop_profile_results.json`).
public enum SlopForensicsImport {
    private struct Entry: Decodable {
        struct Word: Decodable {
            var word: String
            var score: Double
        }
        struct NGram: Decodable {
            var ngram: String
            var frequency: Int
        }
        var averageLength: Double?
        var vocabularyComplexity: Double?
        var slopScore: Double?
        var repetitionScore: Double?
        var topWords: [Word]?
        var topBigrams: [NGram]?
        var topTrigrams: [NGram]?

        enum CodingKeys: String, CodingKey {
            case averageLength = "avg_length"
            case vocabularyComplexity = "vocab_complexity"
            case slopScore = "slop_score"
            case repetitionScore = "repetition_score"
            case topWords = "top_repetitive_words"
            case topBigrams = "top_bigrams"
            case topTrigrams = "top_trigrams"
        }
    }

    /// One profile per model in the file, sorted by model name.
    public static func profiles(path: String) throws(CorpusError) -> [Profile] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CorpusError.unreadable(path, error)
        }
        guard !data.isEmpty else {
            throw CorpusError(.emptyFile, at: SourceLocation(file: path), "the file has no content")
        }
        if Profile.isProfile(head: data.prefix(512)) {
            throw CorpusError(
                .unknownFormat, at: SourceLocation(file: path),
                "this is a Lineage profile, not slop-forensics' slop_profile_results.json: give it to `lineage tree` "
                    + "as it is")
        }
        let entries: [String: Entry]
        do {
            entries = try JSONDecoder().decode([String: Entry].self, from: data)
        } catch {
            throw CorpusError(
                decoding: error, file: path, bytes: data,
                expected: "slop-forensics' slop_profile_results.json")
        }
        guard !entries.isEmpty else {
            throw CorpusError(.emptyFile, at: SourceLocation(file: path), "no models in the file")
        }
        let digest = (try? CorpusReader.sha256(of: path)) ?? ""
        return entries.keys.sorted().map { model in
            let entry = entries[model]!
            return Profile(
                model: model, origin: Profile.slopForensicsOrigin,
                sources: [
                    SourceFile(
                        path: path, sha256: digest, format: .slopForensicsProfiles, records: entries.count, skipped: 0)
                ],
                settings: ProfileSettings(baseline: "wordfreq (slop-forensics)"), summary: nil,
                metrics: ProfileMetrics(
                    meanLength: entry.averageLength ?? 0, slopScore: entry.slopScore ?? 0,
                    repetitionScore: entry.repetitionScore ?? 0, vocabularyComplexity: entry.vocabularyComplexity ?? 0),
                prompts: [], promptMatching: nil,
                words: (entry.topWords ?? []).map {
                    ScoredFeature(feature: $0.word, count: nil, score: $0.score)
                },
                bigrams: (entry.topBigrams ?? []).map {
                    ScoredFeature(feature: $0.ngram, count: $0.frequency, score: Double($0.frequency))
                },
                trigrams: (entry.topTrigrams ?? []).map {
                    ScoredFeature(feature: $0.ngram, count: $0.frequency, score: Double($0.frequency))
                })
        }
    }
}
