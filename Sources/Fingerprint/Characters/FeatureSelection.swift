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
        var prompts: [UInt32]  // global prompt indices, ascending
        var counts: [UInt32]
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
        for profile in profiles {
            let rows = profile.prompts.map { promptIndex[$0]! }
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
                    var promptList: [UInt32] = []
                    var countList: [UInt32] = []
                    if let flat = scored.perPrompt, flat.count % 2 == 0 {
                        var pairs: [(UInt32, UInt32)] = []
                        pairs.reserveCapacity(flat.count / 2)
                        for pair in stride(from: 0, to: flat.count, by: 2) where flat[pair] < rows.count {
                            pairs.append((rows[flat[pair]], UInt32(clamping: flat[pair + 1])))
                        }
                        pairs.sort { $0.0 < $1.0 }
                        promptList = pairs.map(\.0)
                        countList = pairs.map(\.1)
                    } else {
                        resamplable = false
                    }
                    list.append(
                        Candidate(
                            feature: id, score: scored.score, count: scored.count ?? 0, prompts: promptList,
                            counts: countList))
                }
                byKind.append(list)
            }
            all.append(byKind)
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
                for candidate in list {
                    var count = 0
                    var promptHits = 0
                    for (prompt, n) in zip(candidate.prompts, candidate.counts) {
                        let weight = weights[Int(prompt)]
                        if weight > 0 {
                            count += weight * Int(n)
                            promptHits += weight
                        }
                    }
                    guard count >= minimumCount[model], promptHits >= minimumPrompts[model], candidate.count > 0
                    else { continue }
                    rescored.append((candidate.score * Double(count) / Double(candidate.count), candidate.feature))
                }
                rescored.sort {
                    $0.score != $1.score ? $0.score > $1.score : featureOrder[$0.feature] < featureOrder[$1.feature]
                }
                selected.append(contentsOf: rescored.prefix(limit).map(\.feature))
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
}
