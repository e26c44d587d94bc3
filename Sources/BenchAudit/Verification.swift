import Corpus
import Statistics

/// A log checked against a pinned manifest and/or other models' logs on the same benchmark.
public struct VerificationReport: Sendable {
    /// The log re-scored on its own (accuracy, post-processing, duplicates).
    public var rescore: RescoreReport
    /// Items the trusted source expects (manifest items, or ids held by most reference logs).
    public var expectedItems: Int
    /// Expected items absent from the log, in id order.
    public var missing: [String]
    /// Log items the trusted source does not know, or whose question or options differ from it.
    public var added: [String]
    /// Items whose gold differs from the trusted gold, with both letters and the model's re-extracted answer.
    public var changedLabels: [(questionID: String, logged: Character, trusted: Character?, model: Character?)]
    /// The difficulty test of the missing items, when reference logs give difficulties.
    public var difficultyTest: DifficultyTest?
    /// All findings: the rescore's and those of the checks here.
    public var findings: [Finding]

    /// The one-sided Mann–Whitney test of whether missing items are harder (for the reference models).
    public struct DifficultyTest: Sendable, Hashable {
        /// Reference models used.
        public var referenceModels: [String]
        /// Mean reference error rate on the missing items.
        public var missingErrorRate: Double
        /// Mean reference error rate on the items present.
        public var presentErrorRate: Double
        /// Missing items with a reference difficulty.
        public var missingTested: Int
        /// Present items with a reference difficulty.
        public var presentTested: Int
        /// The normal-approximation z of the U statistic.
        public var z: Double
        /// One-sided p-value (missing items harder).
        public var pValue: Double
    }

    /// Reference logs left out of the panel because they repeat the log checked or an earlier reference.
    public var excludedReferences: [ExcludedReference] = []

    /// A reference log that was given but not used.
    public struct ExcludedReference: Sendable, Hashable {
        /// The reference's file.
        public var file: String
        /// Why it was left out: "the log checked itself", "the same records as the log checked", or the same
        /// of an earlier reference.
        public var reason: String
    }

    /// Checks `log` against `manifest` and/or `references` (logs of other models on the same benchmark).
    ///
    /// The trusted gold is the manifest's, else the majority gold of the references. A reference that is the
    /// log itself (the same file, or a copy holding the same records) or repeats an earlier reference is left
    /// out (see ``excludedReferences``), so that no log votes for its own gold or twice; when only the log
    /// itself is left and there is no manifest, the request is refused. `alpha` is the level at which the
    /// difficulty test (and the rescore's tests) become findings.
    public init(
        log: EvalLog, manifest: BenchmarkManifest?, references: [EvalLog], claimed: Double? = nil,
        alpha: Double = 0.01
    ) throws(BenchAuditError) {
        var kept: [EvalLog] = []
        var excluded: [ExcludedReference] = []
        for reference in references {
            if let reason = Self.repetition(of: reference, checked: log, earlier: kept) {
                excluded.append(ExcludedReference(file: reference.file, reason: reason))
            } else {
                kept.append(reference)
            }
        }
        if manifest == nil, kept.isEmpty, !references.isEmpty {
            throw BenchAuditError(
                .invalidRequest, file: log.file,
                "every reference log given is this log itself (\(excluded.map(\.file).joined(separator: ", "))); give "
                    + "other models' logs of the same benchmark, or a manifest")
        }
        try self.init(
            log: log, manifest: manifest, panel: kept.isEmpty ? nil : ReferencePanel(logs: kept),
            claimed: claimed, alpha: alpha)
        excludedReferences = excluded
    }

    /// Why `reference` repeats the log checked or one of the `earlier` references (the same file, or the same
    /// records), or nil when it does not.
    static func repetition(of reference: EvalLog, checked: EvalLog, earlier: [EvalLog]) -> String? {
        let path = LogReader.canonicalPath(reference.file)
        if LogReader.canonicalPath(checked.file) == path { return "the log checked itself" }
        if checked.records == reference.records { return "the same records as the log checked" }
        for other in earlier {
            if LogReader.canonicalPath(other.file) == path { return "a repeat of \(other.file)" }
            if other.records == reference.records { return "the same records as \(other.file)" }
        }
        return nil
    }

