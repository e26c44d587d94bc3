import Foundation

extension Evaluation {
    /// Pseudo-cases at the overall rate added to each verdict's cases when its confidence is fitted, so that a
    /// verdict seen a few times does not get a rate of 0 or 1.
    static let confidencePrior = 2.0

    /// The fewest negatives (controls and teacher-absent runs) a rule is fitted on.
    static let minimumNegatives = 10

    /// The lowest `distilled` score threshold that by itself keeps negatives (controls, teacher-absent runs) at
    /// or under 5 % — half the 10 % allowed, because a threshold placed at the edge of the training negatives lets
    /// more through on models it was not fitted on; the support and p-value conditions come on top and are not
    /// counted on, so that the threshold cannot collapse when those happen to exclude the training negatives — and
    /// the confidence of each verdict that threshold gives.
    /// With no students, or fewer than ``minimumNegatives`` negatives, among `raws`, `base` is returned unchanged:
    /// a threshold set just above a handful of negatives says little about the next one.
    static func fitRule(_ raws: [Raw], base: VerdictRule) -> VerdictRule {
        var rule = base
        let negativeScores = raws.filter { $0.kind != "student" }.map { $0.result.candidates[0].score }
        guard negativeScores.count >= minimumNegatives && negativeScores.count < raws.count else { return base }
        let thresholds = stride(from: 0.5, through: 6.0, by: 0.25).map { $0 }
        rule.distilledScore = thresholds.last!
        for threshold in thresholds {
            let falseCalls = negativeScores.filter { $0 >= threshold }.count
            if Double(falseCalls) <= 0.05 * Double(negativeScores.count) {
                rule.distilledScore = threshold
                break
            }
        }
        rule.independentScore = rule.distilledScore / 2
        return fitConfidence(raws, base: rule)
    }

    /// `base` with its confidences refitted: for each verdict kind that `base` gives, the share of `raws` with it
    /// whose best candidate is the teacher, each share counting ``confidencePrior`` extra cases at the share over
    /// all `raws`, and adjacent kinds pooled where needed so that confidence never falls from `independent` to
    /// `inconclusive` to `distilled` (pool adjacent violators).
    /// `base` itself when `raws` is empty.
    static func fitConfidence(_ raws: [Raw], base: VerdictRule) -> VerdictRule {
        guard !raws.isEmpty else { return base }
        let order: [Verdict.Kind] = [.independent, .inconclusive, .distilled]
        let overall = Double(raws.filter(isTeacher).count) / Double(raws.count)
        let kinds = raws.map { base.verdict(for: $0.result).kind }
        // Each block: teachers and cases, both with the prior's pseudo-cases, and the kinds it pools.
        var blocks: [(teachers: Double, cases: Double, kinds: [Verdict.Kind])] = order.map { kind in
            let withKind = zip(raws, kinds).filter { $0.1 == kind }.map(\.0)
            let teachers = Double(withKind.filter(isTeacher).count)
            return (teachers + confidencePrior * overall, Double(withKind.count) + confidencePrior, [kind])
        }
        var index = 0
        while index + 1 < blocks.count {
            let (low, high) = (blocks[index], blocks[index + 1])
            if low.teachers / low.cases > high.teachers / high.cases {
                blocks[index] = (low.teachers + high.teachers, low.cases + high.cases, low.kinds + high.kinds)
                blocks.remove(at: index + 1)
                index = max(index - 1, 0)
            } else {
                index += 1
            }
        }
        var rule = base
        for block in blocks {
            let rate = block.teachers / block.cases
            for kind in block.kinds {
                switch kind {
                case .distilled: rule.distilledConfidence = rate
                case .inconclusive: rule.inconclusiveConfidence = rate
                case .independent: rule.independentConfidence = rate
                }
            }
        }
        return rule
    }
}
