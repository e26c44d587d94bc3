import Testing

@testable import BenchAudit

/// Tampered copies of a real dev log: each kind of tampering at several rates must be found, and clean logs
/// and random (difficulty-independent) subsets must not raise alarms.
@Suite(.enabled(if: Paths.devDataPresent, "needs ../shared/data/mmlu-pro-dev"), .serialized)
struct TamperTests {
    static let suspect = "Mistral-7B-v0.1"
    /// The suspect's log and a panel of the other seven logs, read once for the suite.
    static let data: (log: EvalLog, panel: ReferencePanel, manifest: BenchmarkManifest)? = {
        guard Paths.devDataPresent else { return nil }
        let names = [
            "Llama-2-13b-hf", "Llama-2-7b-hf", "Meta-Llama-3_1-8B-Instruct", "Meta-Llama-3_1-8B",
            "Mistral-7B-Instruct-v0.2", "Yi-6B", "Yi-6b-Chat",
        ]
        guard let logs = try? LogReader.read(paths: [Paths.devLog(suspect)] + names.map(Paths.devLog)) else {
            return nil
        }
        return (
            logs[0], ReferencePanel(logs: Array(logs.dropFirst())),
            BenchmarkManifest(benchmark: "dev", records: logs[0].records)
        )
    }()

    @Test(arguments: [0.01, 0.05, 0.2])
    func eachTamperingIsFoundAtEachRate(rate: Double) throws {
        let (log, panel, manifest) = try #require(Self.data)
        for tampering in TamperSimulation.Kind.allCases {
            let kind = tampering.expectedFinding
            let tampered = TamperSimulation.tamper(log, [tampering], rate: rate, seed: 7)
            var reports = [try VerificationReport(log: tampered, manifest: nil, panel: panel)]
            if rate == 0.05 { reports.append(try VerificationReport(log: tampered, manifest: manifest, panel: panel)) }
            for report in reports {
                let found = report.findings.filter { $0.kind == kind }
                #expect(!found.isEmpty, "\(tampering) at \(rate) not found")
                #expect(Set(report.findings.map(\.kind)) == [kind], "\(tampering) at \(rate): \(report.findings)")
                if let p = found.first?.pValue { #expect(p < 0.01) }
            }
        }
    }

    @Test func smallMixturesAreFoundKindByKind() throws {
        let (log, panel, _) = try #require(Self.data)
        let tampered = TamperSimulation.tamper(log, Set(TamperSimulation.Kind.allCases), rate: 0.02, seed: 11)
        let report = try VerificationReport(log: tampered, manifest: nil, panel: panel)
        #expect(Set(report.findings.map(\.kind)) == [.labelTampering, .selectiveSampling, .postProcessing])
        // Flipped labels land on the model's answer: the relabelling test says so.
        let labels = try #require(report.findings.first { $0.kind == .labelTampering })
        #expect((labels.pValue ?? 1) < 1e-6)
    }

    @Test func cleanLogsAndRandomSubsetsRaiseFewAlarms() throws {
        let (log, panel, _) = try #require(Self.data)
        #expect(try VerificationReport(log: log, manifest: nil, panel: panel).findings.isEmpty)
        // 100 seeded random subsets (5–30 % of items dropped, independent of difficulty), on the first 3,000
        // questions so that the debug build stays quick; scripts/bench-audit.sh measures the full log.
        let firstIDs = Set(RescoreReport.sortedIDs(log.records.map(\.questionID)).prefix(3000))
        let base = log.records.filter { firstIDs.contains($0.questionID) }
        let smallPanel = ReferencePanel(
            models: panel.models, holders: panel.holders.filter { firstIDs.contains($0.key) },
            majorityGold: panel.majorityGold, difficulty: panel.difficulty)
        var alarms = 0
        for seed in 1...100 {
            let subset = TamperSimulation.randomSubset(
                EvalLog(model: log.model, file: log.file, records: base), dropShare: 0.05 + Double(seed % 6) * 0.05,
                seed: UInt64(seed))
            let report = try VerificationReport(log: subset, manifest: nil, panel: smallPanel)
            #expect(report.difficultyTest != nil)
            if !report.findings.isEmpty { alarms += 1 }
        }
        // At α = 0.01, about one alarm in 100 is expected; more than five would mean the test is miscalibrated.
        #expect(alarms <= 5, "\(alarms) false alarms in 100 random subsets")
    }

    @Test func consistencyGivesIntervalsAndATree() throws {
        let names = ["Mistral-7B-v0.1", "Mistral-7B-Instruct-v0.2", "Yi-6B", "Yi-6b-Chat"]
        let logs = try LogReader.read(paths: names.map(Paths.devLog))
        let report = try ConsistencyReport(logs: logs, replicates: 20, seed: 3)
        #expect(report.pairs.count == 6)
        for pair in report.pairs {
            #expect(pair.kappa.value > -1 && pair.kappa.value < 1)
            let interval = try #require(pair.capa.interval)
            #expect(interval.lower <= pair.capa.value && pair.capa.value <= interval.upper)
        }
        // The tree holds every model once.
        #expect(Set(report.tree.leafNames) == Set(logs.map(\.model)))
    }
}