    /// Checks `log` against `manifest` and/or a panel of reference logs prepared once (see ``ReferencePanel``).
    public init(
        log: EvalLog, manifest: BenchmarkManifest?, panel: ReferencePanel?, claimed: Double? = nil,
        alpha: Double = 0.01
    ) throws(BenchAuditError) {
        let references = panel?.models ?? []
        guard manifest != nil || panel != nil else {
            throw BenchAuditError(.invalidRequest, file: log.file, "give a manifest or at least one reference log")
        }
        rescore = RescoreReport(log: log, claimed: claimed, alpha: alpha)
        let items = rescore.items
        let byID = Dictionary(items.map { ($0.record.questionID, $0) }, uniquingKeysWith: { first, _ in first })
        // The trusted gold per id, and the ids expected.
        var trustedGold: [String: Character] = [:]
        var expected: [String] = []
        var added: [String] = []
        if let manifest {
            let pinned = Dictionary(manifest.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            expected = manifest.items.map(\.id)
            for item in items {
                let record = item.record
                guard let entry = pinned[record.questionID],
                    Hex.string(BenchmarkManifest.contentHash(record)) == entry.content
                else {
                    added.append(record.questionID)
                    continue
                }
                if Hex.string(BenchmarkManifest.leafHash(record, gold: record.gold)) == entry.leaf {
                    trustedGold[record.questionID] = record.gold
                } else {
                    // Recover the pinned letter by trying each possible one.
                    trustedGold[record.questionID] =
                        (0..<record.options.count).map(OptionLetters.letter).first {
                            Hex.string(BenchmarkManifest.leafHash(record, gold: $0)) == entry.leaf
                        } ?? "?"
                }
            }
        } else if let panel {
            expected = panel.expected
            trustedGold = panel.majorityGold
            added = items.map(\.record.questionID).filter { panel.holders[$0] == nil }
        }
        expectedItems = expected.count
        let missing = expected.filter { byID[$0] == nil }
        self.missing = missing
        self.added = RescoreReport.sortedIDs(added)
        let addedSet = Set(added)
        changedLabels = items.compactMap { item in
            let id = item.record.questionID
            guard !addedSet.contains(id), let gold = trustedGold[id], gold != item.record.gold else { return nil }
            return (id, item.record.gold, gold == "?" ? nil : gold, item.extraction.letter)
        }
        let rank = Dictionary(
            uniqueKeysWithValues: RescoreReport.sortedIDs(changedLabels.map(\.questionID)).enumerated().map { ($1, $0) }
        )
        changedLabels.sort { rank[$0.questionID]! < rank[$1.questionID]! }
        var findings = rescore.findings
        if !changedLabels.isEmpty {
            // Do the changed golds land on the model's own answer more often than a random relabelling would?
            let toModel = changedLabels.filter { $0.logged == $0.model }.count
            let chance =
                changedLabels.reduce(0.0) { total, change in
                    total + 1 / Double(max(1, byID[change.questionID]!.record.options.count - 1))
                } / Double(changedLabels.count)
            let p = BinomialTest.upperTail(toModel, changedLabels.count, chance)
            // Against a manifest every changed gold is a finding; against reference logs, which may come from
            // another revision of the benchmark, only changes that favour the model are.
            if manifest != nil || p < alpha {
                findings.append(
                    Finding(
                        kind: .labelTampering, questionIDs: changedLabels.map(\.questionID), pValue: p,
                        summary:
                            "\(AuditWording.counted(changedLabels.count, "gold answer")) "
                            + "\(changedLabels.count == 1 ? "differs" : "differ") from the "
                            + "\(manifest != nil ? "manifest" : "reference majority"); \(toModel) of them now "
                            + "\(toModel == 1 ? "equals" : "equal") the model's own answer (random relabelling: "
                            + "\(PValueFormat.text(p)))"
                    ))
            }
        }
        if !added.isEmpty {
            findings.append(
                Finding(
                    kind: .addedItems, questionIDs: self.added, pValue: nil,
                    summary:
                        "\(AuditWording.counted(added.count, "item")) \(added.count == 1 ? "is" : "are") unknown to the "
                        + "\(manifest != nil ? "manifest" : "reference logs") "
                        + "or differ from it in question or options"))
        }
        // Difficulty of each expected item: the reference models' error rate against the trusted gold.
        difficultyTest = nil
        if !missing.isEmpty, let panel {
            let missingSet = Set(missing)
            let missingValues = missing.compactMap { panel.difficulty[$0] }
            let presentValues = expected.filter { !missingSet.contains($0) }.compactMap { panel.difficulty[$0] }
            if let test = MannWhitneyTest.greater(missingValues, presentValues) {
                let mean = { (values: [Double]) in values.reduce(0, +) / Double(max(1, values.count)) }
                difficultyTest = DifficultyTest(
                    referenceModels: references, missingErrorRate: mean(missingValues),
                    presentErrorRate: mean(presentValues), missingTested: missingValues.count,
                    presentTested: presentValues.count, z: test.z, pValue: test.p)
            }
        }
        if !missing.isEmpty {
            let share = RescoreReport.percent(Double(missing.count) / Double(max(1, expected.count)))
            if let test = difficultyTest {
                if test.pValue < alpha {
                    findings.append(
                        Finding(
                            kind: .selectiveSampling, questionIDs: missing, pValue: test.pValue,
                            summary: "\(AuditWording.counted(missing.count, "item")) (\(share)) "
                                + (missing.count == 1
                                    ? "is missing and it is a hard one: the reference models get it wrong "
                                        + "\(RescoreReport.percent(test.missingErrorRate)) of the time against "
                                    : "are missing and they are the hard ones: the reference models get "
                                        + "\(RescoreReport.percent(test.missingErrorRate)) of them wrong against ")
                                + "\(RescoreReport.percent(test.presentErrorRate)) of the rest (one-sided Mann–Whitney "
                                + "\(PValueFormat.text(test.pValue)))"))
                }
            } else if panel == nil {
                findings.append(
                    Finding(
                        kind: .selectiveSampling, questionIDs: missing, pValue: nil,
                        summary:
                            "\(missing.count) of the manifest's \(AuditWording.counted(expected.count, "item")) "
                            + "(\(share)) \(missing.count == 1 ? "is" : "are") missing; give "
                            + "--reference logs to test whether they are the hard ones"))
            }
        }
        // Accuracy against the trusted gold, when one exists for the items scored.
        let trusted = items.filter { !addedSet.contains($0.record.questionID) }
        if !trusted.isEmpty {
            let credit = trusted.reduce(0.0) { total, item in
                let gold = trustedGold[item.record.questionID].flatMap { $0 == "?" ? nil : $0 } ?? item.record.gold
                return total + item.recomputedCredit(gold: gold)
            }
            rescore.accuracy.recomputedTrustedGold = credit / Double(trusted.count)
        }
        self.findings = findings
    }
}

/// Other models' logs on the same benchmark, digested once: which ids most of them hold, the majority gold
/// per id, and each id's difficulty (the share of reference models whose re-extracted answer is wrong).
public struct ReferencePanel: Sendable {
    /// The reference models.
    public var models: [String]
    /// How many reference logs hold each id.
    public var holders: [String: Int]
    /// Ids held by more than half of the reference logs, in id order.
    public var expected: [String]
    /// The gold letter most reference logs give, per id (absent when no letter has a strict majority).
    public var majorityGold: [String: Character]
    /// The reference models' error rate per id, against the majority gold.
    public var difficulty: [String: Double]

