/// The Mann–Whitney U test.
public enum MannWhitneyTest {
    /// The one-sided test that `sample` tends to exceed `rest`, by the normal approximation with midranks, tie
    /// correction and continuity correction. Nil when either group is empty.
    public static func greater(_ sample: [Double], _ rest: [Double]) -> (u: Double, z: Double, p: Double)? {
        let n1 = sample.count
        let n2 = rest.count
        guard n1 > 0, n2 > 0 else { return nil }
        var combined = sample.map { ($0, true) } + rest.map { ($0, false) }
        combined.sort { $0.0 < $1.0 }
        let total = combined.count
        var rankSum = 0.0
        var tieTerm = 0.0
        var start = 0
        while start < total {
            var end = start
            while end + 1 < total && combined[end + 1].0 == combined[start].0 { end += 1 }
            let midrank = Double(start + end + 2) / 2
            let ties = Double(end - start + 1)
            tieTerm += ties * ties * ties - ties
            for index in start...end where combined[index].1 { rankSum += midrank }
            start = end + 1
        }
        let u = rankSum - Double(n1 * (n1 + 1)) / 2
        let mean = Double(n1) * Double(n2) / 2
        let n = Double(total)
        let variance = Double(n1) * Double(n2) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return (u, 0, 1) }
        let z = (u - mean - 0.5) / variance.squareRoot()
        return (u, z, NormalDistribution.upperTail(z))
    }
}
