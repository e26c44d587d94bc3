/// An open-addressing hash table from 64-bit feature keys to counts, built for the counting hot path.
///
/// Besides the total count it tracks, per key, how many rows (prompts) contained it and the count within
/// the current row, so per-prompt sparse counts fall out of the same single lookup per token.
public struct CountTable: Sendable {
    static let empty = UInt64.max

    struct Slot {
        var key: UInt64
        var total: UInt32
        var rows: UInt32
        var lastRow: Int32
        var rowCount: UInt32
    }

    private var slots: [Slot]
    private var mask: Int
    /// Number of distinct keys.
    public private(set) var count = 0
    private var currentRow: Int32 = 0

    /// Creates a table sized for about `capacity` keys.
    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(key: Self.empty, total: 0, rows: 0, lastRow: -1, rowCount: 0), count: size)
        mask = size - 1
    }

    @inline(__always) static func hash(_ key: UInt64) -> Int {
        var x = key &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        return Int(truncatingIfNeeded: x)
    }

    @inline(__always) private static func find(_ key: UInt64, in slots: UnsafeMutableBufferPointer<Slot>, mask: Int) -> Int {
        var index = hash(key) & mask
        while true {
            let found = slots[index].key
            if found == key || found == empty { return index }
            index = (index + 1) & mask
        }
    }

    /// Adds the keys of one row (one prompt), each occurrence counting once, and appends the row's
    /// distinct keys with their counts (in first-seen order) to `perPrompt`.
    public mutating func addRow(_ keys: [UInt64], to perPrompt: inout SparseCounts) {
        if (count + keys.count) * 4 > slots.count * 3 { grow(toFit: count + keys.count) }
        let row = currentRow
        let emitted = -2 - row
        let mask = self.mask
        var added = 0
        slots.withUnsafeMutableBufferPointer { slots in
            keys.withUnsafeBufferPointer { keys in
                for key in keys {
                    let index = Self.find(key, in: slots, mask: mask)
                    if slots[index].key == Self.empty {
                        slots[index].key = key
                        added += 1
                    }
                    slots[index].total &+= 1
                    if slots[index].lastRow != row {
                        slots[index].lastRow = row
                        slots[index].rows &+= 1
                        slots[index].rowCount = 1
                    } else {
                        slots[index].rowCount &+= 1
                    }
                }
                // Second pass (slots now in cache): emit each distinct key once.
                perPrompt.beginRow()
                for key in keys {
                    let index = Self.find(key, in: slots, mask: mask)
                    if slots[index].lastRow == row {
                        slots[index].lastRow = emitted
                        perPrompt.appendEntry(key, slots[index].rowCount)
                    }
                }
                perPrompt.endRow()
            }
        }
        count += added
        currentRow += 1
    }

    /// Adds a precomputed total and row count for `key` (merging another table).
    public mutating func merge(_ key: UInt64, total: Int, rows rowTotal: Int) {
        if (count + 1) * 4 > slots.count * 3 { grow(toFit: count + 1) }
        let mask = self.mask
        let added = slots.withUnsafeMutableBufferPointer { slots -> Int in
            let index = Self.find(key, in: slots, mask: mask)
            var added = 0
            if slots[index].key == Self.empty {
                slots[index].key = key
                added = 1
            }
            slots[index].total &+= UInt32(clamping: total)
            slots[index].rows &+= UInt32(clamping: rowTotal)
            return added
        }
        count += added
    }

    /// Total occurrences of `key` and the number of rows holding it.
    public func lookup(_ key: UInt64) -> (total: Int, rows: Int) {
        var index = Self.hash(key) & mask
        while true {
            let slot = slots[index]
            if slot.key == key { return (Int(slot.total), Int(slot.rows)) }
            if slot.key == Self.empty { return (0, 0) }
            index = (index + 1) & mask
        }
    }

    /// Calls `body` with every key, its total and its row count (in table order).
    public func forEach(_ body: (UInt64, Int, Int) -> Void) {
        for slot in slots where slot.key != Self.empty {
            body(slot.key, Int(slot.total), Int(slot.rows))
        }
    }

    private mutating func grow(toFit needed: Int) {
        var size = slots.count
        while needed * 4 > size * 3 { size <<= 1 }
        let old = slots
        slots = Array(repeating: Slot(key: Self.empty, total: 0, rows: 0, lastRow: -1, rowCount: 0), count: size)
        mask = size - 1
        let mask = self.mask
        slots.withUnsafeMutableBufferPointer { slots in
            for slot in old where slot.key != Self.empty {
                slots[Self.find(slot.key, in: slots, mask: mask)] = slot
            }
        }
    }
}
