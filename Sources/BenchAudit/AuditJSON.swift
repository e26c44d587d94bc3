import Corpus
import Phylogeny
import Statistics

/// The documented JSON forms of audit reports (schemas in the README), written deterministically.
public enum AuditJSON {
    /// A rescore report: `{command, model, file, records, items, accuracy, categories, extraction,
    /// prediction_agreement, disagreements, claim, findings}`.
    public static func rescore(_ report: RescoreReport) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("command", "rescore")
        writeRescoreBody(report, to: &writer)
        writeFindings(report.findings, to: &writer)
        writer.endObject()
        return writer.text + "\n"
    }

    /// A verification report: the rescore members plus `{expected_items, missing, added, changed_labels,
    /// difficulty_test, excluded_references}`, and the combined findings.
    public static func verify(_ report: VerificationReport) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("command", "verify")
        writeRescoreBody(report.rescore, to: &writer)
        writer.member("expected_items", report.expectedItems)
        writer.member("missing", array: report.missing)
        writer.member("added", array: report.added)
        writer.key("changed_labels")
        writer.beginArray()
        for change in report.changedLabels {
            writer.beginObject(singleLine: true)
            writer.member("question_id", change.questionID)
            writer.member("logged_gold", String(change.logged))
            writer.member("trusted_gold", change.trusted.map(String.init))
            writer.member("model_answer", change.model.map(String.init))
            writer.endObject()
        }
        writer.endArray()
        writer.key("difficulty_test")
        if let test = report.difficultyTest {
            writer.beginObject()
            writer.member("method", "one-sided Mann-Whitney U, normal approximation with tie and continuity correction")
            writer.member("reference_models", array: test.referenceModels)
            writer.member("missing_items", test.missingTested)
            writer.member("present_items", test.presentTested)
            writer.member("missing_error_rate", test.missingErrorRate)
            writer.member("present_error_rate", test.presentErrorRate)
            writer.member("z", test.z)
            writer.member("p_value", test.pValue)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.key("excluded_references")
        writer.beginArray()
        for excluded in report.excludedReferences {
            writer.beginObject(singleLine: true)
            writer.member("file", excluded.file)
            writer.member("reason", excluded.reason)
            writer.endObject()
        }
        writer.endArray()
        writeFindings(report.findings, to: &writer)
        writer.endObject()
        return writer.text + "\n"
    }

    /// A consistency report: `{command, models, items, replicates, accuracies, pairs, tree: {method, newick}}`.
    public static func consistency(_ report: ConsistencyReport) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("command", "consistency")
        writer.member("models", array: report.models)
        writer.member("items", report.items)
        writer.member("replicates", report.replicates)
        writer.key("accuracies")
        writer.beginObject()
        for (model, accuracy) in zip(report.models, report.accuracies) { writer.member(model, accuracy) }
        writer.endObject()
        writer.key("pairs")
        writer.beginArray()
        for pair in report.pairs {
            writer.beginObject()
            writer.member("first", pair.first)
            writer.member("second", pair.second)
            writer.member("items", pair.items)
            writer.member("both_wrong", pair.bothWrong)
            writeEstimate("same_wrong_share", pair.sameWrongShare, to: &writer)
            writeEstimate("kappa", pair.kappa, to: &writer)
            writeEstimate("capa", pair.capa, to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.key("tree")
        writer.beginObject()
        writer.member("method", report.treeMethod.rawValue)
        writer.member("distance", "1 - capa")
        writer.member("newick", Newick.string(report.tree))
        writer.endObject()
        writer.endObject()
        return writer.text + "\n"
    }

    /// The pairs as CSV: one row per pair with each statistic and its interval.
    public static func pairsCSV(_ report: ConsistencyReport) -> String {
        var lines = [
            "first,second,items,both_wrong,same_wrong_share,same_wrong_lower,same_wrong_upper,kappa,kappa_lower,"
                + "kappa_upper,capa,capa_lower,capa_upper"
        ]
        for pair in report.pairs {
            var fields = [csv(pair.first), csv(pair.second), String(pair.items), String(pair.bothWrong)]
            for estimate in [pair.sameWrongShare, pair.kappa, pair.capa] {
                fields += [
                    number(estimate.value), estimate.interval.map { number($0.lower) } ?? "",
                    estimate.interval.map { number($0.upper) } ?? "",
                ]
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A square CSV matrix of one statistic (1 on the diagonal).
    public static func matrixCSV(_ report: ConsistencyReport, _ statistic: KeyPath<PairConsistency, Estimate>) -> String
    {
        let count = report.models.count
        var values = [[Double]](repeating: [Double](repeating: 1, count: count), count: count)
        var pair = 0
        for a in 0..<count {
            for b in (a + 1)..<count {
                values[a][b] = report.pairs[pair][keyPath: statistic].value
                values[b][a] = values[a][b]
                pair += 1
            }
        }
        var lines = ["model," + report.models.map(csv).joined(separator: ",")]
        for (model, row) in zip(report.models, values) {
            lines.append(([csv(model)] + row.map(number)).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csv(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? String((value * 1_000_000).rounded() / 1_000_000) : ""
    }

    private static func writeEstimate(_ name: String, _ estimate: Estimate, to writer: inout JSONWriter) {
        writer.key(name)
        writer.beginObject(singleLine: true)
        writer.member("value", estimate.value.isFinite ? estimate.value : nil)
        writer.key("interval")
        if let interval = estimate.interval {
            writer.beginArray(singleLine: true)
            writer.value(interval.lower)
            writer.value(interval.upper)
            writer.endArray()
        } else {
            writer.null()
        }
        writer.endObject()
    }

    private static func writeInterval(_ interval: ProportionInterval, to writer: inout JSONWriter) {
        writer.beginArray(singleLine: true)
        writer.value(interval.lower)
        writer.value(interval.upper)
        writer.endArray()
    }

    private static func writeRescoreBody(_ report: RescoreReport, to writer: inout JSONWriter) {
        writer.member("model", report.model)
        writer.member("file", report.file)
        writer.member("records", report.records)
        writer.member("items", report.items.count)
        writer.key("accuracy")
        writer.beginObject()
        writer.member("logged", report.accuracy.logged)
        writer.member("recomputed", report.accuracy.recomputed)
        writer.key("interval")
        writeInterval(report.accuracy.interval, to: &writer)
        if let trusted = report.accuracy.recomputedTrustedGold { writer.member("recomputed_trusted_gold", trusted) }
        writer.endObject()
        writer.key("categories")
        writer.beginArray()
        for category in report.categories {
            writer.beginObject(singleLine: true)
            writer.member("category", category.category)
            writer.member("items", category.items)
            writer.member("accuracy", category.accuracy)
            writer.key("interval")
            writeInterval(category.interval, to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.key("extraction")
        writer.beginObject(singleLine: true)
        for rule in ExtractionRule.allCases { writer.member(rule.rawValue, report.ruleCounts[rule] ?? 0) }
        writer.endObject()
        writer.key("prediction_agreement")
        writer.beginObject(singleLine: true)
        for agreement in PredictionAgreement.allCases {
            writer.member(agreement.rawValue, report.agreementCounts[agreement] ?? 0)
        }
        writer.endObject()
        writer.key("disagreements")
        writer.beginArray()
        for item in report.items where item.agreement != .agrees {
            writer.beginObject(singleLine: true)
            writer.member("question_id", item.record.questionID)
            writer.member("logged", item.record.loggedPrediction.map(String.init))
            writer.member("extracted", item.extraction.letter.map(String.init))
            writer.member("rule", item.extraction.rule.rawValue)
            writer.member("class", item.agreement.rawValue)
            writer.member("gold", String(item.record.gold))
            writer.endObject()
        }
        writer.endArray()
        writer.key("claim")
        if let claim = report.claim {
            writer.beginObject(singleLine: true)
            writer.member("accuracy", claim.accuracy)
            writer.member("p_value", claim.pValue)
            writer.member("test", "two-sided exact binomial")
            writer.endObject()
        } else {
            writer.null()
        }
    }

    private static func writeFindings(_ findings: [Finding], to writer: inout JSONWriter) {
        writer.key("findings")
        writer.beginArray()
        for finding in findings {
            writer.beginObject()
            writer.member("kind", finding.kind.rawValue)
            writer.member("question_ids", array: finding.questionIDs)
            writer.member("p_value", finding.pValue)
            writer.member("summary", finding.summary)
            writer.endObject()
        }
        writer.endArray()
    }
}
