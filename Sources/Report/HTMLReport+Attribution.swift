import Attribution
import Foundation
import Statistics

extension HTMLReport {
    func attributionSection() -> String {
        var html = "<section id=\"attribution\"><h2>Attribution</h2>\n"
        guard !content.attributions.isEmpty else {
            let why =
                content.isFromProfiles
                ? "No attribution: it compares the models' answers, and profiles carry none. Give the model outputs "
                    + "to attribute them."
                : "No attribution was run."
            return html + "<p>\(why)</p></section>\n"
        }
        let rule = content.rule
        html += "<p>For each suspect, which candidate teacher its style and its answers resemble more than unrelated "
        html += "models do. <b>Score</b>: how many robust standard deviations closer the suspect is to the best "
        html += "candidate than the other models are (with its 95 % bootstrap interval); <b>support</b>: the share "
        html += "of bootstrap replicates (prompts redrawn, \(content.attributionReplicates) replicates) in which that "
        html += "candidate ranks first; <b>p</b>: the chance that an unrelated model would come this close, from a "
        html += "normal model of how the other models resemble each candidate, corrected for picking the best of the "
        html += "candidates (shown down to 1e-6: further out the normal model is not to be trusted).</p>\n<p>"
        html += "<b>Verdict</b>: <i>distilled</i> needs \(distilledConditions); <i>independent</i> means a score below "
        html += "\(Markup.number(rule.independentScore)); anything else is <i>inconclusive</i>. A "
        html += "<i>borderline</i> call is distilled although its 95 % interval reaches below the distilled score. "
        html += "<b>Confidence</b> is one value per verdict: the share of labelled development cases with that "
        html += "verdict whose best candidate was the teacher, not a probability for the row. "
        html += "<b>Direction</b>: the method measures resemblance, not who learnt from whom; ↔ marks two models "
        html += "each called distilled from the other (versions of one model, or a teacher and its student), whose "
        html += "direction it cannot tell. Open a row for the evidence. Click a column heading to sort.</p>\n"
        let counts = Dictionary(grouping: content.attributions, by: \.verdict.kind).mapValues(\.count)
        let mutual = content.mutualPairs
        html += "<p class=\"sentence\">\(counts[.distilled] ?? 0) distilled"
        if !mutual.isEmpty { html += " (\(mutual.count) of them in \(mutual.count / 2) mutual pairs ↔)" }
        html += ", \(counts[.inconclusive] ?? 0) inconclusive, \(counts[.independent] ?? 0) independent.</p>\n"
        html += "<table class=\"attribution sortable\"><thead><tr><th data-sort=\"text\">suspect</th>"
        html += "<th data-sort=\"text\">best candidate</th><th data-sort=\"num\" class=\"num\">score</th>"
        html += "<th class=\"num\">95 % interval</th><th data-sort=\"num\" class=\"num\">support</th>"
        html += "<th data-sort=\"text\">verdict</th><th data-sort=\"num\" class=\"num\">confidence</th>"
        html += "<th data-sort=\"num\" class=\"num\">p</th></tr></thead>\n"
        for result in content.attributions {
            guard let best = result.candidates.first else { continue }
            let kind = result.verdict.kind.rawValue
            html += "<tbody><tr><td>\(Markup.escape(result.suspect))</td><td>\(Markup.escape(best.model))</td>"
            html +=
                "<td class=\"num\">\(Markup.number(best.score))</td>"
                + "<td class=\"num\">\(interval(best, in: result))</td>"
            html += "<td class=\"num\" data-value=\"\(best.support)\">\(support(best, in: result))</td>"
            html += "<td><span class=\"verdict \(kind)\">\(kind)</span>"
            if mutual.contains(result.suspect) {
                html += " <span class=\"flag\" title=\"each called distilled from the other: direction not "
                html += "determined\">↔</span>"
            }
            if result.verdict.kind == .distilled, best.interval.count == 2, best.interval[0] < rule.distilledScore {
                html += " <span class=\"flag\" title=\"the 95 % interval reaches below the distilled score "
                html += "\(Markup.number(rule.distilledScore))\">borderline</span>"
            }
            html += "</td>"
            html +=
                "<td class=\"num\" data-value=\"\(result.verdict.confidence)\">\(percent(result.verdict.confidence))</td>"
            // Sorted by the logarithm, which stays finite where the p-value underflows.
            let verdict = result.verdict
            let order = verdict.log10PValue ?? log10(verdict.pValue)
            html += "<td class=\"num\" data-value=\"\(order.isFinite ? order : -Double.greatestFiniteMagnitude)\">"
            let shown = verdict.pValue < 1e-6 ? "< 1e-6" : PValueFormat.number(verdict.pValue)
            html += "\(Markup.escape(shown))</td></tr>\n"
            html += "<tr class=\"evidence\"><td colspan=\"8\"><details><summary>Evidence for "
            html += "\(Markup.escape(result.suspect))</summary>\n\(evidence(result))</details></td></tr></tbody>\n"
        }
        html += "</table>\n</section>\n"
        return html
    }

