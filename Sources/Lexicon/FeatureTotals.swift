/// Totals of one feature kind for one model: each distinct key with its count and the number of
/// prompts holding it, sorted by key.
public struct FeatureTotals: Sendable {
    /// Distinct keys, ascending.
    public private(set) var keys: [UInt64] = []
    /// Total occurrences, parallel to ``keys``.
    public private(set) var totals: [UInt32] = []
    /// Prompts (rows) holding the key, parallel to ``keys``.
    public private(set) var rows: [UInt32] = []

    /// Creates empty totals.
    public init() {}

    /// Number of distinct keys.
    public var count: Int { keys.count }

    /// Totals of every key in `stream` of features with `order` words each.
    public init(_ stream: FeatureStream, order: Int) {
        self.init()
        if order == 1 {
            countWords(stream)
        } else {
            countBySorting(stream, order: order)
        }
    }

    private mutating func countBySorting(_ stream: FeatureStream, order: Int) {
        let n = stream.keys.count
        guard n > 0 else { return }
        // Pair each occurrence with its row, then sort stably by key: rows stay ascending within a key.
        var rowOf = [UInt32](repeating: 0, count: n)
        for row in 0..<stream.rowCount {
            for index in stream.rowStarts[row]..<stream.rowStarts[row + 1] { rowOf[index] = UInt32(row) }
        }
        var sortedKeys = stream.keys
        RadixSort.sort(&sortedKeys, carrying: &rowOf, fields: order)
        keys.reserveCapacity(n / 2)
        totals.reserveCapacity(n / 2)
        rows.reserveCapacity(n / 2)
        sortedKeys.withUnsafeBufferPointer { k in
            rowOf.withUnsafeBufferPointer { r in
                var index = 0
                while index < n {
                    let key = k[index]
                    var total: UInt32 = 0
                    var distinctRows: UInt32 = 0
                    var lastRow = UInt32.max
                    while index < n && k[index] == key {
                        total += 1
                        if r[index] != lastRow {
                            distinctRows += 1
                            lastRow = r[index]
                        }
                        index += 1
                    }
                    keys.append(key)
                    totals.append(total)
                    rows.append(distinctRows)
                }
            }
        }
    }

    /// Totals of single-word keys by direct indexing (word ids are dense).
    private mutating func countWords(_ stream: FeatureStream) {
        let largest = Int(stream.keys.max() ?? 0)
        var totals = [UInt32](repeating: 0, count: largest + 1)
        var rows = [UInt32](repeating: 0, count: largest + 1)
        var lastRow = [Int32](repeating: -1, count: largest + 1)
        stream.keys.withUnsafeBufferPointer { keys in
            for row in 0..<stream.rowCount {
                for index in stream.rowStarts[row]..<stream.rowStarts[row + 1] {
                    let id = Int(keys[index])
                    totals[id] += 1
                    if lastRow[id] != Int32(row) {
                        lastRow[id] = Int32(row)
                        rows[id] += 1
                    }
                }
            }
        }
        for id in 0...largest where totals[id] > 0 {
            append(UInt64(id), totals[id], rows[id])
        }
    }

    /// Index of `key`, if present.
    public func index(of key: UInt64) -> Int? {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < keys.count && keys[low] == key ? low : nil
    }

    /// Total occurrences of `key` and the number of prompts holding it.
    public func lookup(_ key: UInt64) -> (total: Int, rows: Int) {
        guard let index = index(of: key) else { return (0, 0) }
        return (Int(totals[index]), Int(rows[index]))
    }

    /// The sum of `self` and `other` (a key's counts and rows added).
    public func merged(with other: FeatureTotals) -> FeatureTotals {
        var result = FeatureTotals()
        var i = 0
        var j = 0
        while i < keys.count || j < other.keys.count {
            if j == other.keys.count || (i < keys.count && keys[i] < other.keys[j]) {
                result.append(keys[i], totals[i], rows[i])
                i += 1
            } else if i == keys.count || other.keys[j] < keys[i] {
                result.append(other.keys[j], other.totals[j], other.rows[j])
                j += 1
            } else {
                result.append(keys[i], totals[i] + other.totals[j], rows[i] + other.rows[j])
                i += 1
                j += 1
            }
        }
        return result
    }

    private mutating func append(_ key: UInt64, _ total: UInt32, _ rowCount: UInt32) {
        keys.append(key)
        totals.append(total)
        rows.append(rowCount)
    }
}

/// Stable least-significant-digit radix sort of n-gram keys (21-bit word fields) with a 32-bit payload.
enum RadixSort {
    /// Sorts by key; digits follow the word fields and skip bits no key uses.
    static func sort(_ keys: inout [UInt64], carrying payload: inout [UInt32], fields: Int) {
        let n = keys.count
        guard n > 1 else { return }
        // Digit windows (shift, width) of at most 11 bits covering each field's used bits.
        var windows: [(shift: UInt64, width: UInt64)] = []
        let combined = keys.reduce(0) { $0 | $1 }
        for field in 0..<fields {
            let shift = UInt64(21 * field)
            let used = (combined >> shift) & 0x1F_FFFF
            let bits = UInt64(64 - used.leadingZeroBitCount)
            var offset: UInt64 = 0
            while offset < bits {
                let width = min(11, bits - offset)
                windows.append((shift + offset, width))
                offset += width
            }
        }
        var otherKeys = [UInt64](repeating: 0, count: n)
        var otherPayload = [UInt32](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 2048)
        for (shift, width) in windows {
            let mask = (UInt64(1) << width) - 1
            let buckets = Int(mask) + 1
            for b in 0..<buckets { counts[b] = 0 }
            keys.withUnsafeBufferPointer { k in
                counts.withUnsafeMutableBufferPointer { c in
                    for key in k { c[Int((key >> shift) & mask)] += 1 }
                }
            }
            if counts[0..<buckets].contains(n) { continue }
            var sum = 0
            for b in 0..<buckets {
                let c = counts[b]
                counts[b] = sum
                sum += c
            }
            keys.withUnsafeBufferPointer { k in
                payload.withUnsafeBufferPointer { p in
                    otherKeys.withUnsafeMutableBufferPointer { ok in
                        otherPayload.withUnsafeMutableBufferPointer { op in
                            counts.withUnsafeMutableBufferPointer { c in
                                for i in 0..<n {
                                    let bucket = Int((k[i] >> shift) & mask)
                                    let destination = c[bucket]
                                    c[bucket] = destination + 1
                                    ok[destination] = k[i]
                                    op[destination] = p[i]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &otherKeys)
            swap(&payload, &otherPayload)
        }
    }
}
