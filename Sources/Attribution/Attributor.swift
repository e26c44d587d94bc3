import Foundation
import Phylogeny
import Statistics

/// Settings of an attribution.
public struct AttributionSettings: Sendable, Hashable {
    /// Bootstrap replicates over prompts.
    public var replicates: Int
    /// Seed of the bootstrap.
    public var seed: UInt64
    /// The verdict rule.
    public var rule: VerdictRule
    /// Features reported as evidence: up to half of them trigrams specific to the suspect and its best candidate on
    /// the same prompts, the rest words, bigrams and markers both over-use.
    public var evidenceCount: Int
    /// Weight of the stylometric signals in the score; the paired signals get the rest.
    public var styleWeight: Double
    /// With at least this many reference models, candidates are corrected against the reference models only.
    public var minimumReference: Int

    /// Creates settings.
    public init(
        replicates: Int = 200, seed: UInt64 = 1, rule: VerdictRule = .standard, evidenceCount: Int = 8,
        styleWeight: Double = 0.1, minimumReference: Int = 5
    ) {
        self.minimumReference = minimumReference
        self.styleWeight = styleWeight
        self.replicates = replicates
        self.seed = seed
        self.rule = rule
        self.evidenceCount = evidenceCount
    }
}

/// Ranks a suspect's likely teachers by two independent signals, corrected for candidates that resemble everyone.
///
/// 1. Stylometric: the cosine between the over-used parts of the suspect's and a candidate's centred
///    document-frequency profiles (words and bigrams; style markers reported alongside). Centring on the pool's mean
///    profile makes generic assistant style count for nothing, and only features both over-use count: a shared
///    feature weighs by how far each over-uses it, and shared absences count for nothing.
/// 2. Paired responses: on each prompt, the suspect's similarity to each candidate's answer (the number of word
///    trigrams the two answers share and no other compared model's answer holds; style-marker cosine), z-scored
///    across the candidates on that prompt, then averaged over prompts.
///
/// Each of the five signal values is then z-scored against the same value for every other model in the pool
/// (median and MAD), so a candidate close to everyone gains nothing; the score is the mean of the stylometric and
/// of the paired z values, averaged. The bootstrap redraws the suspect's prompts.
public struct Attributor: Sendable {
    /// The answers and their features.
    public let data: AnswerFeatures
    let space: StyleSpace
    let paired: PairedSimilarity
    let shared: SharedTrigrams

    /// Prepares the comparison tables for `data`.
    public init(_ data: AnswerFeatures) {
        self.data = data
        space = StyleSpace(data)
        paired = PairedSimilarity(data)
        shared = SharedTrigrams(data)
    }

    static let signalNames = [
        "style_words", "style_bigrams", "style_markers", "paired_specific_trigrams", "paired_markers",
    ]

    /// Scores of every model `a` (rows) against each candidate (columns), per signal, before hub correction.
    struct RawSignals {
        var values: [[[Double]]]  // [signal][a][candidate position]
        var promptRowZ: [[[Double]]]  // [pairedSignal][prompt][candidate position] for the suspect, NaN if none
    }