    /// What a distilled verdict needs under the report's rule, as a clause: "a score of at least 2.75, …".
    var distilledConditions: String {
        let rule = content.rule
        return "a score of at least \(Markup.number(rule.distilledScore)), support of at least "
            + "\(percent(rule.distilledSupport)), p of at most \(Markup.number(rule.significance)) and at least "
            + "\(rule.minimumNullModels) unrelated models to compare with"
    }

    func evidence(_ result: AttributionResult) -> String {
        var html = "<p class=\"sentence\">\(Markup.escape(result.sentence()))</p>\n"
        if !result.nullModels.isEmpty { html += "<p class=\"note\">\(Markup.escape(result.nullSentence()))</p>\n" }
        html += "<div class=\"columns\"><div><h3 class=\"panel\">Candidates, best first</h3>"
        html += "<table class=\"compact\"><thead><tr><th>candidate</th><th class=\"num\">score</th>"
        html += "<th class=\"num\">interval</th><th class=\"num\">support</th></tr></thead><tbody>\n"
        for candidate in result.candidates.prefix(8) {
            html +=
                "<tr><td>\(Markup.escape(candidate.model))</td><td class=\"num\">\(Markup.number(candidate.score))</td>"
            html += "<td class=\"num\">\(interval(candidate, in: result))</td>"
            html += "<td class=\"num\">\(support(candidate, in: result))</td></tr>\n"
        }
        html += "</tbody></table></div>\n"
        if !result.evidence.isEmpty, let best = result.candidates.first {
            html += "<div><h3 class=\"panel\">Shared features</h3><table class=\"compact\"><thead><tr><th>feature</th>"
            html += "<th>kind</th><th class=\"num\" title=\"\(Markup.escape(result.suspect))\">"
            html += "\(Markup.escapeLine(result.suspect, limit: 24))</th>"
            html +=
                "<th class=\"num\" title=\"\(Markup.escape(best.model))\">\(Markup.escapeLine(best.model, limit: 24))</th>"
            html += "<th class=\"num\">pool</th>"
            html += "</tr></thead><tbody>\n"
            for item in result.evidence {
                html += "<tr><td class=\"feature\">\(Markup.escapeLine(item.feature, limit: 60))</td>"
                html += "<td>\(Markup.escape(item.kind + AttributionResult.specificity(item.pairSpecificPrompts)))</td>"
                html += "<td class=\"num\">\(percent(item.suspectRate))</td>"
                html += "<td class=\"num\">\(percent(item.teacherRate))</td>"
                html += "<td class=\"num\">\(percent(item.poolRate))</td></tr>\n"
            }
            html += "</tbody></table><p class=\"note\">Share of each model's answers holding the feature. A trigram "
            html += "is phrasing the two answers to the same prompt share and no other compared model's answer holds, "
            html += "on the number of prompts shown; words, bigrams and markers are over-used by both.</p></div>"
        }
        html += "</div>\n"
        let examples = result.evidence.prefix(4).filter { !$0.examples.isEmpty }
        if !examples.isEmpty {
            html += "<h3 class=\"panel\">Example sentences</h3>\n"
            for item in examples {
                html +=
                    "<div class=\"example\"><span class=\"feature\">\(Markup.escapeLine(item.feature, limit: 60))</span>"
                for example in item.examples.prefix(4) {
                    html += "<blockquote><cite>\(Markup.escape(example.model)), prompt "
                    html +=
                        "\(Markup.escape(example.promptID))</cite>\(Markup.escapeLine(example.sentence, limit: 300))"
                    html += "</blockquote>"
                }
                html += "</div>\n"
            }
        }
        return html
    }

