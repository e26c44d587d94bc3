import Corpus
import Foundation
import Lexicon

/// Every model's answers, aligned by prompt, with the features attribution compares.
///
/// Features per answer: word and word-bigram types (stopwords kept: function words carry style), style markers,
/// and word-trigram types for paired comparison. Ids are dense over the whole corpus.
public struct AnswerFeatures: Sendable {
    /// The feature kinds, in id-space order.
    public enum Kind: String, Sendable, Hashable, Codable {
        case word, bigram, marker
    }

    /// One model's answer to one prompt.
    public struct Answer: Sendable {
        /// The answer text.
        public var text: String
        /// Distinct stylometric feature ids (words, bigrams, markers), in order of first occurrence in the text.
        public var features: [Int32]
        /// Sorted distinct marker ids (also in `features`).
        public var markers: [Int32]
        /// Distinct hashed word trigrams, in order of first occurrence.
        public var trigrams: [UInt64]
    }

    /// Models in input order (sorted by name).
    public let models: [String]
    /// Prompt keys (ids, or texts when ids are missing), sorted.
    public let prompts: [String]
    /// `answers[model][prompt]`, nil where the model did not answer.
    public let answers: [[Answer?]]
    /// The name of each feature id.
    public let featureNames: [String]
    /// The kind of each feature id.
    public let featureKinds: [Kind]
    /// Input files with digests.
    public let sources: [SourceFile]

    /// The hash of a word trigram in ``Answer/trigrams``, from its words' hashes (`WordReader.hash(of:)`).
    @inline(__always) static func trigramHash(_ first: UInt64, _ second: UInt64, _ third: UInt64) -> UInt64 {
        first &* 0x9E37_79B9_7F4A_7C15 ^ (second &* 0xC2B2_AE3D_27D4_EB4F) ^ third
    }

    /// Reads every input and extracts features, files in parallel.
    public static func read(inputs: [String], options: ReadOptions = ReadOptions()) throws -> AnswerFeatures {
        let files = try CorpusReader.inputFiles(inputs)
        let outputs = ConcurrentMap.run(files) { file in
            Result { () throws(CorpusError) -> [ModelOutputs] in try CorpusReader.read(file: file, options: options) }
        }
        var all: [ModelOutputs] = []
        for result in outputs { all.append(contentsOf: try result.get()) }
        return try AnswerFeatures(outputs: all)
    }

    /// Extracts features from model outputs; answers are matched across models by prompt id when every response
    /// has one, else by prompt text.
    public init(outputs: [ModelOutputs]) throws {
        var byModel: [String: [Response]] = [:]
        var sourceList: [SourceFile] = []
        var sourcesByModel: [String: [SourceFile]] = [:]
        for output in outputs {
            byModel[output.model, default: []].append(contentsOf: output.responses)
            let source = SourceFile(
                path: output.file, sha256: output.sha256, format: output.format,
                records: output.responses.count, skipped: output.skipped.count)
            sourceList.append(source)
            sourcesByModel[output.model, default: []].append(source)
        }
        try CorpusReader.requireAnswers(sourcesByModel)
        let modelNames = byModel.keys.sorted()
        guard !modelNames.isEmpty else { throw AttributionError("no model outputs in the input") }
        let useIDs = byModel.values.allSatisfy { $0.allSatisfy { $0.promptID != nil } }
        @Sendable func key(_ response: Response) -> String { (useIDs ? response.promptID : response.prompt) ?? "" }
        let grouped = byModel
        let promptKeys = Set(byModel.values.flatMap { $0.map(key) }).sorted()
        let promptIndex = Dictionary(uniqueKeysWithValues: promptKeys.enumerated().map { ($1, $0) })

        // Words are interned into one vocabulary; each model's feature keys (kind in the top two bits: word id,
        // bigram of two word ids, marker id) get local ids in parallel, merged into global ids model by model.
        let vocabulary = Vocabulary()
        // Phrase words are interned first, so that their ids are small and the matcher's table stays short.
        let phraseMatcher = StyleMarkers.PhraseMatcher { vocabulary.intern($0).0 }
        let registry = MarkerRegistry()
        // One extractor per worker takes the models one at a time, longest first, so that the last to finish is short.
        let lengths = modelNames.map { name in grouped[name]!.reduce(0) { $0 + $1.text.utf8.count } }
        let schedule = modelNames.indices.sorted { (lengths[$0], $1) > (lengths[$1], $0) }
        let locals = ConcurrentMap.run(
            modelNames, order: schedule,
            worker: { FeatureExtractor(vocabulary: vocabulary, phrases: phraseMatcher, registry: registry) },
            { extractor, model in
                Result { () throws(AttributionError) -> ExtractedModel in
                    try extractor.extract(
                        model: model, responses: grouped[model]!, promptCount: promptKeys.count,
                        prompt: { promptIndex[key($0)]! }, promptName: { promptKeys[$0] })
                }
            })
        let markerNames = registry.names
        let extracted = try locals.map { try $0.get() }
        let merged = GlobalFeatureIDs(extracted.map(\.keys))
        let keys = merged.keys
        // Each model's answers are mapped to global ids in parallel.
        let table = ConcurrentMap.run(Array(zip(extracted, merged.globalOf))) { local, global -> [Answer?] in
            var row = [Answer?](repeating: nil, count: promptKeys.count)
            for (prompt, answer) in local.answers {
                var mapped = answer
                // Each answer lists a local id once, so the mapped ids are distinct too; markers are sorted for the
                // merge that counts shared markers.
                mapped.features = answer.features.map { global[Int($0)] }
                mapped.markers = answer.markers.map { global[Int($0)] }.sorted()
                row[prompt] = mapped
            }
            return row
        }
        let words = vocabulary.words
        let names = keys.map { key -> String in
            switch key >> 62 {
            case 0: return words[Int(key)]
            case 1: return words[Int(key >> 21 & 0x1F_FFFF)] + " " + words[Int(key & 0x1F_FFFF)]
            case 2: return markerNames[Int(key & 0xFFFF_FFFF)]
            default:
                let marker = StyleMarkers.WordMarker(rawValue: Int(key >> 42 & 3))!
                return marker.name(words[Int(key >> 21 & 0x1F_FFFF)], words[Int(key & 0x1F_FFFF)])
            }
        }
        let kinds = keys.map { key -> Kind in key >> 62 == 0 ? .word : key >> 62 == 1 ? .bigram : .marker }
        models = modelNames
        prompts = promptKeys
        answers = table
        featureNames = names
        featureKinds = kinds
        sources = sourceList
    }

    /// The index of `model`, or an error listing the models present.
    public func index(of model: String) throws -> Int {
        guard let index = models.firstIndex(of: model) else {
            throw AttributionError(
                "unknown model \"\(model)\"; the input holds \(models.count) models: \(models.joined(separator: ", "))")
        }
        return index
    }
}
