import ArgumentParser
import BenchAudit
import Corpus
import Foundation
import Phylogeny
import Statistics

/// `lineage audit`: benchmark scores checked against the raw per-question logs.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check benchmark scores against raw per-question logs.",
        discussion: """
            Exit status: 0 when the log looks clean, 3 when there are findings, 1 on errors.
            """,
        subcommands: [
            AuditRescoreCommand.self, AuditManifestCommand.self, AuditVerifyCommand.self,
            AuditConsistencyCommand.self,
        ]
    )
}

/// Output form of the audit commands.
enum AuditFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Options shared by `rescore` and `verify`.
struct AuditCheckOptions: ParsableArguments {
    @Option(help: "A claimed accuracy to test against the log (0.781 or 78.1).")
    var claimed: Double?

    @Option(help: "Level at which a statistical test counts as a finding.")
    var alpha = 0.01

    @Option(help: "Output: text (a verdict paragraph) or json (see the README for the schema).")
    var format: AuditFormat = .text

    func validate() throws {
        // Positive range checks, so that NaN (for which every comparison is false) fails them too.
        if let claimed, !(claimed >= 0 && claimed <= 100) {
            throw ValidationError("--claimed must be a share 0…1 or a percentage 0…100; got \(claimed)")
        }
        guard alpha > 0, alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1; got \(alpha)") }
    }

    /// The claim as a share 0…1.
    var claimedShare: Double? { claimed.map { $0 > 1 ? $0 / 100 : $0 } }
}

/// Text output shared by the audit commands.
enum AuditText {
    static func percent(_ share: Double) -> String { String(format: "%.1f %%", share * 100) }

    static func accuracyLine(_ report: RescoreReport) -> String {
        let a = report.accuracy
        return
            "\(report.model): \(report.items.count) items; logged accuracy \(percent(a.logged)), recomputed from the "
            + "raw outputs \(percent(a.recomputed)) (95 % interval \(percent(a.interval.lower))–\(percent(a.interval.upper)))."
    }

    static func findingsParagraph(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "The log looks clean: no findings." }
        return "Findings: " + findings.map { "[\($0.kind.rawValue)] \($0.summary)." }.joined(separator: " ")
    }

    /// Exits with 3 when there are findings.
    static func exit(findings: [Finding]) throws {
        if !findings.isEmpty { throw ExitCode(3) }
    }
}

struct AuditRescoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescore",
        abstract: "Recompute a log's accuracy from the raw outputs and look for post-processed answers.",
        discussion: """
            LOG is an MMLU-Pro log (JSON array, .json.gz, or model_outputs_<MODEL>_5shots.zip) or an \
            lm-evaluation-harness samples_*.jsonl file. Each answer is re-extracted from generated_text with the \
            reference harness's rules; accuracy is recomputed overall and per category with Wilson 95 % intervals; \
            logged answers that contradict the raw text are listed; --claimed tests a claimed score.
            """
    )

    @Argument(help: "The evaluation log.")
    var log: String

    @OptionGroup var options: AuditCheckOptions

    func run() throws {
        var findings: [Finding] = []
        try Terminal.run {
            let report = RescoreReport(
                log: try LogReader.read(path: log, allowDuplicates: true), claimed: options.claimedShare,
                alpha: options.alpha)
            findings = report.findings
            if options.format == .json {
                print(AuditJSON.rescore(report), terminator: "")
            } else {
                var text = AuditText.accuracyLine(report)
                let older = report.agreementCounts[.olderHarness] ?? 0
                let guesses = report.agreementCounts[.loggedGuess] ?? 0
                if older > 0 {
                    text +=
                        " \(AuditWording.counted(older, "null logged answer")) \(older == 1 ? "has" : "have") a "
                        + "letter only by the fallback rules (a harness with the first rule alone)."
                }
                if guesses > 0 {
                    text +=
                        " \(AuditWording.counted(guesses, "logged answer")) \(guesses == 1 ? "is" : "are") the "
                        + "harness's random \(guesses == 1 ? "guess" : "guesses")."
                }
                if let claim = report.claim, !findings.contains(where: { $0.kind == .claimInconsistent }) {
                    text +=
                        " The claimed \(AuditText.percent(claim.accuracy)) is consistent with the log "
                        + "(\(PValueFormat.text(claim.pValue)))."
                }
                print(text + " " + AuditText.findingsParagraph(findings))
            }
        }
        try AuditText.exit(findings: findings)
    }
}

