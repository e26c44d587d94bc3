import Foundation

/// A per-task cache from token bytes to vocabulary ids, so the shared ``Vocabulary`` is locked only
/// for words the task has not seen before.
struct TokenCache {
    private var arena: [UInt8] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    private(set) var ids: [UInt32] = []
    private(set) var traits: [TokenTraits] = []
    private var slots: [Int32]
    private var mask: Int
    let vocabulary: Vocabulary

    init(vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
        slots = Array(repeating: -1, count: 1 << 14)
        mask = (1 << 14) - 1
        arena.reserveCapacity(1 << 18)
    }

    @inline(__always) static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        var offset = 0
        while offset + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            offset += 8
        }
        if offset < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < n {
                tail |= UInt64(bytes[offset]) << shift
                shift += 8
                offset += 1
            }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        return h ^ (h >> 29)
    }

    /// The vocabulary id and traits of the token spelled by `bytes`.
    @inline(__always) mutating func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt32, TokenTraits) {
        let h = Self.hash(bytes)
        var index = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[index]
            if entry < 0 { break }
            let e = Int(entry)
            if hashes[e] == h && Int(lengths[e]) == bytes.count {
                let start = Int(starts[e])
                let same = arena.withUnsafeBufferPointer { a in
                    let stored = a.baseAddress! + start
                    for i in 0..<bytes.count where stored[i] != bytes[i] { return false }
                    return true
                }
                if same { return (ids[e], traits[e]) }
            }
            index = (index + 1) & mask
        }
        let (id, trait) = vocabulary.intern(String(decoding: bytes, as: UTF8.self))
        let e = ids.count
        starts.append(Int32(arena.count))
        lengths.append(Int32(bytes.count))
        hashes.append(h)
        arena.append(contentsOf: bytes)
        ids.append(id)
        traits.append(trait)
        slots[index] = Int32(e)
        if ids.count * 2 > slots.count { grow() }
        return (id, trait)
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for e in hashes.indices {
            var index = Int(truncatingIfNeeded: hashes[e]) & mask
            while slots[index] >= 0 { index = (index + 1) & mask }
            slots[index] = Int32(e)
        }
    }
}