    /// Attributes `suspect` among `candidates` (default: every other model); `reference` models (neither suspect
    /// nor candidates; default: every model that is neither) widen the pool the scores are corrected against.
    public func attribute(
        suspect: String, candidates requested: [String]? = nil, reference requestedReference: [String]? = nil,
        settings: AttributionSettings = AttributionSettings()
    ) throws -> AttributionResult {
        let s = try data.index(of: suspect)
        let candidateNames =
            requested ?? data.models.filter { $0 != suspect && !(requestedReference ?? []).contains($0) }
        if let conflict = Self.nameListConflict(
            suspect: suspect, candidates: candidateNames, reference: requestedReference ?? [])
        {
            throw AttributionError(conflict)
        }
        let reference = requestedReference ?? data.models.filter { $0 != suspect && !candidateNames.contains($0) }
        var candidates: [Int] = []
        for name in candidateNames {
            let index = try data.index(of: name)
            if !candidates.contains(index) { candidates.append(index) }
        }
        guard candidates.count >= 2 else {
            throw AttributionError("attribution needs at least 2 candidates, got \(candidates.count)")
        }
        guard (0...1).contains(settings.styleWeight) else {
            throw AttributionError("the style weight must be between 0 and 1, got \(settings.styleWeight)")
        }
        let chosen = candidates
        var pool = candidates
        for name in reference {
            let index = try data.index(of: name)
            if !pool.contains(index) { pool.append(index) }
        }
        pool.sort()
        let k = candidates.count
        let rows = pool + [s]  // models whose signals are needed: the pool (for the null) and the suspect

        // Stylometric: centre every profile on the pool mean; only the over-used (positive) part counts.
        let columns = space.columns.count
        var background = [Double](repeating: 0, count: columns)
        for m in pool {
            let profile = space.logProfile[m]
            for c in 0..<columns { background[c] += profile[c] }
        }
        for c in 0..<columns { background[c] /= Double(pool.count) }
        let poolMean = background
        let blocks = space.blockRanges
        @Sendable func centred(_ profile: [Double]) -> [Double] { zip(profile, poolMean).map { $0 - $1 } }
        let positive = rows.map { a in centred(space.logProfile[a]).map { max($0, 0) } }
        let norms = positive.map { x in blocks.map { range in Self.dot(x, x, range).squareRoot() } }
        let rowOf = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
        let candidatePosition = Dictionary(uniqueKeysWithValues: candidates.enumerated().map { ($1, $0) })
        // raw[signal][row position][candidate position]
        var raw = [[[Double]]](
            repeating: [[Double]](repeating: [Double](repeating: .nan, count: k), count: rows.count), count: 5)
        for (r, a) in rows.enumerated() {
            // Where row a appears as a candidate, if it does: its cosines with earlier rows are already known.
            let back = candidatePosition[a]
            for (j, c) in candidates.enumerated() where a != c {
                let q = rowOf[c]!
                for b in 0..<3 {
                    // The cosine is symmetric: a pair already computed the other way round is reused.
                    if q < r, let back {
                        raw[b][r][j] = raw[b][q][back]
                    } else if norms[r][b] == 0 || norms[q][b] == 0 {
                        raw[b][r][j] = 0
                    } else {
                        raw[b][r][j] = Self.dot(positive[r], positive[q], blocks[b]) / (norms[r][b] * norms[q][b])
                    }
                }
            }
        }
        // Paired: per prompt, z across candidates, averaged.
        let promptCount = data.prompts.count
        // The suspect's per-prompt z values, [signal][prompt][candidate] flattened, 0 where missing, with a 1/0 mask
        // of which are present, so that the bootstrap can sum them without branches.
        var suspectZ = [Double](repeating: 0, count: 2 * promptCount * k)
        var suspectZPresent = [Double](repeating: 0, count: 2 * promptCount * k)
        var values = [Double](repeating: .nan, count: k)
        var present: [Int] = []
        present.reserveCapacity(k)
        // Phrasing specific to a pair: trigrams that only the two answers hold among the rows compared, indexed
        // by row positions; markers are indexed by model.
        let answers = data.answers
        let specific = shared.pairSpecificCounts(rows: rows, modelCount: data.models.count) { answers[$0][$1] != nil }
        let tables = [specific, paired.marker]
        let columnOf = [candidates.map { rowOf[$0]! }, candidates]
        for (r, a) in rows.enumerated() {
            for (signal, table) in tables.enumerated() {
                var sums = [Double](repeating: 0, count: k)
                var counts = [Double](repeating: 0, count: k)
                let base = signal == 0 ? r * rows.count : a * paired.modelCount
                let column = columnOf[signal]
                for p in 0..<promptCount {
                    present.removeAll(keepingCapacity: true)
                    table[p].withUnsafeBufferPointer { row in
                        for (j, c) in candidates.enumerated() where c != a {
                            let value = row[base + column[j]]
                            if !value.isNaN {
                                values[j] = Double(value)
                                present.append(j)
                            }
                        }
                    }
                    guard present.count >= 2 else { continue }
                    var total = 0.0
                    for j in present { total += values[j] }
                    let mean = total / Double(present.count)
                    var squares = 0.0
                    for j in present { squares += (values[j] - mean) * (values[j] - mean) }
                    let variance = squares / Double(present.count)
                    guard variance > 0 else { continue }
                    let sd = variance.squareRoot()
                    for j in present {
                        let z = (values[j] - mean) / sd
                        sums[j] += z
                        counts[j] += 1
                        if a == s {
                            suspectZ[(signal * promptCount + p) * k + j] = z
                            suspectZPresent[(signal * promptCount + p) * k + j] = 1
                        }
                    }
                }
                for j in 0..<k where counts[j] > 0 { raw[3 + signal][r][j] = sums[j] / counts[j] }
            }
        }
        let suspectPrompts = data.answers[s].reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        // Hub correction: robust z of each signal against the pool's values for that candidate.
        let suspectRow = rows.count - 1
        // The null for a candidate: the reference models when there are enough of them (other candidates may be
        // the candidate's own siblings, which would hide a true teacher), else every other pool model.
        let referenceRows = (0..<suspectRow).filter { !candidates.contains(rows[$0]) }
        let nullRows = referenceRows.count >= settings.minimumReference ? referenceRows : Array(0..<suspectRow)
        let correction = HubCorrection(
            raw: raw, nullRows: nullRows, poolRows: Array(0..<suspectRow), firstPairedSignal: 3,
            prompts: suspectPrompts)
        let centres = correction.centre
        let scales = correction.scale
        let styleWeight = settings.styleWeight
        @Sendable func combined(_ values: [Double], _ j: Int) -> Double {
            let z = (0..<5).map { signal -> Double in
                let value = values[signal]
                return value.isNaN ? 0 : (value - centres[signal][j]) / scales[signal][j]
            }
            return styleWeight * (z[0] + z[1]) / 2 + (1 - styleWeight) * (z[3] + z[4]) / 2
        }
        func zValues(_ values: [Double], _ j: Int) -> [Double] {
            (0..<5).map { signal in
                values[signal].isNaN ? 0 : (values[signal] - centres[signal][j]) / scales[signal][j]
            }
        }
        let scores = (0..<k).map { j in combined((0..<5).map { raw[$0][suspectRow][j] }, j) }
        // The p-value's null: every pool model's combined score against each candidate other than itself (one
        // score per pair, the candidates included as pool models), whose median and MAD stand for how an unrelated
        // model scores against one candidate; the best of k is then taken in `bestOfK`.
        var nullScores: [Double] = []
        for r in 0..<suspectRow {
            for j in 0..<k where rows[r] != candidates[j] {
                nullScores.append(combined((0..<5).map { raw[$0][r][j] }, j))
            }
        }
        let nullSpread = Self.medianAndMAD(nullScores)
        let nullScale = max(nullSpread.mad * 1.4826, 0.1)
        let nullCentre = nullSpread.median

        // Bootstrap over the suspect's prompts. The candidates' over-used parts are laid out column by column, so
        // that each column a replicate over-uses adds to every candidate's dot product in one pass.
        let suspectAnswers = data.answers[s]
        let rowZ = suspectZ
        let rowZPresent = suspectZPresent
        let suspectColumns = space.answerColumns[s]
        let answeredPrompts = (0..<promptCount).filter { suspectAnswers[$0] != nil }
        var byColumn = [Double](repeating: 0, count: columns * k)
        for j in 0..<k {
            let x = positive[rowOf[chosen[j]]!]
            for c in 0..<columns { byColumn[c * k + j] = x[c] }
        }
        let candidateColumns = byColumn
        let candidateNorms = (0..<k).map { norms[rowOf[chosen[$0]]!] }
        let answeredCount = answeredPrompts.count
        // Every replicate holds `answeredCount` answers, so a column's log rate depends on its count alone.
        let logRates = (0...answeredCount).map { StyleSpace.logRate(Double($0), Double(answeredCount)) }
        var replicateScores = [[Double]](repeating: [], count: k)
        var wins = [Int](repeating: 0, count: k)
        let replicates = max(settings.replicates, 0)
        if replicates > 0 {
            let results = try Bootstrap.replicateValues(count: replicates, seed: settings.seed) {
                _, generator -> [Double] in
                let draws = Bootstrap.resampleWeights(count: answeredCount, using: &generator)
                var df = [Int32](repeating: 0, count: columns)
                var pairedSums = [Double](repeating: 0, count: 2 * k)
                var pairedCounts = [Double](repeating: 0, count: 2 * k)
                rowZ.withUnsafeBufferPointer { z in
                    rowZPresent.withUnsafeBufferPointer { present in
                        pairedSums.withUnsafeMutableBufferPointer { sums in
                            pairedCounts.withUnsafeMutableBufferPointer { counts in
                                for (position, p) in answeredPrompts.enumerated() where draws[position] > 0 {
                                    let weight = draws[position]
                                    for column in suspectColumns[p] { df[Int(column)] += Int32(weight) }
                                    let w = Double(weight)
                                    for signal in 0..<2 {
                                        let base = (signal * promptCount + p) * k
                                        let offset = signal * k
                                        for j in 0..<k {
                                            sums[offset + j] += w * z[base + j]
                                            counts[offset + j] += w * present[base + j]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                var dots = [Double](repeating: 0, count: 3 * k)
                var squares = [Double](repeating: 0, count: 3)
                candidateColumns.withUnsafeBufferPointer { table in
                    dots.withUnsafeMutableBufferPointer { dots in
                        for b in 0..<3 {
                            let offset = b * k
                            for c in blocks[b] {
                                let value = logRates[Int(df[c])] - poolMean[c]
                                guard value > 0 else { continue }
                                squares[b] += value * value
                                let base = c * k
                                for j in 0..<k { dots[offset + j] += value * table[base + j] }
                            }
                        }
                    }
                }
                let replicateNorms = squares.map { $0.squareRoot() }
                return (0..<k).map { j in
                    var values = (0..<3).map { b in
                        replicateNorms[b] == 0 || candidateNorms[j][b] == 0
                            ? 0 : dots[b * k + j] / (replicateNorms[b] * candidateNorms[j][b])
                    }
                    for signal in 0..<2 {
                        let count = pairedCounts[signal * k + j]
                        values.append(count > 0 ? pairedSums[signal * k + j] / count : .nan)
                    }
                    return combined(values, j)
                }
            }
            for values in results {
                for j in 0..<k { replicateScores[j].append(values[j]) }
                let best = (0..<k).max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }!
                wins[best] += 1
            }
        }
        let order = (0..<k).sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        let ranked = order.map { j -> CandidateScore in
            let sorted = replicateScores[j].sorted()
            // Basic (reverse-percentile) bootstrap interval: resampling the suspect's prompts adds noise to its
            // profile, which biases replicate similarities downwards; reflecting the percentiles around the
            // estimate corrects for that shift, so the estimate cannot fall outside its own interval.
            let interval =
                sorted.isEmpty
                ? [scores[j], scores[j]]
                : [
                    min(scores[j], 2 * scores[j] - Self.quantile(sorted, 0.975)),
                    max(scores[j], 2 * scores[j] - Self.quantile(sorted, 0.025)),
                ]
            let signals = zValues((0..<5).map { raw[$0][suspectRow][j] }, j)
            return CandidateScore(
                model: data.models[candidates[j]], score: scores[j], interval: interval,
                support: replicates > 0 ? Double(wins[j]) / Double(replicates) : 0,
                signals: Dictionary(uniqueKeysWithValues: zip(Self.signalNames, signals)))
        }
        let best = ranked[0]
        // p: chance that the best of k unrelated candidates scores this high, scores of unrelated pairs being
        // normal with the pool's robust centre and scale.
        // The tail is computed directly rather than as 1 − Φ, which cancels to 0 for strong resemblances.
        let z = (best.score - nullCentre) / nullScale
        let pValue = Self.bestOfK(tail: NormalDistribution.upperTail(z), k: k)
        let teacher = try data.index(of: best.model)
        // Half the evidence from the phrasing the paired signal counts, the rest from the over-used features.
        let phrasing = pairedEvidence(
            suspect: s, teacher: teacher, others: rows.filter { $0 != s && $0 != teacher }, pool: pool,
            count: settings.evidenceCount / 2)
        let evidence =
            phrasing
            + evidenceList(
                suspect: s, teacher: teacher, pool: pool,
                profiles: [s: centred(space.logProfile[s]), teacher: centred(space.logProfile[teacher])],
                count: settings.evidenceCount - phrasing.count)
        // The verdict starts as the p-value alone; the rule then judges the finished result.
        var result = AttributionResult(
            suspect: suspect, method: "style+paired hub-corrected (v2)", promptsUsed: answeredPrompts.count,
            candidates: ranked,
            verdict: Verdict(
                kind: .inconclusive, teacher: nil, confidence: 0, pValue: pValue,
                log10PValue: Self.log10BestOfK(z: z, k: k)),
            evidence: evidence, bootstrap: replicates, seed: settings.seed,
            nullModels: nullRows.map { data.models[rows[$0]] })
        result.verdict = settings.rule.verdict(for: result)
        return result
    }

    /// What is wrong with these name lists, if anything: the suspect among its own candidates or reference models,
    /// or a model in both lists. The one check the library, the command line (before reading any input) and the
    /// service (before queuing a job) all make.
    public static func nameListConflict(suspect: String, candidates: [String], reference: [String]) -> String? {
        if candidates.contains(suspect) { return "the suspect \(suspect) cannot be its own candidate" }
        if reference.contains(suspect) { return "the suspect \(suspect) cannot be a reference model" }
        if let both = reference.first(where: candidates.contains) {
            return "\(both) is both a candidate and a reference model; name it in one list only"
        }
        return nil
    }

    /// The chance that the best of `k` independent scores reaches a level each reaches with probability `tail`:
    /// 1 − (1 − tail)^k, computed without cancelling to 0 for tiny tails; 1 (no evidence) when `tail` is not a number.
    static func bestOfK(tail: Double, k: Int) -> Double {
        guard !tail.isNaN else { return 1 }
        return min(1, max(0, -expm1(Double(k) * log1p(-min(max(tail, 0), 1)))))
    }

    /// log₁₀ of `bestOfK` for the normal tail beyond `z`, finite where the p-value underflows (there 1 − (1 − t)^k
    /// is k·t to many digits).
    static func log10BestOfK(z: Double, k: Int) -> Double {
        let p = bestOfK(tail: NormalDistribution.upperTail(z), k: k)
        guard p < 1e-300, !z.isNaN else { return log10(p) }
        return (log(Double(k)) + NormalDistribution.logUpperTail(z)) / log(10.0)
    }

    /// The dot product of `x` and `y` over `range`, summed in column order.
    static func dot(_ x: [Double], _ y: [Double], _ range: Range<Int>) -> Double {
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                var sum = 0.0
                for c in range { sum += x[c] * y[c] }
                return sum
            }
        }
    }

    static func medianAndMAD(_ values: [Double]) -> (median: Double, mad: Double) {
        guard !values.isEmpty else { return (0, 1) }
        let sorted = values.sorted()
        let median = quantile(sorted, 0.5)
        let deviations = sorted.map { abs($0 - median) }.sorted()
        return (median, quantile(deviations, 0.5))
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] * (1 - fraction) + sorted[upper] * fraction
    }

}
