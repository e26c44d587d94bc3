import Lexicon

/// Presence/absence characters over models: which of the pooled top features each model over-uses.
///
/// Built from profiles with per-prompt counts; ``presence(weights:)`` recomputes every model's top features after
/// reweighting prompts (a bootstrap replicate draws prompts with replacement), so that tree support reflects how
/// stable the features are across prompts.
public struct FeatureSelection: Sendable {
    /// One ranked candidate feature of one model, with its per-prompt counts.
    struct Candidate: Sendable {
        var feature: Int  // index into `featureNames`
        var score: Double
        var count: Int
        /// Where its per-prompt counts lie in the model's `promptEntries` and `countEntries`.
        var entries: Range<Int>
    }

    /// The models (taxa), in profile order.
    public let models: [String]
    /// Every prompt key seen in any profile, sorted; bootstrap weights index this list.
    public let prompts: [String]
    /// How many features of each kind a model contributes.
    public let settings: CharacterSettings
    /// Whether every profile carries per-prompt counts, so that prompts can be resampled.
    public let canResamplePrompts: Bool

    let featureNames: [String]
    let featureKinds: [FeatureKind]
    /// Each feature's position in column order (kind, then text), so that sorting compares integers.
    let featureOrder: [Int]
    /// candidates[model][kind] in the profile's rank order.
    let candidates: [[[Candidate]]]
    /// Per model, every candidate's global prompt indices (ascending within a candidate), laid end to end.
    let promptEntries: [[UInt32]]
    /// Per model, the count on each prompt of `promptEntries`.
    let countEntries: [[UInt32]]
    let minimumCount: [Int]
    let minimumPrompts: [Int]

    /// Creates a selection from profiles (one per model).
    public init(profiles: [Profile], settings: CharacterSettings = CharacterSettings()) {
        self.settings = settings
        models = profiles.map(\.model)
        prompts = Set(profiles.flatMap(\.prompts)).sorted()
        let promptIndex = Dictionary(uniqueKeysWithValues: prompts.enumerated().map { ($1, UInt32($0)) })
        var featureIndex: [String: Int] = [:]
        var names: [String] = []
        var kinds: [FeatureKind] = []
        var resamplable = true
        var all: [[[Candidate]]] = []
        var allPrompts: [[UInt32]] = []
        var allCounts: [[UInt32]] = []
        for profile in profiles {
            let rows = profile.prompts.map { promptIndex[$0]! }
            var promptList: [UInt32] = []
            var countList: [UInt32] = []
            var byKind: [[Candidate]] = []
            for kind in FeatureKind.allCases {
                var list: [Candidate] = []
                for scored in profile[kind] {
                    let key = "\(kind.rawValue)\u{1F}\(scored.feature)"
                    let id: Int
                    if let known = featureIndex[key] {
                        id = known
                    } else {
                        id = names.count
                        featureIndex[key] = id
                        names.append(scored.feature)
                        kinds.append(kind)
                    }
                    let first = promptList.count
                    if let flat = scored.perPrompt, flat.count % 2 == 0 {
                        var pairs: [(UInt32, UInt32)] = []
                        pairs.reserveCapacity(flat.count / 2)
                        for pair in stride(from: 0, to: flat.count, by: 2) where flat[pair] < rows.count {
                            pairs.append((rows[flat[pair]], UInt32(clamping: flat[pair + 1])))
                        }
                        pairs.sort { $0.0 < $1.0 }
                        promptList.append(contentsOf: pairs.map(\.0))
                        countList.append(contentsOf: pairs.map(\.1))
                    } else {
                        resamplable = false
                    }
                    list.append(
                        Candidate(
                            feature: id, score: scored.score, count: scored.count ?? 0,
                            entries: first..<promptList.count))
                }
                byKind.append(list)
            }
            all.append(byKind)
            allPrompts.append(promptList)
            allCounts.append(countList)
        }
        featureNames = names
        featureKinds = kinds
        var order = [Int](repeating: 0, count: names.count)
        let sorted = names.indices.sorted {
            kinds[$0] != kinds[$1] ? kinds[$0].order < kinds[$1].order : names[$0] < names[$1]
        }
        for (position, feature) in sorted.enumerated() { order[feature] = position }
        featureOrder = order
        candidates = all
        promptEntries = allPrompts
        countEntries = allCounts
        minimumCount = profiles.map(\.settings.minimumCount)
        minimumPrompts = profiles.map(\.settings.minimumPrompts)
        canResamplePrompts = resamplable && !profiles.isEmpty
    }

