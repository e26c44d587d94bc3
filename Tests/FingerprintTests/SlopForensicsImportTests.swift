import Corpus
import Foundation
import Testing

@testable import Fingerprint

@Suite struct SlopForensicsImportTests {
    var fixture: String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(
            "slop_profile_results_sample.json"
        ).path
    }

    @Test func importsEveryModelWithItsNumbers() throws {
        let profiles = try SlopForensicsImport.profiles(path: fixture)
        #expect(profiles.map(\.model) == ["ToastyPigeon/Gemma-3-Starshine-12B", "allura-org/Gemma-3-Glitter-12B"])
        let first = profiles[0]
        #expect(first.origin == "slop-forensics")
        #expect(first.metrics.meanLength == 7973.3)
        #expect(first.metrics.slopScore == 46.0933)
        #expect(first.words.map(\.feature) == ["elara", "stammered", "flickered"])
        #expect(first.words[0].score == 20462.38597815001)
        #expect(first.words[0].count == nil)
        #expect(first.bigrams[0].feature == "said voice")
        #expect(first.bigrams[0].count == 220)
        #expect(first.trigrams.count == 2)
        #expect(first.perPromptCounts == nil)
    }

    @Test func importsThePublishedFileWhenPresent() throws {
        let path = "../shared/data/slop-forensics/slop_profile_results.json"
        guard FileManager.default.fileExists(atPath: path) else { return }
        let profiles = try SlopForensicsImport.profiles(path: path)
        #expect(profiles.count == 38)
        #expect(profiles.allSatisfy { !$0.words.isEmpty })
    }

    @Test func badFilesGiveClearErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(String, CorpusError.Kind)] = [
            ("", .emptyFile),
            ("{\"m\": {\"avg_length\": ", .malformedJSON),
            ("[1, 2]", .wrongFieldType),
            ("{\"m\": {\"top_bigrams\": [{\"ngram\": \"a b\"}]}}", .missingField),
            ("{}", .emptyFile),
        ]
        for (index, (text, kind)) in cases.enumerated() {
            let path = directory.appendingPathComponent("case\(index).json").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let error = #expect(throws: CorpusError.self) { try SlopForensicsImport.profiles(path: path) }
            #expect(error?.kind == kind, "case \(index): \(String(describing: error))")
            #expect(error?.location.file == path)
        }
    }
}

extension Profile {
    /// Whether any feature carries per-prompt counts (nil when none does).
    var perPromptCounts: [Int]? {
        (words + bigrams + trigrams).compactMap(\.perPrompt).first
    }
}
