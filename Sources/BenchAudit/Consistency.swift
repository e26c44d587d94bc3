import Dispatch
import Phylogeny
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
    public init(logs: [EvalLog], replicates: Int = 1000, seed: UInt64 = 1, method: TreeMethod = .upgma)
        throws(BenchAuditError)
    {
        guard logs.count >= 2 else {
            throw BenchAuditError(.invalidRequest, file: logs.first?.file ?? "", "consistency needs at least two logs")
        }
        models = logs.map(\.model)
        let tables = logs.map { log in
            Dictionary(log.uniqueRecords.map { ($0.questionID, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let shared = RescoreReport.sortedIDs(tables[0].keys.filter { id in tables.allSatisfy { $0[id] != nil } })
        guard !shared.isEmpty else {
            throw BenchAuditError(.invalidRequest, file: logs[0].file, "the logs share no question ids")
        }
        items = shared.count
        let n = shared.count
        // Per model: the answer index (0–9, or 10 for none) and whether it is the majority gold.
        let none: UInt8 = 10
        var answers = [[UInt8]](repeating: [UInt8](repeating: none, count: n), count: logs.count)
        var golds = [UInt8](repeating: 0, count: n)
        var chanceWrongMatch = [Double](repeating: 0, count: n)
        let extracted = ConcurrentMap.run(Array(logs.indices)) { model in
            shared.map { id in AnswerExtractor.extract(tables[model][id]!.generatedText).letter }
        }
        for (index, id) in shared.enumerated() {
            var votes = [Int](repeating: 0, count: OptionLetters.maximumCount)
            for table in tables { votes[table[id]!.goldIndex] += 1 }
            golds[index] = UInt8(votes.indices.max { votes[$0] < votes[$1] || (votes[$0] == votes[$1] && $0 > $1) }!)
            let options = tables[0][id]!.options.count
            chanceWrongMatch[index] = 1 / Double(max(1, options - 1))
            for model in logs.indices {
                if let letter = extracted[model][index] {
                    answers[model][index] = UInt8(OptionLetters.index(of: letter)!)
                }
            }
        }
        accuracies = answers.map { row in Double(zip(row, golds).filter { $0 == $1 }.count) / Double(n) }
        // Per pair, per item: a 4-bit code (first right, second right, same letter, both answered).
        var pairIndices: [(Int, Int)] = []
        for a in logs.indices { for b in (a + 1)..<logs.count { pairIndices.append((a, b)) } }
        let codes: [[UInt8]] = pairIndices.map { pair in
            (0..<n).map { i in
                let x = answers[pair.0][i]
                let y = answers[pair.1][i]
                var code: UInt8 = 0
                if x == golds[i] { code |= 1 }
                if y == golds[i] { code |= 2 }
                if x == y && x != none { code |= 4 }
                if x != none && y != none { code |= 8 }
                return code
            }
        }
        let fullStatistics = pairIndices.indices.map { pair in
            Self.statistics(
                histogram: Self.histogram(codes[pair], indices: nil), chance: chanceWrongMatch.reduce(0, +) / Double(n))
        }
        // Bootstrap: one resample of the items per replicate, shared by all pairs.
        let chanceTable = chanceWrongMatch
        let replicateStatistics = Mutex([[Statistics]](repeating: [], count: replicates))
        let chunks = min(replicates, 16)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var local: [(Int, [Statistics])] = []
            var replicate = chunk
            var indices = [Int](repeating: 0, count: n)
            while replicate < replicates {
                var generator = SeededGenerator(seed: seed, stream: replicate)
                var chance = 0.0
                for slot in 0..<n {
                    let drawn = Int(generator.next() % UInt64(n))
                    indices[slot] = drawn
                    chance += chanceTable[drawn]
                }
                chance /= Double(n)
                local.append(
                    (
                        replicate,
                        codes.map { Self.statistics(histogram: Self.histogram($0, indices: indices), chance: chance) }
                    ))
                replicate += chunks
            }
            replicateStatistics.withLock { all in for (index, values) in local { all[index] = values } }
        }
        let bootstrap = replicateStatistics.withLock { $0 }
        self.replicates = replicates
        pairs = pairIndices.enumerated().map { pair, models in
            let full = fullStatistics[pair]
            func estimate(_ value: Double, _ path: KeyPath<Statistics, Double>) -> Estimate {
                Estimate(
                    value: value,
                    interval: replicates > 0
                        ? AuditStatistics.percentileInterval(bootstrap.map { $0[pair][keyPath: path] }) : nil)
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
    struct Statistics: Sendable {
        var sameWrong: Double
        var kappa: Double
        var capa: Double
        var bothWrongAnswered: Int
    }

    /// Counts of each 4-bit code over all items, or over the items at `indices` (with repetition).
    static func histogram(_ codes: [UInt8], indices: [Int]?) -> [Int] {
        var counts = [Int](repeating: 0, count: 16)
        codes.withUnsafeBufferPointer { codes in
            if let indices {
                for index in indices { counts[Int(codes[index])] += 1 }
            } else {
                for code in codes { counts[Int(code)] += 1 }
            }
        }
        return counts
    }

    static func statistics(histogram counts: [Int], chance: Double) -> Statistics {
        var total = 0
        var firstRight = 0
        var secondRight = 0
        var bothRight = 0
        var bothWrong = 0
        var sameLetter = 0
        var bothWrongAnswered = 0
        var bothWrongSame = 0
        for code in 0..<16 {
            let count = counts[code]
            guard count > 0 else { continue }
            total += count
            let right1 = code & 1 != 0
            let right2 = code & 2 != 0
            if right1 { firstRight += count }
            if right2 { secondRight += count }
            if right1 && right2 { bothRight += count }
            if !right1 && !right2 {
                bothWrong += count
                if code & 8 != 0 { bothWrongAnswered += count }
                if code & 4 != 0 { bothWrongSame += count }
            }
            if code & 4 != 0 { sameLetter += count }
        }
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
        return Statistics(sameWrong: same, kappa: kappa, capa: capa, bothWrongAnswered: bothWrongAnswered)
    }
}
