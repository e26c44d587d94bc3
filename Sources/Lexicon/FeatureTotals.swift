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
            occurrences = countBySorting(stream, kind: kind, scratch: scratch)
        }
    }

    /// Feature occurrences counted (word-feature tokens or n-gram windows).
    public private(set) var occurrences = 0

    private mutating func countBySorting(_ stream: ContentStream, kind: FeatureKind, scratch: CountingScratch) -> Int {
        scratch.reserve(stream.tokens.count)
        var n = 0
        let keyBuffer = scratch.keys
        let rowBuffer = scratch.rows
        for row in 0..<stream.rowCount {
            stream.forEachKey(kind, row: row) { key in
                keyBuffer[n] = key
                rowBuffer[n] = UInt32(row)
                n += 1
            }
        }
        guard n > 0 else { return 0 }
        // Stable sort by key: rows stay ascending within a key.
        let (k, r) = RadixSort.sort(n, fields: kind.order, scratch: scratch)
        var distinct = 0
        for index in 0..<n where index == 0 || k[index] != k[index - 1] { distinct += 1 }
        var keys: [UInt64] = []
        var totals: [UInt32] = []
        var rows: [UInt32] = []
        keys.reserveCapacity(distinct)
        totals.reserveCapacity(distinct)
        rows.reserveCapacity(distinct)
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
        self.keys = keys
        self.totals = totals
        self.rows = rows
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

    /// The totals of `keys` (sorted, unique) summed over `tables`; a key's ``rows`` is then the number
    /// of tables (models) that use it.
    public static func pooling(_ keys: [UInt64], over tables: [FeatureTotals]) -> FeatureTotals {
        var totals = [UInt32](repeating: 0, count: keys.count)
        var models = [UInt32](repeating: 0, count: keys.count)
        for table in tables {
            var i = 0
            var j = 0
            while i < keys.count && j < table.keys.count {
                if keys[i] < table.keys[j] {
                    i += 1
                } else if table.keys[j] < keys[i] {
                    j += 1
                } else {
                    totals[i] += table.totals[j]
                    models[i] += 1
                    i += 1
                    j += 1
                }
            }
        }
        var result = FeatureTotals()
        result.keys = keys
        result.totals = totals
        result.rows = models
        result.occurrences = tables.reduce(0) { $0 + $1.occurrences }
        return result
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

/// Buffers reused by successive counts on one thread (not shared between threads).
public final class CountingScratch {
    private(set) var capacity = 0
    private(set) var keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    private(set) var rows = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    private(set) var otherKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    private(set) var otherRows = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)

    /// Creates empty buffers.
    public init() {}

    /// Makes room for `count` elements in every buffer (contents are not kept).
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        release()
        capacity = max(count, capacity * 2)
        keys = .allocate(capacity: capacity)
        rows = .allocate(capacity: capacity)
        otherKeys = .allocate(capacity: capacity)
        otherRows = .allocate(capacity: capacity)
    }

    private func release() {
        keys.deallocate()
        rows.deallocate()
        otherKeys.deallocate()
        otherRows.deallocate()
    }

    deinit { release() }
}

/// Stable least-significant-digit radix sort of n-gram keys (21-bit word fields) with a 32-bit payload.
enum RadixSort {
    /// Widest digit: 2^11 buckets keep the scatter's write streams within the L2 cache, and a trigram key
    /// packed to its used bits (about 51) then takes five passes instead of nine 8-bit ones.
    static let maximumDigitBits = 11

    /// Sorts the first `n` keys of `scratch.keys` (carrying `scratch.rows`); returns the buffers that hold
    /// the result. Keys are `fields` word fields of 21 bits; each key is first packed to the bits its fields
    /// actually use (the same order), sorted by as few equal-width digits as cover them, then unpacked.
    static func sort(_ n: Int, fields: Int, scratch: CountingScratch)
        -> (keys: UnsafeMutablePointer<UInt64>, rows: UnsafeMutablePointer<UInt32>)
    {
        var keys = scratch.keys
        var rows = scratch.rows
        var otherKeys = scratch.otherKeys
        var otherRows = scratch.otherRows
        guard n > 1 else { return (keys, rows) }
        var combined: UInt64 = 0
        for i in 0..<n { combined |= keys[i] }
        // (shift, bits) of each field in the key, lowest first; a key with bits outside its fields is sorted
        // as one 64-bit field.
        var parts: [(shift: UInt64, bits: UInt64)] = []
        if fields <= 3 && (fields * 21 >= 64 || combined >> UInt64(fields * 21) == 0) {
            for field in 0..<fields {
                let shift = UInt64(21 * field)
                let used = (combined >> shift) & 0x1F_FFFF
                parts.append((shift, UInt64(64 - used.leadingZeroBitCount)))
            }
        } else {
            parts = [(0, UInt64(64 - combined.leadingZeroBitCount))]
        }
        let total = parts.reduce(0) { $0 + $1.bits }
        guard total > 0 else { return (keys, rows) }
        let passes = (Int(total) + maximumDigitBits - 1) / maximumDigitBits
        let digitBits = (total + UInt64(passes) - 1) / UInt64(passes)
        let buckets = 1 << Int(digitBits)
        let digitMask = UInt64(buckets - 1)
        // Up to three parts, unrolled (a missing part has no bits).
        while parts.count < 3 { parts.append((0, 0)) }
        let (s0, s1, s2) = (parts[0].shift, parts[1].shift, parts[2].shift)
        func mask(_ bits: UInt64) -> UInt64 { bits >= 64 ? ~0 : (1 << bits) - 1 }
        let (m0, m1, m2) = (mask(parts[0].bits), mask(parts[1].bits), mask(parts[2].bits))
        let (o1, o2) = (parts[0].bits, parts[0].bits + parts[1].bits)
        @inline(__always) func pack(_ key: UInt64) -> UInt64 {
            ((key &>> s0) & m0) | (((key &>> s1) & m1) &<< o1) | (((key &>> s2) & m2) &<< o2)
        }
        @inline(__always) func unpack(_ packed: UInt64) -> UInt64 {
            ((packed & m0) &<< s0) | (((packed &>> o1) & m1) &<< s1) | (((packed &>> o2) & m2) &<< s2)
        }

        let histograms = UnsafeMutablePointer<Int>.allocate(capacity: passes * buckets)
        defer { histograms.deallocate() }
        histograms.initialize(repeating: 0, count: passes * buckets)
        // One read pass packs the keys in place and builds every digit's histogram.
        for i in 0..<n {
            let packed = pack(keys[i])
            keys[i] = packed
            for pass in 0..<passes {
                histograms[
                    pass &* buckets &+ Int(truncatingIfNeeded: (packed &>> (UInt64(pass) &* digitBits)) & digitMask)] &+=
                    1
            }
        }
        for pass in 0..<passes {
            let counts = histograms + pass * buckets
            let shift = UInt64(pass) * digitBits
            var skip = false
            var sum = 0
            for b in 0..<buckets {
                let c = counts[b]
                if c == n { skip = true }
                counts[b] = sum
                sum += c
            }
            if skip { continue }
            for i in 0..<n {
                let key = keys[i]
                let bucket = Int(truncatingIfNeeded: (key &>> shift) & digitMask)
                let destination = counts[bucket]
                counts[bucket] = destination &+ 1
                otherKeys[destination] = key
                otherRows[destination] = rows[i]
            }
            swap(&keys, &otherKeys)
            swap(&rows, &otherRows)
        }
        for i in 0..<n { keys[i] = unpack(keys[i]) }
        return (keys, rows)
    }
}
