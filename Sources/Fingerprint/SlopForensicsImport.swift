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
            throw CorpusError(.unreadableFile, at: SourceLocation(file: path), error.localizedDescription)
        }
        guard !data.isEmpty else {
            throw CorpusError(.emptyFile, at: SourceLocation(file: path), "the file has no content")
        }
        let entries: [String: Entry]
        do {
            entries = try JSONDecoder().decode([String: Entry].self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw CorpusError(.malformedJSON, at: SourceLocation(file: path), context.debugDescription)
        } catch let DecodingError.typeMismatch(_, context) {
            let path2 = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw CorpusError(
                .wrongFieldType, at: SourceLocation(file: path),
                "\(path2.isEmpty ? "the top level" : path2): \(context.debugDescription) (expected an object of model → profile)"
            )
        } catch let DecodingError.keyNotFound(key, context) {
            let path2 = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw CorpusError(.missingField, at: SourceLocation(file: path), "\(path2) is missing")
        } catch {
            throw CorpusError(.malformedJSON, at: SourceLocation(file: path), "\(error)")
        }
        guard !entries.isEmpty else {
            throw CorpusError(.emptyFile, at: SourceLocation(file: path), "no models in the file")
        }
        let digest = (try? CorpusReader.sha256(of: path)) ?? ""
        return entries.keys.sorted().map { model in
            let entry = entries[model]!
            return Profile(
                model: model, origin: "slop-forensics",
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