struct AuditManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest",
        abstract: "Pin a benchmark's questions, options and gold answers: per-item hashes and a Merkle root.",
        discussion: """
            BENCHMARK is any log of the benchmark (its questions, options and gold answers are what is pinned; \
            the model's answers are ignored). Writes the manifest JSON and prints the Merkle root.
            """
    )

    @Argument(help: "A log (or dataset in the same format) holding the benchmark's items.")
    var benchmark: String

    @Option(help: "The manifest file to write.")
    var out: String

    @Option(help: "A name for the benchmark; default: the file name.")
    var name: String?

    func run() throws {
        try Terminal.run {
            let log = try LogReader.read(path: benchmark)
            let manifest = BenchmarkManifest(
                benchmark: name ?? URL(fileURLWithPath: benchmark).lastPathComponent, records: log.records)
            try AtomicFile.write(manifest.json(), to: out)
            print(manifest.root)
            Terminal.note("lineage: \(AuditWording.counted(manifest.items.count, "item")) pinned; wrote \(out)")
        }
    }
}

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Check a log against a manifest or other models' logs: tampered labels, missing, added, duplicated items.",
        discussion: """
            With --manifest, gold answers are checked against the pinned ones and missing or added items listed. \
            With --reference logs (other models on the same benchmark), the majority gold is the trusted one, and \
            missing items are tested for being the hard ones (the reference models' error rate, one-sided \
            Mann–Whitney), so that a random subset is not called selective. Both may be given.
            """
    )

    @Argument(help: "The evaluation log to check.")
    var log: String

    @Option(help: "A manifest written by `lineage audit manifest`.")
    var manifest: String?

    @Option(parsing: .upToNextOption, help: "Logs of other models on the same benchmark.")
    var reference: [String] = []

    @OptionGroup var options: AuditCheckOptions

    func validate() throws {
        if manifest == nil && reference.isEmpty { throw ValidationError("give --manifest FILE or --reference LOG...") }
    }

    func run() throws {
        var findings: [Finding] = []
        try Terminal.run {
            let pinned = try manifest.map { path throws(BenchAuditError) in try BenchmarkManifest.load(path: path) }
            let references = try LogReader.read(paths: reference, allowDuplicates: true)
            let report = try VerificationReport(
                log: try LogReader.read(path: log, allowDuplicates: true), manifest: pinned, references: references,
                claimed: options.claimedShare, alpha: options.alpha)
            findings = report.findings
            if options.format == .json {
                print(AuditJSON.verify(report), terminator: "")
            } else {
                var text = AuditText.accuracyLine(report.rescore)
                for excluded in report.excludedReferences {
                    text += " Reference \(excluded.file) is left out: it is \(excluded.reason)."
                }
                let used = references.count - report.excludedReferences.count
                text +=
                    " Against the \(pinned != nil ? "manifest" : AuditWording.counted(used, "reference log")): "
                    + "\(AuditWording.counted(report.expectedItems, "item")) expected, \(report.missing.count) missing, \(report.added.count) "
                    + "added, \(AuditWording.counted(report.changedLabels.count, "gold answer")) changed."
                if let test = report.difficultyTest {
                    text +=
                        " The missing items' reference error rate is \(AuditText.percent(test.missingErrorRate)) "
                        + "against \(AuditText.percent(test.presentErrorRate)) for the rest (one-sided Mann–Whitney "
                        + "\(PValueFormat.text(test.pValue)))."
                }
                print(text + " " + AuditText.findingsParagraph(findings))
            }
        }
        try AuditText.exit(findings: findings)
    }
}

extension ConsistencyReport.TreeMethod: ExpressibleByArgument {}

