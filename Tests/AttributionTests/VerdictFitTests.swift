import Foundation
import Testing

@testable import Attribution

@Suite struct VerdictFitTests {
    static func raw(_ kind: String, score: Double, support: Double, pValue: Double, group: String) -> Evaluation.Raw {
        let best = CandidateScore(model: "t", score: score, interval: [score, score], support: support, signals: [:])
        let other = CandidateScore(model: "u", score: 0, interval: [0, 0], support: 0, signals: [:])
        let result = AttributionResult(
            suspect: "s", method: "test", promptsUsed: 10, candidates: [best, other],
            verdict: Verdict(kind: .inconclusive, teacher: nil, confidence: 0, pValue: pValue), evidence: [],
            bootstrap: 10, seed: 1)
        return Evaluation.Raw(
            model: "s", kind: kind, acceptable: kind == "student" ? ["t"] : [], result: result, group: group)
    }

    @Test func thresholdIgnoresSupportAndPValueOfTheNegatives() {
        // Ten negatives: two score high but miss the support or p condition. The threshold must still clear both
        // (at most 5 % of negatives, none of ten, may reach it), whatever the extra conditions would have done.
        var raws = (0..<8).map { Self.raw("control", score: 0.2, support: 0.3, pValue: 0.9, group: "g\($0)") }
        raws.append(Self.raw("teacher_absent", score: 4.0, support: 0.5, pValue: 0.001, group: "x"))
        raws.append(Self.raw("teacher_absent", score: 3.0, support: 1.0, pValue: 0.2, group: "y"))
        raws.append(Self.raw("student", score: 5.0, support: 1.0, pValue: 0.001, group: "z"))
        let rule = Evaluation.fitRule(raws, base: .standard)
        #expect(rule.distilledScore > 4.0 && rule.distilledScore <= 4.25)
        #expect(rule.independentScore == rule.distilledScore / 2)
    }

    @Test func confidenceMatchesTheRateOfTeachersAtEachScore() {
        // At scores 0...6, twenty cases each, of which round(20 · logistic(s − 3)) are students whose best candidate
        // is the teacher. Support is lower for those than for the others, so its weight must stay at zero rather
        // than turn negative. The fitted confidence must follow the planted rates.
        var raws: [Evaluation.Raw] = []
        var planted: [Double] = []
        for score in 0...6 {
            let rate = 1 / (1 + exp(-(Double(score) - 3)))
            let teachers = Int((20 * rate).rounded())
            planted.append(Double(teachers) / 20)
            for index in 0..<20 {
                let isTeacher = index >= 20 - teachers
                raws.append(
                    Self.raw(
                        isTeacher ? "student" : "teacher_absent", score: Double(score), support: 1 - Double(index) / 20,
                        pValue: 0.5, group: "g\(score)"))
            }
        }
        let rule = Evaluation.fitRule(raws, base: .standard)
        #expect(rule.confidenceScoreWeight > 0.5)
        #expect(rule.confidenceSupportWeight == 0)
        for score in 0...6 {
            #expect(abs(rule.confidence(score: Double(score), support: 0.5) - planted[score]) < 0.1)
        }
    }

    @Test func confidenceShrinksToTheBaseRateWhenTheScoreDoesNotCarryOver() {
        // Eight groups: in four, the cases scoring 3 or more are teachers; in the other four, those scoring under
        // 3 are. Within a group the score separates perfectly, across groups it tells nothing: cross-validation must
        // choose the strongest penalty, and the confidence must stay near the base rate (one half) at every score.
        var raws: [Evaluation.Raw] = []
        for group in 0..<8 {
            for score in 0...6 {
                let isTeacher = group < 4 ? score >= 3 : score < 3
                raws.append(
                    Self.raw(
                        isTeacher ? "student" : "teacher_absent", score: Double(score), support: 0.5, pValue: 0.5,
                        group: "g\(group)"))
            }
        }
        #expect(Evaluation.confidencePenalty(raws) == Evaluation.confidencePenalties.last)
        let rule = Evaluation.fitRule(raws, base: .standard)
        for score in 0...6 {
            #expect(abs(rule.confidence(score: Double(score), support: 0.5) - 0.5) < 0.05)
        }
    }
}