    /// The selected features (column names, as `kind:feature`) and each model's presence row.
    ///
    /// With `weights` (one multiplicity per entry of ``prompts``), each candidate's count becomes the weighted sum
    /// of its per-prompt counts and its score is rescaled by the same factor — exact for word ranks (rate ÷ baseline,
    /// whose denominator is common to a model's words) and the first-order change of the n-gram log-likelihood
    /// score; features that then fall below the profile's count or prompt thresholds drop out, and each model's
    /// top features are chosen anew. Without weights, the profiles' own ranking is used.
    public func presence(weights: [Int]? = nil) -> (features: [String], rows: [[Bool]]) {
        precondition(weights == nil || (canResamplePrompts && weights!.count == prompts.count))
        var chosen: [[Int]] = []
        for (model, byKind) in candidates.enumerated() {
            var selected: [Int] = []
            for (kindIndex, kind) in FeatureKind.allCases.enumerated() {
                let limit = settings[kind]
                guard limit > 0 else { continue }
                let list = byKind[kindIndex]
                guard let weights else {
                    selected.append(contentsOf: list.prefix(limit).map(\.feature))
                    continue
                }
                var rescored: [(score: Double, feature: Int)] = []
                rescored.reserveCapacity(list.count)
                promptEntries[model].withUnsafeBufferPointer { prompts in
                    countEntries[model].withUnsafeBufferPointer { counts in
                        weights.withUnsafeBufferPointer { weights in
                            for candidate in list {
                                var count = 0
                                var promptHits = 0
                                for entry in candidate.entries {
                                    let weight = weights[Int(prompts[entry])]
                                    count += weight * Int(counts[entry])
                                    promptHits += weight
                                }
                                guard count >= minimumCount[model], promptHits >= minimumPrompts[model],
                                    candidate.count > 0
                                else { continue }
                                rescored.append(
                                    (candidate.score * Double(count) / Double(candidate.count), candidate.feature))
                            }
                        }
                    }
                }
                // Only which features make the top `limit` matters (columns are put in feature order below).
                Self.keepBest(limit, of: &rescored) {
                    $0.score != $1.score ? $0.score > $1.score : featureOrder[$0.feature] < featureOrder[$1.feature]
                }
                selected.append(contentsOf: rescored.map(\.feature))
            }
            chosen.append(selected)
        }
        var isChosen = [Bool](repeating: false, count: featureNames.count)
        for features in chosen { for feature in features { isChosen[feature] = true } }
        let columns = featureNames.indices.filter { isChosen[$0] }.sorted { featureOrder[$0] < featureOrder[$1] }
        var columnOf = [Int](repeating: -1, count: featureNames.count)
        for (column, feature) in columns.enumerated() { columnOf[feature] = column }
        let rows = chosen.map { features -> [Bool] in
            var row = [Bool](repeating: false, count: columns.count)
            for feature in features { row[columnOf[feature]] = true }
            return row
        }
        return (columns.map { "\(featureKinds[$0].rawValue):\(featureNames[$0])" }, rows)
    }

    /// Shrinks `values` to its `limit` best elements under `isBetter` (a strict total order), in no particular
    /// order: quickselect, linear on average, where a full sort would cost n log n per model and replicate.
    static func keepBest<T>(_ limit: Int, of values: inout [T], by isBetter: (T, T) -> Bool) {
        guard limit < values.count else { return }
        guard limit > 0 else {
            values.removeAll()
            return
        }
        var low = 0
        var high = values.count - 1
        // Invariant: the `limit` best lie in 0..<limit once low == high == limit - 1 has been placed.
        while low < high {
            // Median of three as the pivot, moved to `high`.
            let middle = low + (high - low) / 2
            if isBetter(values[middle], values[low]) { values.swapAt(middle, low) }
            if isBetter(values[high], values[low]) { values.swapAt(high, low) }
            if isBetter(values[middle], values[high]) { values.swapAt(middle, high) }
            let pivot = values[high]
            var store = low
            for index in low..<high where isBetter(values[index], pivot) {
                values.swapAt(index, store)
                store += 1
            }
            values.swapAt(store, high)
            if store == limit - 1 { break }
            if store < limit - 1 { low = store + 1 } else { high = store - 1 }
        }
        values.removeLast(values.count - limit)
    }
}
