import Foundation
import Testing

@testable import Attribution

@Suite struct VerdictFitTests {
    static func raw(_ kind: String, score: Double, support: Double, pValue: Double, group: String) -> Evaluation.Raw {
        let best = CandidateScore(model: "t", score: score, interval: [score, score], support: support, signals: [:])
        let other = CandidateScore(model: "u", score: 0, interval: [0, 0], support: 0, signals: [:])
        var result = AttributionResult(
            suspect: "s", method: "test", promptsUsed: 10, candidates: [best, other],
            verdict: Verdict(kind: .inconclusive, teacher: nil, confidence: 0, pValue: pValue), evidence: [],
            bootstrap: 10, seed: 1)
        result.nullModels = (0..<5).map { "null\($0)" }
        return Evaluation.Raw(
            model: "s", kind: kind, acceptable: kind == "student" ? ["t"] : [], result: result, group: group)
    }

    /// Ten cases per verdict under the standard rule (scores 5, 2 and 0.5; distilled cases first, then inconclusive,
    /// then independent), of which the first `teachers` of each are students whose best candidate is the teacher
    /// and the rest teacher-absent runs.
    static func tenOfEachVerdict(teachers: (distilled: Int, inconclusive: Int, independent: Int)) -> [Evaluation.Raw] {
        [(5.0, teachers.distilled), (2.0, teachers.inconclusive), (0.5, teachers.independent)].flatMap {
            score, count in
            (0..<10).map { index in
                raw(
                    index < count ? "student" : "teacher_absent", score: score, support: 1, pValue: 0.001,
                    group: "g\(index)")
            }
        }
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

    @Test func confidenceIsEachVerdictsShareOfTeachersShrunkToTheOverallShare() {
        // Under the standard rule's thresholds: 10 distilled cases (8 teachers), 10 inconclusive (3 teachers) and
        // 10 independent (1 teacher); overall 12 of 30. Each confidence is (teachers + 2 · 0.4) / (cases + 2).
        let raws = Self.tenOfEachVerdict(teachers: (distilled: 8, inconclusive: 3, independent: 1))
        let rule = Evaluation.fitConfidence(raws, base: .standard)
        #expect(abs(rule.distilledConfidence - 8.8 / 12) < 1e-9)
        #expect(abs(rule.inconclusiveConfidence - 3.8 / 12) < 1e-9)
        #expect(abs(rule.independentConfidence - 1.8 / 12) < 1e-9)
        // Each verdict carries its own kind's confidence.
        for (index, kind) in [(0, Verdict.Kind.distilled), (10, .inconclusive), (20, .independent)] {
            let verdict = rule.verdict(for: raws[index].result)
            #expect(verdict.kind == kind)
            #expect(verdict.confidence == rule.confidence(for: kind))
        }
        #expect(rule.confidence(for: .distilled) == rule.distilledConfidence)
        #expect(rule.confidence(for: .inconclusive) == rule.inconclusiveConfidence)
        #expect(rule.confidence(for: .independent) == rule.independentConfidence)
    }

    @Test func confidenceNeverFallsFromAWeakerVerdictToAStrongerOne() {
        // Independent cases are right more often (5 of 10) than inconclusive ones (1 of 10), so the two are pooled;
        // distilled ones (2 of 10) lie below that pool and join it too, so all three get the overall share, 8 of 30.
        var raws = Self.tenOfEachVerdict(teachers: (distilled: 2, inconclusive: 1, independent: 5))
        let rule = Evaluation.fitConfidence(raws, base: .standard)
        #expect(abs(rule.independentConfidence - 8.0 / 30) < 1e-9)
        #expect(abs(rule.inconclusiveConfidence - 8.0 / 30) < 1e-9)
        #expect(abs(rule.distilledConfidence - 8.0 / 30) < 1e-9)
        // With distilled right 8 times in 10 it stays apart from the pooled weaker verdicts.
        for index in 3..<9 { raws[index] = Self.raw("student", score: 5, support: 1, pValue: 0.001, group: "h") }
        let refitted = Evaluation.fitConfidence(raws, base: .standard)
        #expect(refitted.inconclusiveConfidence == refitted.independentConfidence)
        #expect(refitted.distilledConfidence > refitted.inconclusiveConfidence + 0.3)
    }

    @Test func tooFewNegativesOrNoStudentsKeepTheBaseRule() {
        // Nine negatives cannot place a threshold, nor can negatives alone; ten with a student can.
        let student = Self.raw("student", score: 5, support: 1, pValue: 0.001, group: "s")
        let negatives = (0..<10).map {
            Self.raw("teacher_absent", score: 0.2 * Double($0), support: 1, pValue: 0.5, group: "n\($0)")
        }
        #expect(Evaluation.fitRule(Array(negatives.prefix(9)) + [student], base: .standard) == .standard)
        #expect(Evaluation.fitRule(negatives, base: .standard) == .standard)
        let fitted = Evaluation.fitRule(negatives + [student], base: .standard)
        #expect(fitted.distilledScore == 2.0)
        #expect(fitted.distilledConfidence > fitted.independentConfidence)
    }

    @Test func poolingLooksBackAfterAMerge() {
        // Independent 4 of 10 and inconclusive 5 of 10 are in order; distilled 0 of 10 falls below inconclusive,
        // and once the two are pooled they fall below independent, so all three join at the overall share, 0.3.
        let raws = Self.tenOfEachVerdict(teachers: (distilled: 0, inconclusive: 5, independent: 4))
        let rule = Evaluation.fitConfidence(raws, base: .standard)
        for kind in [Verdict.Kind.distilled, .inconclusive, .independent] {
            #expect(abs(rule.confidence(for: kind) - 0.3) < 1e-9)
        }
        #expect(Evaluation.fitConfidence([], base: .standard) == .standard)
    }
}
