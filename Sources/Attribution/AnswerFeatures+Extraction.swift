import Corpus
import Lexicon
import Synchronization

/// Marker names and their ids, shared by the extraction workers; ids are handed out first come, first served (the
/// merge into global ids makes the result independent of that order).
final class MarkerRegistry: Sendable {
    private let table = Mutex<[String: UInt64]>([:])

    /// The id of `marker`, registered if new.
    func id(of marker: String) -> UInt64 {
        table.withLock { table in
            if let id = table[marker] { return id }
            let id = UInt64(table.count)
            table[marker] = id
            return id
        }
    }

    /// The names by id.
    var names: [String] {
        table.withLock { table in
            var names = [String](repeating: "", count: table.count)
            for (name, id) in table { names[Int(id)] = name }
            return names
        }
    }
}

/// One model's answers with features under the model's own dense local ids, and the key of each local id.
struct ExtractedModel: Sendable {
    /// Feature key of each local id: a word id, `1 << 62 | first << 21 | second` for a bigram, `2 << 62 | id`
    /// for a marker named in the ``MarkerRegistry``, `3 << 62 | kind << 42 | first << 21 | second` for an opening
    /// or closing marker (``StyleMarkers/WordMarker``).
    var keys: [UInt64] = []
    /// The answers, with the prompt each answers; features and markers hold local ids.
    var answers: [(prompt: Int, answer: AnswerFeatures.Answer)] = []
}

/// Extracts the features of models' answers, one model after another; one extractor per worker thread, so that its
/// token cache and word names stay warm across models.
struct FeatureExtractor {
    private var reader: WordReader
    private let vocabulary: Vocabulary
    private let phrases: StyleMarkers.PhraseMatcher
    private let registry: MarkerRegistry
    /// Marker ids already looked up in the registry by this worker.
    private var markerIDs: [String: UInt64] = [:]
    /// Local id of each vocabulary word in the model being extracted, -1 when it has none yet.
    private var wordLocal: [Int32] = []
    /// Local ids of bigrams and markers in the model being extracted.
    private var otherLocal = KeyTable(capacity: 1 << 16)
    /// The answer (1-based) in which each local id was last listed, so that each answer lists it once.
    private var lastAnswer: [Int32] = []
    private var distinctTrigrams = DistinctHashes()

    init(vocabulary: Vocabulary, phrases: StyleMarkers.PhraseMatcher, registry: MarkerRegistry) {
        self.vocabulary = vocabulary
        self.phrases = phrases
        self.registry = registry
        reader = WordReader(vocabulary: vocabulary)
    }

    /// The features of `responses` of model `model`; `prompt(response)` is the prompt's index, below
    /// `promptCount`, and `promptName(index)` names it for errors.
    mutating func extract(
        model: String, responses: [Response], promptCount: Int, prompt: (Response) -> Int,
        promptName: (Int) -> String
    ) throws(AttributionError) -> ExtractedModel {
        var result = ExtractedModel()
        otherLocal = KeyTable(capacity: 1 << 16)
        lastAnswer.removeAll(keepingCapacity: true)
        defer {
            // Forget this model's word ids, touching only the words it used.
            for key in result.keys where key >> 62 == 0 { wordLocal[Int(key)] = -1 }
        }
        var seen = [Bool](repeating: false, count: promptCount)
        var answerNumber: Int32 = 0

        @inline(__always) func list(_ id: Int32, in features: inout [Int32]) {
            if lastAnswer[Int(id)] != answerNumber {
                lastAnswer[Int(id)] = answerNumber
                features.append(id)
            }
        }
        @inline(__always) func newID(_ key: UInt64) -> Int32 {
            let id = Int32(result.keys.count)
            result.keys.append(key)
            lastAnswer.append(0)
            return id
        }
        for response in responses {
            let promptIndex = prompt(response)
            guard !seen[promptIndex] else {
                throw AttributionError("model \(model) answers prompt \(promptName(promptIndex)) more than once")
            }
            seen[promptIndex] = true
            answerNumber += 1
            let (words, hashes) = reader.words(in: response.text)
            var features: [Int32] = []
            features.reserveCapacity(words.count * 2 + 32)
            var trigrams: [UInt64] = []
            trigrams.reserveCapacity(words.count)
            for position in words.indices {
                let word = Int(words[position])
                if word >= wordLocal.count {
                    wordLocal.append(contentsOf: repeatElement(-1, count: word + 1 - wordLocal.count + 4096))
                }
                var id = wordLocal[word]
                if id < 0 {
                    id = newID(UInt64(word))
                    wordLocal[word] = id
                }
                list(id, in: &features)
                if position > 0 {
                    let key = 1 << 62 | UInt64(words[position - 1]) << 21 | UInt64(word)
                    let bigram = otherLocal.value(for: key, inserting: Int32(result.keys.count))
                    if bigram == result.keys.count { _ = newID(key) }
                    list(bigram, in: &features)
                }
                if position >= 2 {
                    trigrams.append(
                        AnswerFeatures.trigramHash(hashes[position - 2], hashes[position - 1], hashes[position]))
                }
            }
            let present = phrases.present(in: words)
            var markers: [Int32] = []
            // Opening and closing words are keyed by their word ids (named once at the end); other markers by name.
            for marker in StyleMarkers.WordMarker.allCases {
                guard let (first, second) = marker.positions(wordCount: words.count) else { continue }
                let key =
                    3 << 62 | UInt64(marker.rawValue) << 42 | UInt64(words[first]) << 21
                    | (marker == .firstWord ? 0 : UInt64(words[second]))
                var id = otherLocal.value(for: key, inserting: Int32(result.keys.count))
                if id == result.keys.count { id = newID(key) }
                let count = features.count
                list(id, in: &features)
                if features.count > count { markers.append(id) }
            }
            var copy = response.text
            let found = copy.withUTF8 { bytes in
                StyleMarkers.layoutMarkers(in: bytes, wordCount: words.count, hasPhrase: { present[$0] })
            }
            for marker in found {
                let markerID: UInt64
                if let known = markerIDs[marker] {
                    markerID = known
                } else {
                    markerID = registry.id(of: marker)
                    markerIDs[marker] = markerID
                }
                let key = 2 << 62 | markerID
                var id = otherLocal.value(for: key, inserting: Int32(result.keys.count))
                if id == result.keys.count { id = newID(key) }
                let count = features.count
                list(id, in: &features)
                if features.count > count { markers.append(id) }
            }
            result.answers.append(
                (
                    promptIndex,
                    AnswerFeatures.Answer(
                        text: response.text, features: features, markers: markers,
                        trigrams: distinctTrigrams.distinct(trigrams))
                ))
        }
        return result
    }
}

