import Corpus
import Foundation
import Statistics

extension AttributionResult {
    /// The documented JSON form (keys in a fixed order).
    public func jsonText() -> String {
        var json = JSONWriter()
        write(to: &json)
        return json.text + "\n"
    }

    /// Writes the result as one JSON object.
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        json.member("suspect", suspect)
        json.member("method", method)
        json.member("prompts_used", promptsUsed)
        json.member("bootstrap", bootstrap)
        json.member("seed", Int(truncatingIfNeeded: seed))
        json.member("null_models", array: nullModels)
        json.member("null_is_reference", nullIsReference)
        json.key("candidates")
        json.beginArray()
        for candidate in candidates {
            json.beginObject(singleLine: true)
            json.member("model", candidate.model)
            json.member("score", Self.rounded(candidate.score))
            // Without bootstrap replicates nothing measured the score's spread or how often it ranks first.
            if bootstrap > 0 {
                json.member("interval", array: candidate.interval.map { Self.rounded($0) })
                json.member("support", Self.rounded(candidate.support))
            } else {
                json.member("interval", nil as Double?)
                json.member("support", nil as Double?)
            }
            json.key("signals")
            json.beginObject(singleLine: true)
            for name in candidate.signals.keys.sorted() { json.member(name, Self.rounded(candidate.signals[name]!)) }
            json.endObject()
            json.endObject()
        }
        json.endArray()
        json.key("verdict")
        json.beginObject(singleLine: true)
        json.member("kind", verdict.kind.rawValue)
        json.member("teacher", verdict.teacher)
        json.member("confidence", Self.rounded(verdict.confidence))
        json.member("p_value", Self.roundedPValue(verdict.pValue))
        json.member("log10_p_value", verdict.log10PValue.map { Self.rounded($0, digits: 3) })
        json.key("unmet")
        json.beginArray(singleLine: true)
        for shortfall in verdict.unmet {
            json.beginObject(singleLine: true)
            json.member("condition", shortfall.condition.rawValue)
            switch shortfall.condition {
            case .pValue: json.member("value", Self.roundedPValue(shortfall.value))
            // Without bootstrap replicates support was not measured: null, as in the candidates.
            case .support where bootstrap <= 0: json.member("value", nil as Double?)
            default: json.member("value", Self.rounded(shortfall.value))
            }
            json.member("required", shortfall.required)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.key("evidence")
        json.beginArray()
        for item in evidence {
            json.beginObject()
            json.member("feature", item.feature)
            json.member("kind", item.kind)
            json.member("suspect_rate", Self.rounded(item.suspectRate))
            json.member("teacher_rate", Self.rounded(item.teacherRate))
            json.member("pool_rate", Self.rounded(item.poolRate))
            json.member("pair_specific_prompts", item.pairSpecificPrompts)
            json.key("examples")
            json.beginArray()
            for example in item.examples {
                json.beginObject(singleLine: true)
                json.member("model", example.model)
                json.member("prompt_id", example.promptID)
                json.member("sentence", example.sentence)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    /// A plain-text account: ranked candidates with intervals, the verdict in one sentence, shared features with
    /// example sentences.
    public func text(top: Int = 10) -> String {
        var lines: [String] = []
        lines.append("Suspect: \(suspect)  (\(promptsUsed) prompts, \(bootstrap) bootstrap replicates, seed \(seed))")
        lines.append("")
        lines.append("rank  candidate                                   score   95% interval      support")
        for (rank, candidate) in candidates.prefix(top).enumerated() {
            let name = candidate.model.count > 42 ? String(candidate.model.prefix(41)) + "…" : candidate.model
            let numbers =
                bootstrap > 0
                ? String(
                    format: "%6.2f   [%6.2f, %6.2f]   %5.1f%%", candidate.score, candidate.interval[0],
                    candidate.interval[1], candidate.support * 100)
                : String(format: "%6.2f   (no bootstrap)         —", candidate.score)
            let rankText = String(rank + 1)
            lines.append(
                String(repeating: " ", count: max(0, 4 - rankText.count)) + rankText + "  "
                    + name.padding(toLength: 42, withPad: " ", startingAt: 0) + " " + numbers)
        }
        if candidates.count > top { lines.append("      … \(candidates.count - top) more") }
        lines.append("")
        lines.append(nullSentence())
        lines.append(sentence())
        if !evidence.isEmpty {
            lines.append("")
            lines.append("Shared features (share of answers: suspect / \(candidates[0].model) / pool):")
            for item in evidence {
                let rates = String(
                    format: "%.1f%% / %.1f%% / %.1f%%", item.suspectRate * 100, item.teacherRate * 100,
                    item.poolRate * 100)
                lines.append(
                    "  \(item.kind) \"\(item.feature)\"  \(rates)\(Self.specificity(item.pairSpecificPrompts))")
                for example in item.examples {
                    lines.append("      \(example.model) [\(example.promptID)]: \(Self.oneLine(example.sentence))")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What the scores are measured against, as one sentence.
    public func nullSentence() -> String {
        let shown =
            nullModels.count > 8
            ? nullModels.prefix(8).joined(separator: ", ") + ", …" : nullModels.joined(separator: ", ")
        if nullIsReference {
            return "Null: how \(nullModels.count) reference models (\(shown)) resemble each candidate."
        }
        let candidateNames = Set(candidates.map(\.model))
        let references = nullModels.filter { !candidateNames.contains($0) }.count
        return "Null: how the other candidates"
            + (references > 0 ? " and \(references) reference model\(references == 1 ? "" : "s")" : "")
            + " resemble each candidate. Candidates related to each other (versions or sizes of one model) then raise "
            + "each other's null and can hide a teacher; measuring against at least "
            + "\(AttributionSettings().minimumReference) models known to be unrelated (`lineage attribute --reference`) "
            + "avoids this."
    }

    /// The verdict as one sentence, naming what a `distilled` verdict would have needed and did not get.
    public func sentence() -> String {
        let best = candidates[0]
        let p = verdict.pValueText
        switch verdict.kind {
        case .distilled:
            let confidence = String(format: "%.0f%%", verdict.confidence * 100)
            let support =
                bootstrap > 0
                ? "ranked first in \(Self.share(best.support, of: bootstrap)) bootstrap replicates" : "no bootstrap"
            return "Verdict: \(suspect) was most likely distilled from \(best.model) (confidence \(confidence), "
                + "\(p); \(support))."
        case .inconclusive:
            let score = Self.number(best.score, beside: verdict.shortfall(.score)?.required)
            return "Verdict: inconclusive. \(suspect) is closest to \(best.model) (score \(score)), but "
                + reasons().joined(separator: "; ") + "."
        case .independent:
            // The score is what decides `independent`; the p-value can still be small when the rule's independent
            // score is high, so the sentence does not claim that unrelated models come as close.
            return "Verdict: independent. \(suspect)'s closest candidate, \(best.model), scores only "
                + "\(String(format: "%.2f", best.score)), below the level at which a resemblance counts (\(p))."
        }
    }

    /// Why the best candidate was not called the teacher, one clause per condition it missed.
    func reasons() -> [String] {
        var reasons: [String] = []
        let p = verdict.pValueText
        if let shortfall = verdict.shortfall(.score) {
            reasons.append(
                String(format: "its score is below the %.2f a distilled verdict needs", shortfall.required))
        }
        if let shortfall = verdict.shortfall(.support) {
            reasons.append(
                bootstrap <= 0
                    ? "no bootstrap replicates were run to measure how often it ranks first"
                    : "it ranks first in only \(Self.share(shortfall.value, of: bootstrap)) bootstrap replicates ("
                        + "\(Int((shortfall.required * Double(bootstrap)).rounded(.up))) needed)")
        }
        if let shortfall = verdict.shortfall(.nullModels) {
            let count = Int(shortfall.value)
            reasons.append(
                "its null holds only \(count) model\(count == 1 ? "" : "s") (\(Int(shortfall.required)) needed), "
                    + "too few to tell how unrelated models score, so its \(p) means little")
        } else if let shortfall = verdict.shortfall(.pValue) {
            reasons.append(
                "it is not clearly closer than unrelated models would be (\(p); p ≤ "
                    + String(format: "%.3g", shortfall.required) + " needed)")
        }
        return reasons.isEmpty ? ["the verdict rule was not met"] : reasons
    }

    /// A share of `total` replicates as a count: "159 of 200".
    static func share(_ fraction: Double, of total: Int) -> String {
        "\(Int((fraction * Double(total)).rounded())) of \(total)"
    }

    /// `value` with two decimals, or four when two would print it equal to `threshold`, which it missed.
    static func number(_ value: Double, beside threshold: Double?) -> String {
        let short = String(format: "%.2f", value)
        guard let threshold, short == String(format: "%.2f", threshold) else { return short }
        return String(format: "%.4f", value)
    }

    /// A p-value rounded for JSON: six decimals, or three significant digits below 1e-3, so that a small p never
    /// prints as 0 unless it underflowed; a p-value that is not a number is written as 1 (no evidence).
    static func roundedPValue(_ p: Double) -> Double {
        guard !p.isNaN else { return 1 }
        return p >= 1e-3 ? rounded(p, digits: 6) : Double(String(format: "%.3g", p)) ?? p
    }

    /// For a trigram, on how many prompts only the two answers hold it (``Evidence/pairSpecificPrompts``):
    /// "  (only these two on 12 prompts)"; empty for the other kinds.
    public static func specificity(_ pairSpecificPrompts: Int?) -> String {
        guard let prompts = pairSpecificPrompts else { return "" }
        return "  (only these two on \(prompts) prompt\(prompts == 1 ? "" : "s"))"
    }

    static func rounded(_ value: Double, digits: Int = 4) -> Double {
        guard value.isFinite else { return 0 }
        let factor = pow(10, Double(digits))
        return (value * factor).rounded() / factor
    }

    static func oneLine(_ text: String) -> String {
        let flat = text.map { $0.isNewline || $0 == "\t" ? " " : $0 }
        let cleaned = String(flat.filter { !($0.asciiValue.map { $0 < 32 } ?? false) })
        return cleaned.count > 160 ? String(cleaned.prefix(159)) + "…" : cleaned
    }
}
