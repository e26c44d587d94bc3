import Lexicon

/// Counts of chosen keys summed over every model of a run, for comparing one model with the others.
struct PooledTotals: Sendable {
    /// Sorted keys.
    let keys: [UInt64]
    /// Sum over all models, parallel to ``keys``.
    let totals: [Int]
    /// Models using the key, parallel to ``keys``.
    let models: [Int]

    /// Pools `keys` (sorted, unique) over `tables` by merge-joining each sorted table.
    init(keys: [UInt64], tables: [FeatureTotals]) {
        var totals = [Int](repeating: 0, count: keys.count)
        var models = [Int](repeating: 0, count: keys.count)
        for table in tables {
            var i = 0
            var j = 0
            let tableKeys = table.keys
            while i < keys.count && j < tableKeys.count {
                if keys[i] < tableKeys[j] {
                    i += 1
                } else if tableKeys[j] < keys[i] {
                    j += 1
                } else {
                    totals[i] += Int(table.totals[j])
                    models[i] += 1
                    i += 1
                    j += 1
                }
            }
        }
        self.keys = keys
        self.totals = totals
        self.models = models
    }

    /// The pooled total and model count of `key` (which must be one of ``keys``).
    func lookup(_ key: UInt64) -> (total: Int, models: Int) {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        guard low < keys.count, keys[low] == key else { return (0, 0) }
        return (totals[low], models[low])
    }
}
