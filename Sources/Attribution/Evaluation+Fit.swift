import Foundation

extension Evaluation {
    /// The penalties on the confidence weights that cross-validation chooses among, weakest first.
    static let confidencePenalties = [0.01, 0.1, 1.0, 10.0]

    /// The lowest `distilled` score threshold that by itself keeps negatives (controls, teacher-absent runs) at
    /// or under 5 % — half the 10 % allowed, because a threshold placed at the edge of the training negatives lets
    /// more through on models it was not fitted on; the support and p-value conditions come on top and are not
    /// counted on, so that the threshold cannot collapse when those happen to exclude the training negatives — and
    /// a logistic confidence fitted on (score, support) with non-negative weights, penalised as much as
    /// leave-one-group-out cross-validation within `raws` finds best.
    static func fitRule(_ raws: [Raw], base: VerdictRule) -> VerdictRule {
        var rule = base
        let negativeScores = raws.filter { $0.kind != "student" }.map { $0.result.candidates[0].score }
        let thresholds = stride(from: 0.5, through: 6.0, by: 0.25).map { $0 }
        rule.distilledScore = thresholds.last!
        for threshold in thresholds {
            let falseCalls = negativeScores.filter { $0 >= threshold }.count
            if negativeScores.isEmpty || Double(falseCalls) <= 0.05 * Double(negativeScores.count) {
                rule.distilledScore = threshold
                break
            }
        }
        rule.independentScore = rule.distilledScore / 2
        return fitConfidence(raws, penalty: confidencePenalty(raws), base: rule)
    }

    /// The penalty whose leave-one-group-out predictions within `raws` have the lowest Brier score (the stronger
    /// one on ties); the strongest when there are fewer than two groups to hold out.
    static func confidencePenalty(_ raws: [Raw]) -> Double {
        let groups = Array(Set(raws.map(\.group))).sorted()
        guard groups.count >= 2 else { return confidencePenalties.last! }
        var best = (penalty: confidencePenalties.last!, brier: Double.infinity)
        for penalty in confidencePenalties {
            var squares = 0.0
            for group in groups {
                let fitted = fitConfidence(raws.filter { $0.group != group }, penalty: penalty, base: .standard)
                for raw in raws where raw.group == group {
                    let error =
                        fitted.confidence(
                            score: raw.result.candidates[0].score, support: raw.result.candidates[0].support)
                        - (isTeacher(raw) ? 1 : 0)
                    squares += error * error
                }
            }
            if squares <= best.brier { best = (penalty, squares) }
        }
        return best.penalty
    }

    /// `base` with its confidence refitted: a logistic regression of "the best candidate is the teacher" on score
    /// and support by gradient descent, the weights kept non-negative (a higher score or support never lowers
    /// confidence) and penalised by `penalty`.
    static func fitConfidence(_ raws: [Raw], penalty: Double, base: VerdictRule) -> VerdictRule {
        let xs = raws.map { ($0.result.candidates[0].score, $0.result.candidates[0].support) }
        let ys = raws.map { isTeacher($0) ? 1.0 : 0.0 }
        var (a, b, c) = (0.0, 0.0, 0.0)
        for _ in 0..<4000 {
            var (ga, gb, gc) = (0.0, 0.0, 0.0)
            for (x, y) in zip(xs, ys) {
                let p = 1 / (1 + exp(-(a + b * x.0 + c * x.1)))
                ga += p - y
                gb += (p - y) * x.0
                gc += (p - y) * x.1
            }
            let n = Double(max(xs.count, 1))
            a -= 0.5 * (ga / n + 0.01 * a)
            b = max(0, b - 0.5 * (gb / n + penalty * b))
            c = max(0, c - 0.5 * (gc / n + penalty * c))
        }
        var rule = base
        rule.confidenceIntercept = a
        rule.confidenceScoreWeight = b
        rule.confidenceSupportWeight = c
        return rule
    }
}