/// Global feature ids for the models' local ids: the same key gets the same id in every model.
///
/// Keys are split into a fixed number of partitions by hash; each partition hands out its ids model by model, in
/// local id order, and the partitions run in parallel. The ids therefore depend on the inputs only, never on
/// thread timing.
struct GlobalFeatureIDs {
    /// The key of each global id.
    let keys: [UInt64]
    /// For each model, the global id of each of its local ids.
    let globalOf: [[Int32]]

    static let partitionBits = 4

    /// Merges the models' local key lists (`localKeys[model][local id]`).
    init(_ localKeys: [[UInt64]]) {
        let partitions = 1 << Self.partitionBits
        @Sendable func partition(_ key: UInt64) -> Int {
            Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - Self.partitionBits))
        }
        // Per model: its local ids, by partition, ascending.
        let buckets = ConcurrentMap.run(localKeys) { keys -> [[Int32]] in
            var buckets = [[Int32]](repeating: [], count: partitions)
            for (local, key) in keys.enumerated() { buckets[partition(key)].append(Int32(local)) }
            return buckets
        }
        // Per partition: its keys, and for each model the partition-local id of each of its bucket's entries.
        let merged = ConcurrentMap.run(Array(0..<partitions)) { part -> (keys: [UInt64], ids: [[Int32]]) in
            let size = buckets.reduce(0) { $0 + $1[part].count }
            var table = KeyTable(capacity: size / 4)
            var keys: [UInt64] = []
            let ids = localKeys.indices.map { model in
                buckets[model][part].map { local -> Int32 in
                    let key = localKeys[model][Int(local)]
                    let id = table.value(for: key, inserting: Int32(keys.count))
                    if id == keys.count { keys.append(key) }
                    return id
                }
            }
            return (keys, ids)
        }
        var offsets = [Int32](repeating: 0, count: partitions + 1)
        for part in 0..<partitions { offsets[part + 1] = offsets[part] + Int32(merged[part].keys.count) }
        let starts = offsets
        keys = Array(merged.map(\.keys).joined())
        globalOf = ConcurrentMap.run(Array(localKeys.indices)) { model -> [Int32] in
            var global = [Int32](repeating: 0, count: localKeys[model].count)
            for part in 0..<partitions {
                for (position, local) in buckets[model][part].enumerated() {
                    global[Int(local)] = starts[part] + merged[part].ids[model][position]
                }
            }
            return global
        }
    }
}

/// Removes repeats from lists of 64-bit hashes, keeping first occurrences in order; its table is reused from one list
/// to the next.
struct DistinctHashes {
    private var slots: [UInt64] = []
    /// The list number that last filled each slot; a slot of an earlier list counts as empty.
    private var stamps: [UInt32] = []
    private var list: UInt32 = 0

    /// The distinct values of `values`, in order of first occurrence.
    mutating func distinct(_ values: [UInt64]) -> [UInt64] {
        var size = 64
        while size < values.count * 2 { size <<= 1 }
        if slots.count < size {
            slots = [UInt64](repeating: 0, count: size)
            stamps = [UInt32](repeating: 0, count: size)
        }
        list &+= 1
        if list == 0 {
            for index in stamps.indices { stamps[index] = 0 }
            list = 1
        }
        let mask = size - 1
        let current = list
        var result: [UInt64] = []
        result.reserveCapacity(values.count)
        slots.withUnsafeMutableBufferPointer { slots in
            stamps.withUnsafeMutableBufferPointer { stamps in
                for value in values {
                    // The values are hashes already: their high bits pick the slot.
                    var slot = Int(truncatingIfNeeded: value >> 32) & mask
                    var seen = false
                    while stamps[slot] == current {
                        if slots[slot] == value {
                            seen = true
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                    if !seen {
                        stamps[slot] = current
                        slots[slot] = value
                        result.append(value)
                    }
                }
            }
        }
        return result
    }
}
