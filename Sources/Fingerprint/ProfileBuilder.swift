import Corpus
import Dispatch
import Foundation
import Lexicon
import Synchronization

/// Turns a run's counts into one profile per model and the run's slop lists.
public struct ProfileBuilder: Sendable {
    /// Thresholds and list sizes.
    public var settings: ProfileSettings
    /// Slop-list sizes.
    public var limits: SlopLists.Limits
    /// The human reference.
    public var baseline: Baseline

    /// Creates a builder.
    public init(settings: ProfileSettings = ProfileSettings(), limits: SlopLists.Limits = .init(), baseline: Baseline) {
        self.settings = settings
        self.limits = limits
        self.baseline = baseline
        if self.settings.baseline.isEmpty { self.settings.baseline = baseline.source }
    }

    /// Profiles (in model order) and slop lists of `corpus`.
    public func build(_ corpus: CountedCorpus) -> (profiles: [Profile], slopLists: SlopLists) {
        let words = corpus.vocabulary.words
        let models = corpus.models
        // Candidate keys per model and kind, and their union, pooled over all models.
        let settings = self.settings
        let poolsByKind = Mutex<[FeatureKind: FeatureTotals]>([:])
        // The baseline frequency of each word that can be ranked (nil for the others), found with the word pool.
        let baselineFrequencies = Mutex<[Double?]>([])
        DispatchQueue.concurrentPerform(iterations: FeatureKind.allCases.count) { index in
            let kind = FeatureKind.allCases[index]
            var union: [UInt64] = []
            for model in models {
                let totals = model[kind]
                for index in 0..<totals.count
                where Int(totals.totals[index]) >= settings.minimumCount
                    && Int(totals.rows[index]) >= settings.minimumPrompts
                {
                    union.append(totals.keys[index])
                }
            }
            union.sort()
            var unique: [UInt64] = []
            unique.reserveCapacity(union.count)
            for key in union where unique.last != key { unique.append(key) }
            let pool = FeatureTotals.pooling(unique, over: models.map { $0[kind] })
            poolsByKind.withLock { $0[kind] = pool }
            if kind == .word {
                var frequencies = [Double?](repeating: nil, count: words.count)
                for key in unique { frequencies[Int(key)] = baseline.frequency(of: words[Int(key)]) }
                baselineFrequencies.withLock { $0 = frequencies }
            }
        }
        let pools = poolsByKind.withLock { $0 }
        let wordsAll = models.reduce(0) { $0 + $1.statistics.words }
        let baselineByID = baselineFrequencies.withLock { $0 }
        let pooled = pools
        let promptKeys = corpus.prompts.keys

        let results = Mutex([Profile?](repeating: nil, count: models.count))
        DispatchQueue.concurrentPerform(iterations: models.count) { index in
            let model = models[index]
            var features: [FeatureKind: [ScoredFeature]] = [:]
            for kind in FeatureKind.allCases {
                features[kind] = rank(
                    model, kind: kind, words: words, baselineByID: baselineByID, pool: pooled[kind]!,
                    occurrencesAll: pooled[kind]!.occurrences,
                    wordsAll: wordsAll)
            }
            let rows = corpus.prompts.rows[index]
            let profile = Profile(
                model: model.model, origin: "outputs", sources: model.sources, settings: settings,
                summary: ProfileSummary(
                    responses: model.statistics.responses, emptyResponses: model.statistics.emptyResponses,
                    characters: model.statistics.characters, words: model.statistics.words,
                    sentences: model.statistics.sentences),
                metrics: ProfileMetrics(
                    meanLength: Double(model.statistics.characters) / Double(max(1, model.statistics.responses)),
                    slopScore: 0,
                    repetitionScore: (features[.word] ?? []).prefix(100).reduce(0) { $0 + ($1.rate ?? 0) } * 100,
                    vocabularyComplexity: Keyness.complexity(
                        words: model.statistics.words, sentences: model.statistics.sentences,
                        syllables: model.statistics.syllables, polysyllabic: model.statistics.polysyllabicWords)),
                prompts: rows.map { promptKeys[$0] }, promptMatching: corpus.prompts.matching,
                words: features[.word]!, bigrams: features[.bigram]!, trigrams: features[.trigram]!)
            results.withLock { $0[index] = profile }
        }
        var profiles = results.withLock { $0 }.map { $0! }
        let lists = slopLists(corpus, profiles: profiles, words: words, pool: pools[.word]!, wordsAll: wordsAll)
        let slopKeys = keys(of: lists, vocabulary: corpus.vocabulary)
        let slopScores = Mutex([Double](repeating: 0, count: models.count))
        DispatchQueue.concurrentPerform(iterations: models.count) { index in
            let score = slopScore(of: models[index], keys: slopKeys)
            slopScores.withLock { $0[index] = score }
        }
        for (index, score) in slopScores.withLock({ $0 }).enumerated() { profiles[index].metrics.slopScore = score }
        return (profiles, lists)
    }

