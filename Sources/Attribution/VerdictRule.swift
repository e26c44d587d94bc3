import Foundation

/// When a ranking becomes a verdict, and how its confidence is computed.
public struct VerdictRule: Sendable, Hashable, Codable {
    /// `distilled` needs the best candidate's score at least this high...
    public var distilledScore: Double
    /// ...and its bootstrap support at least this high...
    public var distilledSupport: Double
    /// ...and a p-value at most this.
    public var significance: Double
    /// Below this score the suspect is called `independent` (given enough null models); between the two,
    /// `inconclusive`.
    public var independentScore: Double
    /// `distilled` also needs at least this many null models: with fewer, how unrelated models score is not known
    /// well enough to call any resemblance unusual.
    public var minimumNullModels: Int
    /// The confidence that the best candidate is the teacher when the verdict is `distilled`: the share of labelled
    /// cases with that verdict whose best candidate was the teacher (see ``Evaluation``).
    public var distilledConfidence: Double
    /// The same when the verdict is `inconclusive`.
    public var inconclusiveConfidence: Double
    /// The same when the verdict is `independent`.
    public var independentConfidence: Double

    /// Creates a rule.
    public init(
        distilledScore: Double, distilledSupport: Double, significance: Double, independentScore: Double,
        distilledConfidence: Double, inconclusiveConfidence: Double, independentConfidence: Double,
        minimumNullModels: Int = 5
    ) {
        self.minimumNullModels = minimumNullModels
        self.distilledScore = distilledScore
        self.distilledSupport = distilledSupport
        self.significance = significance
        self.independentScore = independentScore
        self.distilledConfidence = distilledConfidence
        self.inconclusiveConfidence = inconclusiveConfidence
        self.independentConfidence = independentConfidence
    }

    /// The rule fitted on all of the development labels (`lineage evaluate` refits it per cross-validation fold
    /// and reports held-out figures; see the README).
    /// Fitted with `lineage evaluate ../shared/data/alpacaeval-dev --labels …/labels.json --bootstrap 100` at the
    /// default style weight 0.1 (`fitted_rule`): the lowest score that by itself keeps controls and teacher-absent
    /// runs reaching it at or under 5 % (half the 10 % allowed, because a threshold fitted at the edge of the
    /// training negatives lets more through out of sample), and each verdict's share of cases whose best candidate
    /// was the teacher.
    public static let standard = VerdictRule(
        distilledScore: 2.75, distilledSupport: 0.8, significance: 0.05, independentScore: 1.375,
        distilledConfidence: 0.7333, inconclusiveConfidence: 0.2745, independentConfidence: 0.2745,
        minimumNullModels: 5)

    enum CodingKeys: String, CodingKey {
        case distilledScore, distilledSupport, significance, independentScore, minimumNullModels
        case distilledConfidence, inconclusiveConfidence, independentConfidence
    }

    /// Reads a rule; one written before `minimumNullModels` or the per-verdict confidences existed gets the
    /// standard ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        distilledScore = try container.decode(Double.self, forKey: .distilledScore)
        distilledSupport = try container.decode(Double.self, forKey: .distilledSupport)
        significance = try container.decode(Double.self, forKey: .significance)
        independentScore = try container.decode(Double.self, forKey: .independentScore)
        let standard = VerdictRule.standard
        minimumNullModels =
            try container.decodeIfPresent(Int.self, forKey: .minimumNullModels) ?? standard.minimumNullModels
        distilledConfidence =
            try container.decodeIfPresent(Double.self, forKey: .distilledConfidence) ?? standard.distilledConfidence
        inconclusiveConfidence =
            try container.decodeIfPresent(Double.self, forKey: .inconclusiveConfidence)
            ?? standard.inconclusiveConfidence
        independentConfidence =
            try container.decodeIfPresent(Double.self, forKey: .independentConfidence)
            ?? standard.independentConfidence
    }

    /// The confidence that the best candidate is the teacher when the verdict is `kind`.
    public func confidence(for kind: Verdict.Kind) -> Double {
        switch kind {
        case .distilled: return distilledConfidence
        case .inconclusive: return inconclusiveConfidence
        case .independent: return independentConfidence
        }
    }

    /// The verdict on `result`: its best candidate's score, support and own null (the null models other than itself),
    /// and the p-value its verdict carries.
    public func verdict(for result: AttributionResult) -> Verdict {
        let best = result.candidates[0]
        let pValue = result.verdict.pValue
        let unmet = shortfalls(
            score: best.score, support: best.support, pValue: pValue, nullModels: result.nullCount(of: best.model))
        let kind = kind(score: best.score, unmet: unmet)
        return Verdict(
            kind: kind, teacher: kind == .distilled ? best.model : nil, confidence: confidence(for: kind),
            pValue: pValue, log10PValue: result.verdict.log10PValue, unmet: unmet)
    }

    /// The verdict kind for a best candidate's score, support and p-value, measured against `nullModels` null models.
    public func kind(score: Double, support: Double, pValue: Double, nullModels: Int) -> Verdict.Kind {
        kind(score: score, unmet: shortfalls(score: score, support: support, pValue: pValue, nullModels: nullModels))
    }

    /// The conditions for `distilled` that a best candidate with these values misses.
    public func shortfalls(score: Double, support: Double, pValue: Double, nullModels: Int) -> [Verdict.Shortfall] {
        var unmet: [Verdict.Shortfall] = []
        if !(score >= distilledScore) { unmet.append(.init(.score, value: score, required: distilledScore)) }
        if !(support >= distilledSupport) { unmet.append(.init(.support, value: support, required: distilledSupport)) }
        if !(pValue <= significance) { unmet.append(.init(.pValue, value: pValue, required: significance)) }
        if nullModels < minimumNullModels {
            unmet.append(.init(.nullModels, value: Double(nullModels), required: Double(minimumNullModels)))
        }
        return unmet
    }

    /// `distilled` when nothing is unmet; else `independent` below the independent score, unless the null is too
    /// small to tell how unrelated models score, which leaves `inconclusive` (as it does between the two scores).
    func kind(score: Double, unmet: [Verdict.Shortfall]) -> Verdict.Kind {
        if unmet.isEmpty { return .distilled }
        if unmet.contains(where: { $0.condition == .nullModels }) { return .inconclusive }
        return score < independentScore ? .independent : .inconclusive
    }
}