    /// Digests `logs` (re-extracting every answer, one log per core).
    public init(logs: [EvalLog]) {
        models = logs.map(\.model)
        let tables = logs.map { log in
            Dictionary(log.uniqueRecords.map { ($0.questionID, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let answers = ConcurrentMap.run(tables) { table in
            table.mapValues { AnswerExtractor.extract($0.generatedText).letter }
        }
        var holders: [String: Int] = [:]
        var votes: [String: [Character: Int]] = [:]
        for table in tables {
            for (id, record) in table {
                holders[id, default: 0] += 1
                votes[id, default: [:]][record.gold, default: 0] += 1
            }
        }
        var gold: [String: Character] = [:]
        for (id, counts) in votes {
            let best = counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }!
            if best.value * 2 > counts.values.reduce(0, +) { gold[id] = best.key }
        }
        var difficulty: [String: Double] = [:]
        for (id, count) in holders {
            guard let letter = gold[id] else { continue }
            var wrong = 0
            for (table, answer) in zip(tables, answers) where table[id] != nil {
                if answer[id]! != letter { wrong += 1 }
            }
            difficulty[id] = Double(wrong) / Double(count)
        }
        self.holders = holders
        majorityGold = gold
        self.difficulty = difficulty
        expected = RescoreReport.sortedIDs(holders.keys.filter { holders[$0]! * 2 > logs.count })
    }

    /// A panel from parts already digested (e.g. restricted to some ids); `expected` follows `holders`.
    public init(
        models: [String], holders: [String: Int], majorityGold: [String: Character], difficulty: [String: Double]
    ) {
        self.models = models
        self.holders = holders
        self.majorityGold = majorityGold
        self.difficulty = difficulty
        expected = RescoreReport.sortedIDs(holders.keys.filter { holders[$0]! * 2 > models.count })
    }
}
