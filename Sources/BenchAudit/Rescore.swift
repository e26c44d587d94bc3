import Foundation
import Statistics

/// How a logged answer relates to the answer the reference rules extract from the raw text.
public enum PredictionAgreement: String, Sendable, Hashable, CaseIterable {
    /// The logged answer is the re-extracted one.
    case agrees
    /// Logged null while only the fallback rules (2 or 3) find a letter: what a harness with rule 1 alone logs.
    case olderHarness = "older_harness"
    /// Logged a letter where no rule finds one: a harness that logs its random guess.
    case loggedGuess = "logged_guess"
    /// The logged answer contradicts the raw text: a different letter, or null where rule 1 finds one.
    case contradicts
}

/// One item's re-scoring.
public struct RescoredItem: Sendable, Hashable {
    /// The record.
    public var record: EvalRecord
    /// What the reference rules extract from its raw text.
    public var extraction: Extraction
    /// How the logged answer relates to it.
    public var agreement: PredictionAgreement

    /// Credit for the re-extracted answer against `gold`: 1 or 0, or 1/options when nothing is extracted.
    public func recomputedCredit(gold: Character) -> Double {
        guard let letter = extraction.letter else { return 1 / Double(record.options.count) }
        return letter == gold ? 1 : 0
    }

    /// Credit for the logged answer against the log's gold (1/options when it logged none).
    public var loggedCredit: Double {
        guard let letter = record.loggedPrediction else { return 1 / Double(record.options.count) }
        return letter == record.gold ? 1 : 0
    }
}

/// Accuracy of one category.
public struct CategoryAccuracy: Sendable, Hashable {
    /// The category ("" when the log has none).
    public var category: String
    /// Items in it.
    public var items: Int
    /// Recomputed accuracy.
    public var accuracy: Double
    /// Its Wilson 95 % interval.
    public var interval: ProportionInterval
}

/// A log re-scored from its raw outputs, with the checks that need nothing but the log.
public struct RescoreReport: Sendable {
    /// The model.
    public var model: String
    /// The log file.
    public var file: String
    /// Records in the file (duplicates included).
    public var records: Int
    /// Items scored: the first record of each question id, in file order.
    public var items: [RescoredItem]
    /// Accuracy overall.
    public var accuracy: AccuracySummary
    /// Accuracy per category, by category name.
    public var categories: [CategoryAccuracy]
    /// How many items each extraction rule answered.
    public var ruleCounts: [ExtractionRule: Int]
    /// How many items fall in each agreement class.
    public var agreementCounts: [PredictionAgreement: Int]
    /// The claimed accuracy and its two-sided exact binomial p-value against the recomputed count, if claimed.
    public var claim: (accuracy: Double, pValue: Double)?
    /// Evidence found.
    public var findings: [Finding]

    /// Re-scores `log`; `claimed` is a claimed accuracy (0…1); `alpha` the level at which a test is a finding.
    public init(log: EvalLog, claimed: Double? = nil, alpha: Double = 0.01) {
        model = log.model
        file = log.file
        records = log.records.count
        items = log.uniqueRecords.map(Self.rescore)
        let n = items.count
        let recomputed = items.reduce(0) { $0 + $1.recomputedCredit(gold: $1.record.gold) }
        let logged = items.reduce(0) { $0 + $1.loggedCredit }
        accuracy = AccuracySummary(
            logged: logged / Double(n), recomputed: recomputed / Double(n),
            interval: ProportionInterval.wilson(successes: recomputed, trials: n))
        var byCategory: [String: (items: Int, credit: Double)] = [:]
        var rules: [ExtractionRule: Int] = [:]
        var agreements: [PredictionAgreement: Int] = [:]
        for item in items {
            byCategory[item.record.category, default: (0, 0)].items += 1
            byCategory[item.record.category, default: (0, 0)].credit += item.recomputedCredit(gold: item.record.gold)
            rules[item.extraction.rule, default: 0] += 1
            agreements[item.agreement, default: 0] += 1
        }
        categories = byCategory.keys.sorted().map { name in
            let (count, credit) = byCategory[name]!
            return CategoryAccuracy(
                category: name, items: count, accuracy: credit / Double(count),
                interval: ProportionInterval.wilson(successes: credit, trials: count))
        }
        ruleCounts = rules
        agreementCounts = agreements
        findings = []
        let duplicates = log.duplicates
        if !duplicates.isEmpty {
            findings.append(
                Finding(
                    kind: .duplicates, questionIDs: Self.sortedIDs(duplicates.map(\.questionID)), pValue: nil,
                    summary: "\(AuditWording.counted(duplicates.count, "question id")) "
                        + "\(duplicates.count == 1 ? "occurs" : "occur") more than once ("
                        + AuditWording.counted(duplicates.reduce(0) { $0 + $1.records.count - 1 }, "extra record")
                        + "); scored once each"))
        }
        findings += Self.postProcessingFindings(items, alpha: alpha)
        if let claimed {
            let count = Int(recomputed.rounded())
            let p = BinomialTest.twoSided(count, n, claimed)
            claim = (claimed, p)
            if p < alpha {
                findings.append(
                    Finding(
                        kind: .claimInconsistent, questionIDs: [], pValue: p,
                        summary:
                            "claimed \(Self.percent(claimed)) but the raw outputs score \(Self.percent(recomputed / Double(n))) "
                            + "on \(AuditWording.counted(n, "item")) (95 % interval \(Self.percent(accuracy.interval.lower))–"
                            + "\(Self.percent(accuracy.interval.upper))); a claim this far off has \(PValueFormat.text(p))"
                    ))
            }
        }
    }

