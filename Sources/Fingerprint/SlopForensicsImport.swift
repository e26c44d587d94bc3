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
        var avg_length: Double?
        var vocab_complexity: Double?
        var slop_score: Double?
        var repetition_score: Double?
        var top_repetitive_words: [Word]?
        var top_bigrams: [NGram]?
        var top_trigrams: [NGram]?
    }

    /// One profile per model in the file, sorted by model name.
    public static func profiles(path: String) throws(CorpusError) -> [Profile] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CorpusError(.unreadableFile, at: SourceLocation(file: path), error.localizedDescription)
        }
        guard !data.isEmpty else { throw CorpusError(.emptyFile, at: SourceLocation(file: path), "the file has no content") }
        let entries: [String: Entry]
        do {
            entries = try JSONDecoder().decode([String: Entry].self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw CorpusError(.malformedJSON, at: SourceLocation(file: path), context.debugDescription)
        } catch let DecodingError.typeMismatch(_, context) {
            let path2 = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw CorpusError(
                .wrongFieldType, at: SourceLocation(file: path),
                "\(path2.isEmpty ? "the top level" : path2): \(context.debugDescription) (expected an object of model → profile)")
        } catch let DecodingError.keyNotFound(key, context) {
            let path2 = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw CorpusError(.missingField, at: SourceLocation(file: path), "\(path2) is missing")
        } catch {
            throw CorpusError(.malformedJSON, at: SourceLocation(file: path), "\(error)")
        }
        guard !entries.isEmpty else { throw CorpusError(.emptyFile, at: SourceLocation(file: path), "no models in the file") }
        let digest = (try? CorpusReader.sha256(of: path)) ?? ""
        return entries.keys.sorted().map { model in
            let entry = entries[model]!
            return Profile(
                model: model, origin: "slop-forensics",
                sources: [SourceFile(path: path, sha256: digest, format: .slopForensicsProfiles, records: entries.count, skipped: 0)],
                settings: ProfileSettings(baseline: "wordfreq (slop-forensics)"), summary: nil,
                metrics: ProfileMetrics(
                    meanLength: entry.avg_length ?? 0, slopScore: entry.slop_score ?? 0,
                    repetitionScore: entry.repetition_score ?? 0, vocabularyComplexity: entry.vocab_complexity ?? 0),
                prompts: [], promptMatching: nil,
                words: (entry.top_repetitive_words ?? []).map { ScoredFeature(feature: $0.word, count: nil, score: $0.score) },
                bigrams: (entry.top_bigrams ?? []).map {
                    ScoredFeature(feature: $0.ngram, count: $0.frequency, score: Double($0.frequency))
                },
                trigrams: (entry.top_trigrams ?? []).map {
                    ScoredFeature(feature: $0.ngram, count: $0.frequency, score: Double($0.frequency))
                })
        }
    }
}