    func evaluationSection(_ report: EvaluationReport) -> String {
        var html = "<section id=\"evaluation\"><h2>Evaluation against the labels</h2>\n<div class=\"cards\">"
        let cards: [(String, String)] = [
            ("top-1", percent(report.top1)), ("top-3", percent(report.top3)),
            ("top-1, family mean", percent(report.top1FamilyMean)),
            ("false “distilled”, controls", percent(report.falseTeacherRate)),
            ("false “distilled”, teacher absent", percent(report.teacherAbsentFalseRate)),
        ]
        for (label, value) in cards {
            html +=
                "<div class=\"card\"><span class=\"value\">\(Markup.escape(value))</span>"
                + "<span class=\"label\">\(Markup.escape(label))</span></div>"
        }
        html += "</div>\n<p>\(report.students) labelled students and \(report.controls) human-data controls; "
        html += "candidates are the labelled teachers present. Verdict thresholds are refitted without each lineage "
        html += "group and applied to it.</p>\n"
        html += "<table class=\"sortable\"><thead><tr><th data-sort=\"text\">model</th><th data-sort=\"text\">kind</th>"
        html += "<th data-sort=\"text\">acceptable</th><th data-sort=\"text\">predicted</th>"
        html += "<th data-sort=\"text\">verdict</th><th data-sort=\"num\" class=\"num\">score</th>"
        html +=
            "<th data-sort=\"num\" class=\"num\">confidence</th><th data-sort=\"text\">correct</th></tr></thead><tbody>\n"
        for item in report.cases {
            html += "<tr><td>\(Markup.escape(item.model))</td><td>\(Markup.escape(item.kind))</td>"
            html += "<td>\(Markup.escape(item.acceptable.joined(separator: ", ")))</td>"
            html += "<td>\(Markup.escape(item.predicted))</td>"
            html +=
                "<td><span class=\"verdict \(Markup.escape(item.verdict))\">\(Markup.escape(item.verdict))</span></td>"
            html += "<td class=\"num\">\(Markup.number(item.score))</td>"
            html += "<td class=\"num\" data-value=\"\(item.confidence)\">\(percent(item.confidence))</td>"
            html += "<td>\(item.correct ? "yes" : "no")</td></tr>\n"
        }
        html += "</tbody></table>\n</section>\n"
        return html
    }

    func interval(_ values: [Double]) -> String {
        guard values.count == 2 else { return "–" }
        return "\(Markup.number(values[0])) – \(Markup.number(values[1]))"
    }

    /// A candidate's interval, or a dash when no bootstrap measured it.
    func interval(_ candidate: CandidateScore, in result: AttributionResult) -> String {
        result.bootstrap > 0 ? interval(candidate.interval) : "–"
    }

    /// A candidate's bootstrap support, or a dash when no bootstrap measured it.
    func support(_ candidate: CandidateScore, in result: AttributionResult) -> String {
        result.bootstrap > 0 ? percent(candidate.support) : "–"
    }

    func percent(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        return Markup.number(value * 100, digits: abs(value) < 0.1 && value != 0 ? 1 : 0) + " %"
    }
}