    /// One item's extraction and agreement class.
    public static func rescore(_ record: EvalRecord) -> RescoredItem {
        let extraction = AnswerExtractor.extract(record.generatedText)
        let agreement: PredictionAgreement
        switch (record.loggedPrediction, extraction.letter) {
        case (let logged, let extracted) where logged == extracted: agreement = .agrees
        case (nil, _) where extraction.rule != .answerIs: agreement = .olderHarness
        case (.some, nil): agreement = .loggedGuess
        default: agreement = .contradicts
        }
        return RescoredItem(record: record, extraction: extraction, agreement: agreement)
    }

    /// Post-processing evidence: logged answers contradicting the raw text, and logged "guesses" that hit the
    /// gold more often than a random guess would.
    static func postProcessingFindings(_ items: [RescoredItem], alpha: Double) -> [Finding] {
        var findings: [Finding] = []
        let contradicting = items.filter { $0.agreement == .contradicts }
        if !contradicting.isEmpty {
            // Sign test: does the logged answer turn wrong into right more often than right into wrong?
            let toGold = contradicting.filter { $0.record.loggedPrediction == $0.record.gold }.count
            let fromGold = contradicting.filter { $0.extraction.letter == $0.record.gold }.count
            let p = BinomialTest.upperTail(toGold, toGold + fromGold, 0.5)
            findings.append(
                Finding(
                    kind: .postProcessing, questionIDs: sortedIDs(contradicting.map(\.record.questionID)), pValue: p,
                    summary: "\(AuditWording.counted(contradicting.count, "logged answer")) "
                        + "\(contradicting.count == 1 ? "contradicts" : "contradict") the raw outputs; \(toGold) of "
                        + "them \(toGold == 1 ? "turns" : "turn") a wrong raw answer into the gold and \(fromGold) the "
                        + "reverse (sign test \(PValueFormat.text(p)))"
                ))
        }
        let guesses = items.filter { $0.agreement == .loggedGuess }
        if !guesses.isEmpty {
            let hits = guesses.filter { $0.record.loggedPrediction == $0.record.gold }
            let chance = guesses.reduce(0) { $0 + 1 / Double($1.record.options.count) } / Double(guesses.count)
            // Binomial with the mean chance is conservative for the Poisson-binomial upper tail.
            let p = BinomialTest.upperTail(hits.count, guesses.count, chance)
            if p < alpha {
                findings.append(
                    Finding(
                        kind: .postProcessing, questionIDs: sortedIDs(hits.map(\.record.questionID)), pValue: p,
                        summary: "\(AuditWording.counted(guesses.count, "logged answer")) "
                            + "\(guesses.count == 1 ? "has" : "have") no answer in the raw output, yet \(hits.count) "
                            + "\(hits.count == 1 ? "equals" : "equal") the gold where random guesses would hit about "
                            + "\(Int((chance * Double(guesses.count)).rounded())) (\(PValueFormat.text(p)))"))
            }
        }
        return findings
    }

    /// Question ids in manifest order (numeric when all are integers).
    static func sortedIDs(_ ids: [String]) -> [String] {
        let numbers = ids.compactMap { Int($0) }
        guard numbers.count == ids.count else { return ids.sorted() }
        return zip(numbers, ids).sorted { $0.0 < $1.0 }.map(\.1)
    }

    static func percent(_ share: Double) -> String {
        let tenths = (share * 1000).rounded() / 10
        return "\(tenths) %"
    }
}
