/// A growable hash map from 64-bit feature keys (``NGramKey`` values, hashes) to dense 32-bit ids, for hot loops
/// where `Dictionary`'s seeded hashing dominates.
///
/// Open addressing with linear probing; `UInt64.max` is reserved and cannot be stored.
public struct KeyTable: Sendable {
    @usableFromInline var keys: [UInt64]
    @usableFromInline var values: [Int32]
    @usableFromInline var mask: Int
    @usableFromInline var stored = 0
    /// The number of keys stored.
    public var count: Int { stored }

    /// Creates an empty table sized for about `capacity` keys (it grows beyond that).
    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: .max, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
    }

    @inlinable @inline(__always) static func slot(_ key: UInt64, _ mask: Int) -> Int {
        var x = key ^ (key >> 33)
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        return Int(truncatingIfNeeded: x) & mask
    }

    /// The id stored for `key`, or nil.
    @inlinable @inline(__always) public func value(for key: UInt64) -> Int32? {
        var slot = Self.slot(key, mask)
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == .max { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key`: the stored one, or `next` (stored) when the key is new.
    @inlinable @inline(__always) public mutating func value(for key: UInt64, inserting next: Int32) -> Int32 {
        precondition(key != .max, "KeyTable cannot store UInt64.max")
        var slot = Self.slot(key, mask)
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == .max { break }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        values[slot] = next
        stored += 1
        if stored * 2 > keys.count { grow() }
        return next
    }

    /// Stores `value` for `key`, replacing any earlier value.
    @inlinable public mutating func set(_ key: UInt64, _ value: Int32) {
        precondition(key != .max, "KeyTable cannot store UInt64.max")
        var slot = Self.slot(key, mask)
        while keys[slot] != .max && keys[slot] != key { slot = (slot + 1) & mask }
        if keys[slot] == .max {
            stored += 1
            keys[slot] = key
            values[slot] = value
            if stored * 2 > keys.count { grow() }
        } else {
            values[slot] = value
        }
    }

    @usableFromInline mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: .max, count: oldKeys.count * 2)
        values = Array(repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (key, value) in zip(oldKeys, oldValues) where key != .max {
            var slot = Self.slot(key, mask)
            while keys[slot] != .max { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
    }
}