    /// The over-represented features of one kind for one model, best first, with per-prompt counts.
    func rank(
        _ model: ModelCounts, kind: FeatureKind, words: [String], baselineByID: [Double?], pool: FeatureTotals,
        occurrencesAll: Int, wordsAll: Int
    ) -> [ScoredFeature] {
        let totals = model[kind]
        let ownTokens = kind == .word ? model.statistics.words : totals.occurrences
        let otherTokens = (kind == .word ? wordsAll : occurrencesAll) - ownTokens
        func text(_ key: UInt64) -> String { NGramKey.text(of: key, order: kind.order, words: words) }
        struct Candidate {
            var key: UInt64
            var count: Int
            var prompts: Int
            var rate: Double
            var baselineRate: Double?
            var poolRate: Double?
            var score: Double
        }
        var candidates: [Candidate] = []
        // Keys come in ascending order, so each is searched for in the pool from where the last one was found.
        var poolCursor = 0
        for index in 0..<totals.count {
            let count = Int(totals.totals[index])
            let prompts = Int(totals.rows[index])
            guard count >= settings.minimumCount, prompts >= settings.minimumPrompts else { continue }
            let key = totals.keys[index]
            let others = pool.total(of: key, searchingFrom: &poolCursor) - count
            let rate = Double(count) / Double(max(1, ownTokens))
            let poolRate = otherTokens > 0 ? Double(others) / Double(otherTokens) : nil
            let baselineRate: Double?
            let score: Double
            if kind == .word {
                let reference = baselineByID[Int(key)] ?? baseline.floor
                baselineRate = reference
                score = rate / reference
                guard score > 1 else { continue }
            } else {
                baselineRate = baseline.hasNGrams ? baseline.frequency(of: text(key)) : nil
                if let baselineRate, rate <= baselineRate { continue }
                if let poolRate {
                    guard rate > poolRate else { continue }
                    score = Keyness.logLikelihood(
                        a: Double(count), b: Double(others), c: Double(ownTokens), d: Double(otherTokens))
                } else {
                    score = Double(count)
                }
            }
            candidates.append(
                Candidate(
                    key: key, count: count, prompts: prompts, rate: rate, baselineRate: baselineRate,
                    poolRate: poolRate, score: score))
        }
        // Best score first; equal scores in text order (ids depend on reading order, texts do not).
        // Sort by score alone, keep the top `limit` and any ties at the cut, then order ties by text.
        candidates.sort { $0.score > $1.score }
        let limit = kind == .word ? settings.topWords : settings.topNGrams
        if candidates.count > limit {
            var end = limit
            while end < candidates.count && candidates[end].score == candidates[limit - 1].score { end += 1 }
            candidates.removeLast(candidates.count - end)
        }
        var texts = candidates.map { text($0.key) }
        let order = candidates.indices.sorted {
            candidates[$0].score != candidates[$1].score
                ? candidates[$0].score > candidates[$1].score : texts[$0] < texts[$1]
        }.prefix(limit)
        candidates = order.map { candidates[$0] }
        texts = order.map { texts[$0] }
        // Per-prompt counts of the kept features, from the model's occurrence stream.
        // Sized at a quarter full: most keys looked up are misses, which stop sooner in a sparse table.
        var index = KeyTable(capacity: candidates.count * 2)
        for (position, candidate) in candidates.enumerated() { index.set(candidate.key, Int32(position)) }
        // The candidates' last words as a bit set: nearly every key ends in another word and is passed over
        // without a table lookup.
        var lastWords = [UInt64](repeating: 0, count: (words.count + 63) / 64)
        for candidate in candidates {
            let last = Int(candidate.key & 0x1F_FFFF)
            lastWords[last >> 6] |= 1 << UInt64(last & 63)
        }
        var perPrompt = [[Int]](repeating: [], count: candidates.count)
        var rowCounts = [Int](repeating: 0, count: candidates.count)
        var touched: [Int] = []
        let content = model.content
        for row in 0..<content.rowCount {
            content.forEachKey(kind, row: row) { key in
                let last = Int(key & 0x1F_FFFF)
                guard lastWords[last >> 6] & (1 << UInt64(last & 63)) != 0, let found = index.value(for: key) else {
                    return
                }
                let slot = Int(found)
                if rowCounts[slot] == 0 { touched.append(slot) }
                rowCounts[slot] += 1
            }
            for slot in touched {
                perPrompt[slot].append(row)
                perPrompt[slot].append(rowCounts[slot])
                rowCounts[slot] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        return candidates.enumerated().map { position, candidate in
            ScoredFeature(
                feature: texts[position], count: candidate.count, prompts: candidate.prompts, rate: candidate.rate,
                baselineRate: candidate.baselineRate, poolRate: candidate.poolRate, score: candidate.score,
                perPrompt: perPrompt[position])
        }
    }

    /// The run's slop lists.
    func slopLists(_ corpus: CountedCorpus, profiles: [Profile], words: [String], pool: FeatureTotals, wordsAll: Int)
        -> SlopLists
    {
        var overRepresented: [SlopEntry] = []
        var absent: [SlopEntry] = []
        var scores: [Double] = []  // parallel to overRepresented
        for (index, key) in pool.keys.enumerated() {
            let text = words[Int(key)]
            let count = Int(pool.totals[index])
            let modelsUsing = Int(pool.rows[index])
            if let frequency = baseline.frequency(of: text) {
                guard frequency <= limits.commonWordFrequency else { continue }
                let score = Double(count) / Double(max(1, wordsAll)) / frequency
                guard score > 1 else { continue }
                scores.append(score)
                overRepresented.append(
                    SlopEntry(feature: text, count: count, models: modelsUsing, reason: "over-represented"))
            } else {
                absent.append(SlopEntry(feature: text, count: count, models: modelsUsing, reason: "not-in-baseline"))
            }
        }
        // Highest score first, ties by text (texts are unique, so the order is total).
        overRepresented = zip(scores, overRepresented).sorted { ($0.0, $1.1.feature) > ($1.0, $0.1.feature) }.map(\.1)
        absent.sort { ($0.count, $1.feature) > ($1.count, $0.feature) }
        let wordList =
            Array(overRepresented.prefix(limits.overRepresentedWords)) + Array(absent.prefix(limits.absentWords))
        // "models" for words: how many models list the word among their own over-represented words.
        var listed: [String: Int] = [:]
        for profile in profiles { for feature in profile.words { listed[feature.feature, default: 0] += 1 } }
        let words = wordList.map { entry -> SlopEntry in
            var entry = entry
            entry.models = listed[entry.feature] ?? 0
            return entry
        }.sorted { ($0.count, $1.feature) > ($1.count, $0.feature) }
        return SlopLists(
            words: words, bigrams: SlopLists.shared(profiles, kind: .bigram, limits: limits),
            trigrams: SlopLists.shared(profiles, kind: .trigram, limits: limits))
    }

    /// The feature keys of the slop-list entries, by kind, ascending (entries with unseen words are left out).
    func keys(of lists: SlopLists, vocabulary: Vocabulary) -> [FeatureKind: [UInt64]] {
        var result: [FeatureKind: [UInt64]] = [:]
        for kind in FeatureKind.allCases {
            result[kind] = lists[kind].compactMap { entry -> UInt64? in
                let ids = entry.feature.split(separator: " ").compactMap { vocabulary.id(of: String($0)) }
                guard ids.count == kind.order else { return nil }
                switch kind {
                case .word: return NGramKey.word(ids[0])
                case .bigram: return NGramKey.bigram(ids[0], ids[1])
                case .trigram: return NGramKey.trigram(ids[0], ids[1], ids[2])
                }
            }.sorted()
        }
        return result
    }

    /// Weighted slop-list hits per 1000 words of `model`: words count 1, bigrams 2, trigrams 8.
    func slopScore(of model: ModelCounts, keys: [FeatureKind: [UInt64]]) -> Double {
        guard model.statistics.words > 0 else { return 0 }
        var hits = 0.0
        for (kind, weight) in [(FeatureKind.word, 1.0), (.bigram, 2.0), (.trigram, 8.0)] {
            // Both key lists ascend: one galloping walk instead of a binary search per key. Each term is a whole
            // number, so the sum does not depend on the order.
            let totals = model[kind]
            var cursor = 0
            for key in keys[kind] ?? [] { hits += weight * Double(totals.total(of: key, searchingFrom: &cursor)) }
        }
        return hits / Double(model.statistics.words) * 1000
    }
}

extension FeatureTotals {
    /// The total of `key` (0 when absent), searched from `cursor`, which moves to where the key is or would be:
    /// for keys looked up in ascending order.
    func total(of key: UInt64, searchingFrom cursor: inout Int) -> Int {
        cursor = keys.firstIndex(notBelow: key, from: cursor)
        return cursor < count && keys[cursor] == key ? Int(totals[cursor]) : 0
    }
}

extension [UInt64] {
    /// The first index at or after `start` whose element is not below `key`, in an ascending array (the end index if
    /// none): a galloping search, quick when successive keys are close together.
    func firstIndex(notBelow key: UInt64, from start: Int) -> Int {
        var low = start
        var step = 1
        var high = start
        // Widen until the element at `high` is not below `key`; the answer lies in low...high.
        while high < count && self[high] < key {
            low = high + 1
            high += step
            step *= 2
        }
        high = Swift.min(high, count)
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