struct AuditConsistencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consistency",
        abstract: "Shared wrong answers between models: error consistency, Cohen's kappa, CAPA, and a tree.",
        discussion: """
            For each pair of logs, on the questions all logs hold: the share of jointly wrong items with the same \
            wrong letter, Cohen's kappa on correctness, and a CAPA-style chance-adjusted agreement on the chosen \
            option, each with a bootstrap 95 % interval (questions drawn with replacement). --out writes \
            pairs.csv, capa.csv, kappa.csv, same_wrong.csv, consistency.json and tree.nwk (UPGMA or \
            neighbour-joining on 1 − CAPA).
            """
    )

    @Argument(help: "Two or more evaluation logs of the same benchmark.")
    var logs: [String]

    @Option(help: "Bootstrap replicates (0…\(Self.maximumReplicates)).")
    var bootstrap = 1000

    /// The most bootstrap replicates. Each replicate is kept (three statistics per pair) until the percentiles
    /// are taken, so memory grows with replicates × pairs; and at this many the percentiles' Monte Carlo error is
    /// already negligible (the 2.5 % point's level is off by √(0.025 · 0.975 / 100,000) ≈ 0.0005).
    static let maximumReplicates = 100_000

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 1

    @Option(help: "Tree method: upgma or nj.")
    var method: ConsistencyReport.TreeMethod = .upgma

    @Option(help: "Directory for the matrix files and the tree.")
    var out: String?

    @Option(help: "Output: text or json.")
    var format: AuditFormat = .text

    func validate() throws {
        if logs.count < 2 { throw ValidationError("give at least two logs") }
        guard (0...Self.maximumReplicates).contains(bootstrap) else {
            throw ValidationError("--bootstrap must be 0…\(Self.maximumReplicates); got \(bootstrap)")
        }
    }

    func run() throws {
        try Terminal.run {
            let report = try ConsistencyReport(
                logs: try LogReader.read(paths: logs), replicates: bootstrap, seed: seed, method: method)
            let json = AuditJSON.consistency(report)
            if let out {
                let files = [
                    ("pairs.csv", AuditJSON.pairsCSV(report)), ("capa.csv", AuditJSON.matrixCSV(report, \.capa)),
                    ("kappa.csv", AuditJSON.matrixCSV(report, \.kappa)),
                    ("same_wrong.csv", AuditJSON.matrixCSV(report, \.sameWrongShare)),
                    ("consistency.json", json), ("tree.nwk", Newick.string(report.tree) + "\n"),
                ]
                for (name, contents) in files {
                    try AtomicFile.write(contents, to: (out as NSString).appendingPathComponent(name))
                }
            }
            if format == .json {
                print(json, terminator: "")
            } else {
                print(Self.verdict(report))
                print(TextTree.render(report.tree))
            }
        }
    }

    /// Pairs ranked by CAPA, and each model's closest partner, in plain words.
    static func verdict(_ report: ConsistencyReport) -> String {
        let ranked = report.pairs.sorted { $0.capa.value > $1.capa.value }
        var lines = [
            "\(report.models.count) models on \(AuditWording.counted(report.items, "shared item")); pairs by chance-adjusted agreement (CAPA), "
                + "with Cohen's kappa on correctness and the share of joint errors with the same wrong letter:"
        ]
        func show(_ estimate: Estimate) -> String {
            guard estimate.value.isFinite else { return "n/a" }
            let interval = estimate.interval.map { String(format: " [%.3f, %.3f]", $0.lower, $0.upper) } ?? ""
            return String(format: "%.3f", estimate.value) + interval
        }
        for pair in ranked {
            lines.append(
                "  \(pair.first) – \(pair.second): CAPA \(show(pair.capa)), kappa \(show(pair.kappa)), same wrong "
                    + "\(show(pair.sameWrongShare)) of \(pair.bothWrong)")
        }
        let median = ranked[ranked.count / 2].capa.value
        let top = ranked.prefix(max(1, report.models.count / 2))
        lines.append(
            "Pairs whose mistakes coincide most (a sign of shared origin when they stand well above the median CAPA "
                + String(format: "%.3f", median) + "): "
                + top.map { "\($0.first) – \($0.second)" }.joined(separator: "; ")
                + ".")
        return lines.joined(separator: "\n")
    }
}
