import Corpus
import Foundation
import Statistics

extension EvaluationReport {
    /// The documented JSON form.
    public func jsonText() -> String {
        var json = JSONWriter()
        write(to: &json)
        return json.text + "\n"
    }

    /// Writes the report as one JSON object.
    public func write(to json: inout JSONWriter) {
        let r = AttributionResult.rounded
        json.beginObject()
        json.member("top1", r(top1, 4))
        json.member("top3", r(top3, 4))
        json.member("top1_family_mean", r(top1FamilyMean, 4))
        json.member("students", students)
        json.member("controls", controls)
        json.member("false_teacher_rate", r(falseTeacherRate, 4))
        json.member("teacher_absent_false_rate", r(teacherAbsentFalseRate, 4))
        json.key("top1_by_family")
        json.beginObject(singleLine: true)
        for family in top1ByFamily.keys.sorted() { json.member(family, r(top1ByFamily[family]!, 4)) }
        json.endObject()
        json.key("top1_by_label_confidence")
        json.beginObject(singleLine: true)
        for label in top1ByConfidence.keys.sorted() { json.member(label, r(top1ByConfidence[label]!, 4)) }
        json.endObject()
        json.key("calibration")
        json.beginArray()
        for bin in calibration {
            json.beginObject(singleLine: true)
            json.member("bin", bin.bin)
            json.member("n", bin.n)
            json.member("mean_confidence", r(bin.meanConfidence, 4))
            json.member("accuracy", r(bin.accuracy, 4))
            json.endObject()
        }
        json.endArray()
        json.key("fitted_rule")
        json.beginObject(singleLine: true)
        json.member("distilled_score", fittedRule.distilledScore)
        json.member("distilled_support", fittedRule.distilledSupport)
        json.member("significance", fittedRule.significance)
        json.member("independent_score", fittedRule.independentScore)
        json.member("minimum_null_models", fittedRule.minimumNullModels)
        json.member("distilled_confidence", r(fittedRule.distilledConfidence, 4))
        json.member("inconclusive_confidence", r(fittedRule.inconclusiveConfidence, 4))
        json.member("independent_confidence", r(fittedRule.independentConfidence, 4))
        json.endObject()
        json.key("cases")
        json.beginArray()
        for c in cases {
            json.beginObject(singleLine: true)
            json.member("model", c.model)
            json.member("kind", c.kind)
            json.member("acceptable", array: c.acceptable)
            json.member("candidates", array: c.candidates)
            json.member("predicted", c.predicted)
            json.member("verdict", c.verdict)
            json.member("confidence", r(c.confidence, 4))
            json.member("correct", c.correct)
            json.member("score", r(c.score, 4))
            json.member("support", bootstrap > 0 ? r(c.support, 4) : nil)
            json.member("p_value", AttributionResult.roundedPValue(c.pValue))
            json.member("log10_p_value", c.log10PValue.map { AttributionResult.rounded($0, digits: 3) })
            json.member("group", c.group)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    /// A plain-text summary and per-case table.
    public func text() -> String {
        func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        /// A share with the counts behind it and its 95 % Wilson interval, or "n/a" when there were no cases.
        func share(_ tally: Tally?) -> String {
            guard let tally, tally.total > 0 else { return "n/a (no cases)" }
            let interval = ProportionInterval.wilson(successes: Double(tally.hits), trials: tally.total)
            return "\(percent(Double(tally.hits) / Double(tally.total))) (\(tally.hits) of \(tally.total); 95% "
                + String(format: "%.0f–%.0f%%", interval.lower * 100, interval.upper * 100) + ")"
        }
        func share(_ kind: String, _ hit: (EvaluationCase) -> Bool) -> String {
            let matching = cases.filter { $0.kind == kind }
            return share(Tally(hits: matching.filter(hit).count, total: matching.count))
        }
        /// Each group's share with its counts and interval.
        func shares(_ counts: [String: Tally]) -> String {
            counts.keys.sorted().map { "\($0) \(share(counts[$0]))" }.joined(separator: ", ")
        }
        var lines = [
            "Students: \(students)   controls: \(controls)   (verdict thresholds cross-validated by lineage group)",
            "top-1 \(share("student", \.correct))   top-3 \(share("student", \.acceptableInTopThree))   "
                + "top-1 family mean \(students > 0 ? percent(top1FamilyMean) : "n/a")",
            "false-teacher rate on controls \(share("control", \.calledDistilled))   "
                + "distilled calls with the teacher's vendor absent \(share("teacher_absent", \.calledDistilled))",
            "",
            "top-1 by teacher family: " + shares(top1ByFamilyCounts),
            "top-1 by label confidence: " + shares(top1ByConfidenceCounts),
            "",
            "calibration (confidence bin: cases, mean confidence → share whose best candidate is the teacher)",
        ]
        for bin in calibration where bin.n > 0 {
            lines.append("  \(bin.bin): \(bin.n), \(percent(bin.meanConfidence)) → \(percent(bin.accuracy))")
        }
        lines.append("")
        // Columns as wide as their longest entry, so that no name is cut; "teacher_absent" (14 characters) gets
        // two spaces after it like every other kind.
        let modelWidth = max(31, (cases.map(\.model.count).max() ?? 0) + 2)
        let predictedWidth = max(28, (cases.map(\.predicted.count).max() ?? 0) + 1)
        lines.append(
            "  " + "kind".padding(toLength: 16, withPad: " ", startingAt: 0)
                + "model".padding(toLength: modelWidth, withPad: " ", startingAt: 0)
                + "predicted".padding(toLength: predictedWidth, withPad: " ", startingAt: 0) + " score  support verdict"
        )
        for c in cases {
            let mark = c.correct ? " " : "✗"
            lines.append(
                "\(mark) " + c.kind.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + c.model.padding(toLength: modelWidth, withPad: " ", startingAt: 0)
                    + c.predicted.padding(toLength: predictedWidth, withPad: " ", startingAt: 0)
                    + String(format: "%6.2f  ", c.score)
                    + (bootstrap > 0 ? String(format: "%5.0f%%  ", c.support * 100) : "    –   ") + c.verdict)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
