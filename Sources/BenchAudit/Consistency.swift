import Corpus
import Dispatch
import Phylogeny
import Statistics
import Synchronization

/// A statistic with its bootstrap 95 % percentile interval.
public struct Estimate: Sendable, Hashable {
    /// The value on the items as they are (NaN when undefined, e.g. no jointly wrong items).
    public var value: Double
    /// 2.5 % and 97.5 % percentiles over bootstrap replicates (items drawn with replacement), when defined.
    public var interval: (lower: Double, upper: Double)?

    public static func == (a: Estimate, b: Estimate) -> Bool {
        a.value.bitPattern == b.value.bitPattern && a.interval?.lower == b.interval?.lower
            && a.interval?.upper == b.interval?.upper
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(value.bitPattern) }
}

/// How alike two models' mistakes are on the same questions.
public struct PairConsistency: Sendable, Hashable {
    /// The first model (in the order the logs were given).
    public var first: String
    /// The second model.
    public var second: String
    /// Items both logs hold.
    public var items: Int
    /// Items both models got wrong with a letter each.
    public var bothWrong: Int
    /// Of the items both got wrong with a letter each, the share where they chose the same wrong letter.
    public var sameWrongShare: Estimate
    /// Cohen's kappa on correctness (Geirhos et al.'s error consistency).
    public var kappa: Estimate
    /// Chance-adjusted agreement on the chosen option in the manner of CAPA (Goel et al. 2025) with
    /// discrete answers: observed = share of items with the same letter; expected = p₁p₂ + (1−p₁)(1−p₂)·
    /// mean(1/(options−1)).
    public var capa: Estimate
}

/// Pairwise error consistency of several models on one benchmark, and a tree from it.
public struct ConsistencyReport: Sendable {
    /// The models in the order given.
    public var models: [String]
    /// Items all logs hold (the items compared).
    public var items: Int
    /// Accuracy of each model (re-extracted answers against the majority gold) on those items.
    public var accuracies: [Double]
    /// Every pair, in order (0,1), (0,2), …, (1,2), ….
    public var pairs: [PairConsistency]
    /// Bootstrap replicates drawn.
    public var replicates: Int
    /// The tree over distances 1 − CAPA.
    public var tree: Tree
    /// The method the tree was built with.
    public var treeMethod: TreeMethod

    /// Tree builders over the 1 − CAPA distances.
    public enum TreeMethod: String, Sendable, CaseIterable {
        case upgma
        case nj
    }

