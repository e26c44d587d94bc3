import Corpus
import Dispatch
import Lexicon
import Synchronization

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
        /// Sorted distinct hashed word trigrams.
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

    /// Reads every input and extracts features, files in parallel.
    public static func read(inputs: [String], options: ReadOptions = ReadOptions()) throws -> AnswerFeatures {
        let files = try CorpusReader.inputFiles(inputs)
        let outputs = Mutex<[Int: Result<[ModelOutputs], CorpusError>]>([:])
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let result = Result { () throws(CorpusError) -> [ModelOutputs] in
                try CorpusReader.read(file: files[index], options: options)
            }
            outputs.withLock { $0[index] = result }
        }
        var all: [ModelOutputs] = []
        for index in files.indices {
            switch outputs.withLock({ $0[index]! }) {
            case .success(let models): all.append(contentsOf: models)
            case .failure(let error): throw error
            }
        }
        return try AnswerFeatures(outputs: all)
    }

    /// Extracts features from model outputs; answers are matched across models by prompt id when every response
    /// has one, else by prompt text.
    public init(outputs: [ModelOutputs]) throws {
        var byModel: [String: [Response]] = [:]
        var sourceList: [SourceFile] = []
        for output in outputs {
            byModel[output.model, default: []].append(contentsOf: output.responses)
            sourceList.append(
                SourceFile(
                    path: output.file, sha256: output.sha256, format: output.format,
                    records: output.responses.count, skipped: output.skipped.count))
        }
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
        let markerTable = Mutex<[String: UInt64]>([:])
        struct Local: Sendable {
            var keys: [UInt64] = []
            var answers: [(prompt: Int, answer: Answer)] = []
        }
        let locals = Mutex<[Int: Result<Local, AttributionError>]>([:])
        DispatchQueue.concurrentPerform(iterations: modelNames.count) { index in
            var reader = WordReader(vocabulary: vocabulary)
            var local = Local()
            var ids = KeyTable(capacity: 1 << 16)
            var seen = [Bool](repeating: false, count: promptKeys.count)
            var markerIDs: [String: UInt64] = [:]
            // The answer (1-based) in which each local id was last added, so that each answer lists it once.
            var lastAnswer: [Int32] = []
            var answerNumber: Int32 = 0
            func intern(_ key: UInt64, into features: inout [Int32]) {
                let id = ids.value(for: key, inserting: Int32(local.keys.count))
                if id == local.keys.count {
                    local.keys.append(key)
                    lastAnswer.append(0)
                }
                if lastAnswer[Int(id)] != answerNumber {
                    lastAnswer[Int(id)] = answerNumber
                    features.append(id)
                }
            }
            for response in grouped[modelNames[index]]! {
                let prompt = promptIndex[key(response)]!
                answerNumber += 1
                guard !seen[prompt] else {
                    locals.withLock {
                        $0[index] = .failure(
                            AttributionError(
                                "model \(modelNames[index]) answers prompt \(promptKeys[prompt]) more than once"))
                    }
                    return
                }
                let (words, hashes) = reader.words(in: response.text)
                var features: [Int32] = []
                features.reserveCapacity(words.count * 2 + 32)
                var markers: [Int32] = []
                var trigrams: [UInt64] = []
                trigrams.reserveCapacity(words.count)
                seen[prompt] = true
                for position in words.indices {
                    intern(UInt64(words[position]), into: &features)
                    if position > 0 {
                        intern(1 << 62 | UInt64(words[position - 1]) << 21 | UInt64(words[position]), into: &features)
                    }
                    if position >= 2 {
                        trigrams.append(
                            hashes[position - 2] &* 0x9E37_79B9_7F4A_7C15
                                ^ (hashes[position - 1] &* 0xC2B2_AE3D_27D4_EB4F)
                                ^ hashes[position])
                    }
                }
                let phrases = phraseMatcher.present(in: words)
                let found = StyleMarkers.markers(
                    in: response.text, wordCount: words.count, word: { vocabulary.word(words[$0]) },
                    hasPhrase: { phrases[$0] })
                for marker in found {
                    let markerID: UInt64
                    if let known = markerIDs[marker] {
                        markerID = known
                    } else {
                        markerID = markerTable.withLock { table in
                            if let id = table[marker] { return id }
                            let id = UInt64(table.count)
                            table[marker] = id
                            return id
                        }
                        markerIDs[marker] = markerID
                    }
                    let count = features.count
                    intern(2 << 62 | markerID, into: &features)
                    if features.count > count { markers.append(features[count]) }
                }
                local.answers.append(
                    (
                        prompt,
                        Answer(
                            text: response.text, features: features, markers: markers,
                            trigrams: Self.sortedUnique(trigrams))
                    ))
            }
            locals.withLock { $0[index] = .success(local) }
        }
        let markerNames = markerTable.withLock { table in
            var names = [String](repeating: "", count: table.count)
            for (name, id) in table { names[Int(id)] = name }
            return names
        }
        // Global ids are handed out model by model (serial, so that ids do not depend on thread timing); each
        // model's answers are then mapped to them and sorted in parallel.
        var globalIDs = KeyTable(capacity: 1 << 18)
        var keys: [UInt64] = []
        var localTables: [Local] = []
        var globalOf: [[Int32]] = []
        for index in modelNames.indices {
            let local: Local
            switch locals.withLock({ $0[index]! }) {
            case .success(let value): local = value
            case .failure(let error): throw error
            }
            localTables.append(local)
            globalOf.append(
                local.keys.map { key -> Int32 in
                    let id = globalIDs.value(for: key, inserting: Int32(keys.count))
                    if id == keys.count { keys.append(key) }
                    return id
                })
        }
        let mappedLocals = localTables
        let mappings = globalOf
        let rows = Mutex<[Int: [Answer?]]>([:])
        DispatchQueue.concurrentPerform(iterations: modelNames.count) { index in
            let global = mappings[index]
            var row = [Answer?](repeating: nil, count: promptKeys.count)
            for (prompt, answer) in mappedLocals[index].answers {
                var mapped = answer
                // Each answer lists a local id once, so the mapped ids are distinct too; markers are sorted for the
                // merge that counts shared markers.
                mapped.features = answer.features.map { global[Int($0)] }
                mapped.markers = answer.markers.map { global[Int($0)] }.sorted()
                row[prompt] = mapped
            }
            rows.withLock { $0[index] = row }
        }
        let table = rows.withLock { all in modelNames.indices.map { all[$0]! } }
        let words = vocabulary.words
        let names = keys.map { key -> String in
            switch key >> 62 {
            case 0: return words[Int(key)]
            case 1: return words[Int(key >> 21 & 0x1F_FFFF)] + " " + words[Int(key & 0x1F_FFFF)]
            default: return markerNames[Int(key & 0xFFFF_FFFF)]
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

    /// The distinct values of `values`, ascending.
    static func sortedUnique<T: Comparable>(_ values: [T]) -> [T] {
        var sorted = values.sorted()
        guard sorted.count > 1 else { return sorted }
        var write = 1
        for read in 1..<sorted.count where sorted[read] != sorted[write - 1] {
            sorted[write] = sorted[read]
            write += 1
        }
        sorted.removeLast(sorted.count - write)
        return sorted
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
