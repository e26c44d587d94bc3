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

    /// Totals of every feature of `kind` in `stream`; also returns the number of occurrences.
    ///
    /// `scratch` is reused between calls to avoid fresh allocations.
    public init(_ stream: ContentStream, kind: FeatureKind, scratch: inout CountingScratch) {
        self.init()
        if kind == .word {
            occurrences = countWords(stream)
        } else {
            occurrences = countBySorting(stream, kind: kind, scratch: &scratch)
        }
    }

    /// Feature occurrences counted (word-feature tokens or n-gram windows).
    public private(set) var occurrences = 0

    private mutating func countBySorting(_ stream: ContentStream, kind: FeatureKind, scratch: inout CountingScratch) -> Int {
        var sortedKeys = scratch.keys
        var sortedRows = scratch.rows
        scratch.keys = []
        scratch.rows = []
        defer {
            scratch.keys = sortedKeys
            scratch.rows = sortedRows
        }
        sortedKeys.removeAll(keepingCapacity: true)
        sortedRows.removeAll(keepingCapacity: true)
        for row in 0..<stream.rowCount {
            stream.forEachKey(kind, row: row) { key in
                sortedKeys.append(key)
                sortedRows.append(UInt32(row))
            }
        }
        let n = sortedKeys.count
        guard n > 0 else { return 0 }
        // Stable sort by key: rows stay ascending within a key.
        RadixSort.sort(&sortedKeys, carrying: &sortedRows, fields: kind.order, scratch: &scratch)
        var distinct = 0
        sortedKeys.withUnsafeBufferPointer { k in
            for index in 0..<n where index == 0 || k[index] != k[index - 1] { distinct += 1 }
        }
        keys.reserveCapacity(distinct)
        totals.reserveCapacity(distinct)
        rows.reserveCapacity(distinct)
        sortedKeys.withUnsafeBufferPointer { k in
            sortedRows.withUnsafeBufferPointer { r in
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
        return n
    }

    /// Totals of single words by direct indexing (word ids are dense).
    private mutating func countWords(_ stream: ContentStream) -> Int {
        var largest = 0
        for token in stream.tokens where token != ContentStream.boundary {
            largest = max(largest, Int(token & ~ContentStream.notWordFeature))
        }
        var totals = [UInt32](repeating: 0, count: largest + 1)
        var rows = [UInt32](repeating: 0, count: largest + 1)
        var lastRow = [Int32](repeating: -1, count: largest + 1)
        var occurrences = 0
        for row in 0..<stream.rowCount {
            stream.forEachKey(.word, row: row) { key in
                let id = Int(key)
                totals[id] += 1
                occurrences += 1
                if lastRow[id] != Int32(row) {
                    lastRow[id] = Int32(row)
                    rows[id] += 1
                }
            }
        }
        for id in 0...largest where totals[id] > 0 {
            append(UInt64(id), totals[id], rows[id])
        }
        return occurrences
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
        result.occurrences = occurrences + other.occurrences
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

/// Buffers reused by successive counts on one thread.
public struct CountingScratch: Sendable {
    var keys: [UInt64] = []
    var rows: [UInt32] = []
    var otherKeys: [UInt64] = []
    var otherRows: [UInt32] = []

    /// Creates empty buffers.
    public init() {}
}

/// Stable least-significant-digit radix sort of n-gram keys (21-bit word fields) with a 32-bit payload.
enum RadixSort {
    /// Sorts by key; digits follow the word fields and skip bits no key uses.
    static func sort(
        _ keys: inout [UInt64], carrying payload: inout [UInt32], fields: Int, scratch: inout CountingScratch
    ) {
        let n = keys.count
        guard n > 1 else { return }
        // Digit windows (shift, width) of at most 11 bits covering each field's used bits.
        var windows: [(shift: UInt64, width: UInt64)] = []
        let combined = keys[0..<n].reduce(0) { $0 | $1 }
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
        var otherKeys = scratch.otherKeys
        var otherPayload = scratch.otherRows
        scratch.otherKeys = []
        scratch.otherRows = []
        if otherKeys.count < n {
            otherKeys = [UInt64](repeating: 0, count: n)
            otherPayload = [UInt32](repeating: 0, count: n)
        }
        defer {
            scratch.otherKeys = otherKeys
            scratch.otherRows = otherPayload
        }
        var counts = [Int](repeating: 0, count: 2048)
        for (shift, width) in windows {
            let mask = (UInt64(1) << width) - 1
            let buckets = Int(mask) + 1
            for b in 0..<buckets { counts[b] = 0 }
            keys.withUnsafeBufferPointer { k in
                counts.withUnsafeMutableBufferPointer { c in
                    // Only the first n elements: after a swap, `keys` may be a larger reused buffer.
                    for i in 0..<n { c[Int((k[i] >> shift) & mask)] += 1 }
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