    /// Compares every pair of `logs` on the questions all of them hold.
    ///
    /// Each model may appear once: a log given twice, or two logs whose file names give the same model, is an
    /// error naming both files (a model paired with itself says nothing, and the models name the results).
    public init(logs: [EvalLog], replicates: Int = 1000, seed: UInt64 = 1, method: TreeMethod = .upgma)
        throws(BenchAuditError)
    {
        guard logs.count >= 2 else {
            throw BenchAuditError(.invalidRequest, file: logs.first?.file ?? "", "consistency needs at least two logs")
        }
        var fileOfModel: [String: String] = [:]
        for log in logs {
            if let earlier = fileOfModel[log.model] {
                throw BenchAuditError(
                    .invalidRequest, file: log.file,
                    LogReader.canonicalPath(earlier) == LogReader.canonicalPath(log.file)
                        ? "the log is given twice; give each log once"
                        : "model \(log.model) again (from \(earlier) as well); give each model once, under its own "
                            + "file name")
            }
            fileOfModel[log.model] = log.file
        }
        models = logs.map(\.model)
        // Per log: where each question id first occurs.
        let firstPositions: [[String: Int]] = ConcurrentMap.run(logs) { log in
            var positions = [String: Int](minimumCapacity: log.records.count)
            for (index, record) in log.records.enumerated() where positions[record.questionID] == nil {
                positions[record.questionID] = index
            }
            return positions
        }
        let shared = RescoreReport.sortedIDs(
            firstPositions[0].keys.filter { id in firstPositions.allSatisfy { $0[id] != nil } })
        guard !shared.isEmpty else {
            throw BenchAuditError(.invalidRequest, file: logs[0].file, "the logs share no question ids")
        }
        items = shared.count
        let n = shared.count
        // Per model, per shared item: the record index.
        let rows: [[Int]] = firstPositions.map { positions in shared.map { positions[$0]! } }
        // Per model: the answer index (0–9, or 10 for none) and whether it is the majority gold.
        let none: UInt8 = 10
        var answers = [[UInt8]](repeating: [UInt8](repeating: none, count: n), count: logs.count)
        var golds = [UInt8](repeating: 0, count: n)
        var chanceWrongMatch = [Double](repeating: 0, count: n)
        let extracted = ConcurrentMap.run(Array(logs.indices)) { model in
            rows[model].map { AnswerExtractor.extract(logs[model].records[$0].generatedText).letter }
        }
        for index in 0..<n {
            var votes = [Int](repeating: 0, count: OptionLetters.maximumCount)
            for model in logs.indices { votes[logs[model].records[rows[model][index]].goldIndex] += 1 }
            golds[index] = UInt8(votes.indices.max { votes[$0] < votes[$1] || (votes[$0] == votes[$1] && $0 > $1) }!)
            let options = logs[0].records[rows[0][index]].options.count
            chanceWrongMatch[index] = 1 / Double(max(1, options - 1))
            for model in logs.indices {
                if let letter = extracted[model][index] {
                    answers[model][index] = UInt8(OptionLetters.index(of: letter)!)
                }
            }
        }
        accuracies = answers.map { row in Double(zip(row, golds).filter { $0 == $1 }.count) / Double(n) }
        // Bit-packed per model: right, and wrong with a letter; per pair: both right, both wrong with a
        // letter, both wrong with the same letter. A resample's counts are then masked population counts.
        let right = answers.map { row in ItemSet(count: n) { row[$0] == golds[$0] } }
        let wrongAnswered = answers.map { row in ItemSet(count: n) { row[$0] != none && row[$0] != golds[$0] } }
        var pairIndices: [(Int, Int)] = []
        for a in logs.indices { for b in (a + 1)..<logs.count { pairIndices.append((a, b)) } }
        let pairSets: [PairSets] = pairIndices.map { a, b in
            PairSets(
                first: a, second: b,
                bothRight: ItemSet(count: n) { answers[a][$0] == golds[$0] && answers[b][$0] == golds[$0] },
                bothWrongAnswered: ItemSet(count: n) { wrongAnswered[a].contains($0) && wrongAnswered[b].contains($0) },
                bothWrongSame: ItemSet(count: n) { wrongAnswered[a].contains($0) && answers[a][$0] == answers[b][$0] })
        }
        let fullChance = chanceWrongMatch.reduce(0, +) / Double(n)
        let fullStatistics = pairSets.map { sets in
            Self.statistics(
                PairCounts(
                    total: n, firstRight: right[sets.first].count, secondRight: right[sets.second].count,
                    bothRight: sets.bothRight.count, bothWrongAnswered: sets.bothWrongAnswered.count,
                    bothWrongSame: sets.bothWrongSame.count),
                chance: fullChance)
        }
        // Bootstrap: one resample of the items per replicate, shared by all pairs; replicate r draws from
        // its own stream of the seed, so the result does not depend on how replicates are spread over cores.
        let chanceTable = chanceWrongMatch
        let remainder = FixedRemainder(n)
        let replicateStatistics = Mutex([[PairStatistics]](repeating: [], count: replicates))
        let chunks = min(replicates, 16)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var local: [(Int, [PairStatistics])] = []
            var replicate = chunk
            var counts = ResampleCounts(items: n)
            while replicate < replicates {
                var generator = SeededGenerator(seed: seed, stream: replicate)
                var chance = 0.0
                counts.reset()
                for _ in 0..<n {
                    let drawn = remainder(generator.next())
                    counts.add(drawn)
                    chance += chanceTable[drawn]
                }
                chance /= Double(n)
                let modelRight = right.map { counts.draws(in: $0) }
                local.append(
                    (
                        replicate,
                        pairSets.map { sets in
                            Self.statistics(
                                PairCounts(
                                    total: n, firstRight: modelRight[sets.first], secondRight: modelRight[sets.second],
                                    bothRight: counts.draws(in: sets.bothRight),
                                    bothWrongAnswered: counts.draws(in: sets.bothWrongAnswered),
                                    bothWrongSame: counts.draws(in: sets.bothWrongSame)),
                                chance: chance)
                        }
                    ))
                replicate += chunks
            }
            replicateStatistics.withLock { all in for (index, values) in local { all[index] = values } }
        }
        let bootstrap = replicateStatistics.withLock { $0 }
        self.replicates = replicates
        pairs = pairIndices.enumerated().map { pair, models in
            let full = fullStatistics[pair]
            func estimate(_ value: Double, _ path: KeyPath<PairStatistics, Double>) -> Estimate {
                Estimate(
                    value: value,
                    interval: replicates > 0
                        ? PercentileInterval.central95(bootstrap.map { $0[pair][keyPath: path] }) : nil)
            }
            return PairConsistency(
                first: logs[models.0].model, second: logs[models.1].model, items: n, bothWrong: full.bothWrongAnswered,
                sameWrongShare: estimate(full.sameWrong, \.sameWrong), kappa: estimate(full.kappa, \.kappa),
                capa: estimate(full.capa, \.capa))
        }
        var distances = DistanceMatrix(names: models)
        for (pair, indices) in pairIndices.enumerated() {
            let capa = pairs[pair].capa.value
            distances[indices.0, indices.1] = max(0, 1 - (capa.isFinite ? capa : 0))
        }
        treeMethod = method
        do {
            tree = method == .upgma ? try UPGMA.tree(distances) : try NeighborJoining.tree(distances)
        } catch {
            throw BenchAuditError(.invalidRequest, file: logs[0].file, "cannot build the tree: \(error)")
        }
    }

    /// The three statistics of one pair on one (re)sample.
    struct PairStatistics: Sendable {
        var sameWrong: Double
        var kappa: Double
        var capa: Double
        var bothWrongAnswered: Int
    }

    /// The items of one pair that its statistics count.
    struct PairSets: Sendable {
        var first: Int
        var second: Int
        var bothRight: ItemSet
        var bothWrongAnswered: ItemSet
        var bothWrongSame: ItemSet
    }

    /// Item counts (with repetition, in a resample) from which a pair's statistics follow.
    struct PairCounts {
        var total: Int
        var firstRight: Int
        var secondRight: Int
        var bothRight: Int
        /// Both wrong, each with a letter.
        var bothWrongAnswered: Int
        /// Both wrong with the same letter.
        var bothWrongSame: Int
    }

    static func statistics(_ counts: PairCounts, chance: Double) -> PairStatistics {
        let total = counts.total
        let firstRight = counts.firstRight
        let secondRight = counts.secondRight
        let bothRight = counts.bothRight
        // A shared letter is a shared right answer or a shared wrong one; no answer agrees with nothing.
        let bothWrong = total - firstRight - secondRight + bothRight
        let sameLetter = bothRight + counts.bothWrongSame
        let bothWrongAnswered = counts.bothWrongAnswered
        let bothWrongSame = counts.bothWrongSame
        let n = Double(total)
        let p1 = Double(firstRight) / n
        let p2 = Double(secondRight) / n
        let observed = Double(bothRight + bothWrong) / n
        let expected = p1 * p2 + (1 - p1) * (1 - p2)
        let kappa = expected < 1 ? (observed - expected) / (1 - expected) : .nan
        let observedOption = Double(sameLetter) / n
        let expectedOption = p1 * p2 + chance * (1 - p1) * (1 - p2)
        let capa = expectedOption < 1 ? (observedOption - expectedOption) / (1 - expectedOption) : .nan
        let same = bothWrongAnswered > 0 ? Double(bothWrongSame) / Double(bothWrongAnswered) : .nan
        return PairStatistics(sameWrong: same, kappa: kappa, capa: capa, bothWrongAnswered: bothWrongAnswered)
    }
}
