import Corpus
import Lexicon

/// For every prompt, the word trigrams that at least two models' answers hold, and which models hold each.
///
/// Attribution counts, per prompt, the trigrams two answers share with no other answer of the models compared:
/// phrasing specific to that pair. Phrasing every model uses, or a hub shares with everyone, counts for nothing.
struct SharedTrigrams: Sendable {
    /// Per prompt, the models holding each shared trigram, one run per trigram: `holders[p][starts[p][i]..<
    /// starts[p][i + 1]]`, ascending.
    let starts: [[Int32]]
    let holders: [[Int32]]

    init(_ data: AnswerFeatures) {
        let m = data.models.count
        let all = ConcurrentMap.run(Array(0..<data.prompts.count)) { p in Self.runs(data, prompt: p, models: m) }
        starts = all.map(\.0)
        holders = all.map(\.1)
    }

    /// The holder runs of the trigrams held by at least two answers to prompt `p`.
    static func runs(_ data: AnswerFeatures, prompt p: Int, models m: Int) -> ([Int32], [Int32]) {
        let total = (0..<m).reduce(0) { $0 + (data.answers[$1][p]?.trigrams.count ?? 0) }
        guard total > 0 else { return ([0], []) }
        var table = KeyTable(capacity: total)
        var holderCount: [Int32] = []
        var occurrence: [Int32] = []
        occurrence.reserveCapacity(total)
        for a in 0..<m {
            guard let answer = data.answers[a][p] else { continue }
            for trigram in answer.trigrams {
                // UInt64.max is the table's empty marker; folding it onto its neighbour costs nothing measurable.
                let id = Int(table.value(for: min(trigram, .max - 1), inserting: Int32(holderCount.count)))
                if id == holderCount.count { holderCount.append(0) }
                holderCount[id] += 1
                occurrence.append(Int32(id))
            }
        }
        // Only trigrams held by at least two answers get a run; the others map to -1.
        var runOf = [Int32](repeating: -1, count: holderCount.count)
        var starts: [Int32] = [0]
        for id in holderCount.indices where holderCount[id] > 1 {
            runOf[id] = Int32(starts.count - 1)
            starts.append(starts[starts.count - 1] + holderCount[id])
        }
        var fill = starts
        var holders = [Int32](repeating: 0, count: Int(starts[starts.count - 1]))
        var position = 0
        for a in 0..<m {
            guard let answer = data.answers[a][p] else { continue }
            for _ in answer.trigrams {
                let run = Int(runOf[Int(occurrence[position])])
                position += 1
                guard run >= 0 else { continue }
                holders[Int(fill[run])] = Int32(a)
                fill[run] += 1
            }
        }
        return (starts, holders)
    }

    /// For each prompt, the number of trigrams that exactly two of `rows` hold, at `[p][x * rows.count + y]` for
    /// row positions x and y (symmetric; NaN where either model did not answer, 0 on the diagonal).
    func pairSpecificCounts(rows: [Int], modelCount: Int, answered: (Int, Int) -> Bool) -> [[Float]] {
        let r = rows.count
        var position = [Int32](repeating: -1, count: modelCount)
        for (x, model) in rows.enumerated() { position[model] = Int32(x) }
        var result: [[Float]] = []
        result.reserveCapacity(starts.count)
        for p in starts.indices {
            var counts = [Float](repeating: 0, count: r * r)
            for x in 0..<r where !answered(rows[x], p) {
                for y in 0..<r {
                    counts[x * r + y] = .nan
                    counts[y * r + x] = .nan
                }
            }
            let runStarts = starts[p]
            holders[p].withUnsafeBufferPointer { holders in
                for run in 0..<(runStarts.count - 1) {
                    var first: Int32 = -1
                    var second: Int32 = -1
                    var inside = 0
                    for i in Int(runStarts[run])..<Int(runStarts[run + 1]) {
                        let x = position[Int(holders[i])]
                        guard x >= 0 else { continue }
                        inside += 1
                        if inside == 1 { first = x } else if inside == 2 { second = x } else { break }
                    }
                    guard inside == 2 else { continue }
                    counts[Int(first) * r + Int(second)] += 1
                    counts[Int(second) * r + Int(first)] += 1
                }
            }
            result.append(counts)
        }
        return result
    }
}
