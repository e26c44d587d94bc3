/// A per-task cache from token bytes to vocabulary traits, so the shared ``Vocabulary`` is locked only
/// for words the task has not seen before.
///
/// Each slot holds the hash, the first eight bytes and the traits of its token, so a lookup of a short
/// word touches one cache line.
struct TokenCache {
    struct Slot {
        /// First (up to) eight bytes of the token, little-endian, zero-padded.
        var prefix: UInt64
        /// High hash bits (upper 24) and the token length clamped to 255 (lower 8).
        var tag: UInt32
        /// Index into `starts`/`lengths`/`traits`, or -1 when the slot is empty.
        var entry: Int32
    }

    /// Front cache for tokens of up to eight bytes (most running words): the token's bytes and its traits
    /// packed in sixteen bytes, so the table (512 KB) stays in the L2 cache.
    private struct ShortEntry {
        var bytes: UInt64
        var traits: UInt64
    }
    /// Front cache for tokens of nine to sixteen bytes.
    private struct LongEntry {
        var low: UInt64
        var high: UInt64
        var traits: TokenTraits
    }
    private static let shortBits = 15
    private static let longBits = 13
    private var short: [ShortEntry]
    private var long: [LongEntry]

    private var arena: [UInt8] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var traits: [TokenTraits] = []
    private var slots: [Slot]
    private var mask: Int
    private var entries = 0
    let vocabulary: Vocabulary

    init(vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
        let size = 1 << 15
        slots = Array(repeating: Slot(prefix: 0, tag: 0, entry: -1), count: size)
        mask = size - 1
        arena.reserveCapacity(1 << 18)
        short = Array(repeating: ShortEntry(bytes: 0, traits: 0), count: 1 << Self.shortBits)
        long = Array(
            repeating: LongEntry(
                low: 0, high: 0,
                traits: TokenTraits(
                    isNumeric: false, isStopword: false, isWordFeature: false, isContentWord: false, featureID: 0,
                    syllables: 0)),
            count: 1 << Self.longBits)
    }

    /// `traits` in one word: the feature id in the low 32 bits, syllables in the next 8, then the four flags.
    @inline(__always) static func pack(_ traits: TokenTraits) -> UInt64 {
        UInt64(traits.featureID) | UInt64(traits.syllables) << 32 | (traits.isNumeric ? 1 << 40 : 0)
            | (traits.isStopword ? 1 << 41 : 0) | (traits.isWordFeature ? 1 << 42 : 0)
            | (traits.isContentWord ? 1 << 43 : 0)
    }

    /// The traits packed by ``pack(_:)``.
    @inline(__always) static func unpack(_ packed: UInt64) -> TokenTraits {
        TokenTraits(
            isNumeric: packed & 1 << 40 != 0, isStopword: packed & 1 << 41 != 0,
            isWordFeature: packed & 1 << 42 != 0, isContentWord: packed & 1 << 43 != 0,
            featureID: UInt32(truncatingIfNeeded: packed), syllables: UInt8(truncatingIfNeeded: packed >> 32))
    }

    /// Bytes `from..<min(from + 8, count)` zero-padded into a word (little-endian).
    @inline(__always) static func word(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> UInt64 {
        let available = bytes.count - from
        guard available > 0, let base = bytes.baseAddress else { return 0 }
        let start = UnsafeRawPointer(base + from)
        if available >= 8 { return UInt64(littleEndian: start.loadUnaligned(as: UInt64.self)) }
        // Up to three loads of 4, 2 and 1 bytes, none past the end.
        var value: UInt64 = 0
        var offset = 0
        if available & 4 != 0 {
            value = UInt64(UInt32(littleEndian: start.loadUnaligned(as: UInt32.self)))
            offset = 4
        }
        if available & 2 != 0 {
            let pair = UInt16(littleEndian: start.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
            value |= UInt64(pair) << UInt64(offset * 8)
            offset += 2
        }
        if available & 1 != 0 {
            value |= UInt64(start.load(fromByteOffset: offset, as: UInt8.self)) << UInt64(offset * 8)
        }
        return value
    }

    /// The traits of the token spelled by `bytes`.
    @inline(__always) mutating func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> TokenTraits {
        // Tokens hold no NUL byte, so zero padding makes the words identify the token (and an empty entry,
        // all zeros, matches none). Each table is two-way set associative: a set is two neighbouring entries,
        // the most recently filled first.
        if bytes.count <= 8 {
            let word = Self.word(bytes, from: 0)
            let slot = Int(truncatingIfNeeded: (word &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - Self.shortBits)) & ~1
            let cached: UInt64? = short.withUnsafeBufferPointer { short in
                if short[slot].bytes == word { return short[slot].traits }
                if short[slot + 1].bytes == word { return short[slot + 1].traits }
                return nil
            }
            if let cached { return Self.unpack(cached) }
            let traits = lookupSlow(bytes)
            short[slot + 1] = short[slot]
            short[slot] = ShortEntry(bytes: word, traits: Self.pack(traits))
            return traits
        }
        guard bytes.count <= 16 else { return lookupSlow(bytes) }
        let low = Self.word(bytes, from: 0)
        let high = Self.word(bytes, from: 8)
        let mixed = (low ^ (high &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15
        let slot = Int(truncatingIfNeeded: mixed >> UInt64(64 - Self.longBits)) & ~1
        let cached: TokenTraits? = long.withUnsafeBufferPointer { long in
            if long[slot].low == low && long[slot].high == high { return long[slot].traits }
            if long[slot + 1].low == low && long[slot + 1].high == high { return long[slot + 1].traits }
            return nil
        }
        if let cached { return cached }
        let traits = lookupSlow(bytes)
        long[slot + 1] = long[slot]
        long[slot] = LongEntry(low: low, high: high, traits: traits)
        return traits
    }

    /// Hash and zero-padded eight-byte prefix of a token.
    @inline(__always) static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        var offset = 0
        var prefix: UInt64 = 0
        while offset + 8 <= n {
            let chunk = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            if offset == 0 { prefix = chunk }
            h = (h ^ chunk) &* 0xFF51_AFD7_ED55_8CCD
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
            if n < 8 { prefix = tail }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return (h, prefix)
    }

    /// The traits of the token spelled by `bytes`, from the main table.
    mutating func lookupSlow(_ bytes: UnsafeBufferPointer<UInt8>) -> TokenTraits {
        let (h, prefix) = Self.hash(bytes)
        let tag = UInt32(truncatingIfNeeded: h >> 40) << 8 | UInt32(min(bytes.count, 255))
        let mask = self.mask
        var index = Int(truncatingIfNeeded: h) & mask
        let found: Int32 = slots.withUnsafeBufferPointer { slots in
            while true {
                let slot = slots[index]
                if slot.entry < 0 { return -1 }
                if slot.tag == tag && slot.prefix == prefix
                    && (bytes.count <= 8 || sameTail(entry: Int(slot.entry), bytes))
                {
                    return slot.entry
                }
                index = (index + 1) & mask
            }
        }
        if found >= 0 { return traits.withUnsafeBufferPointer { $0[Int(found)] } }
        return insert(bytes, hash: h, tag: tag, prefix: prefix, at: index)
    }

    private func sameTail(entry: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[entry])
        return arena.withUnsafeBufferPointer { a in
            guard Int(lengths[entry]) == bytes.count else { return false }
            for i in 8..<bytes.count where a[start + i] != bytes[i] { return false }
            return true
        }
    }

    private mutating func insert(
        _ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, tag: UInt32, prefix: UInt64, at index: Int
    ) -> TokenTraits {
        let (_, interned) = vocabulary.intern(String(decoding: bytes, as: UTF8.self))
        starts.append(Int32(arena.count))
        lengths.append(Int32(bytes.count))
        traits.append(interned)
        arena.append(contentsOf: bytes)
        slots[index] = Slot(prefix: prefix, tag: tag, entry: Int32(entries))
        entries += 1
        if entries * 2 > slots.count { grow() }
        return interned
    }

    private mutating func grow() {
        let old = slots
        let size = slots.count * 2
        slots = Array(repeating: Slot(prefix: 0, tag: 0, entry: -1), count: size)
        mask = size - 1
        for slot in old where slot.entry >= 0 {
            let start = Int(starts[Int(slot.entry)])
            let length = Int(lengths[Int(slot.entry)])
            let h = arena.withUnsafeBufferPointer {
                Self.hash(UnsafeBufferPointer(rebasing: $0[start..<start + length])).0
            }
            var index = Int(truncatingIfNeeded: h) & mask
            while slots[index].entry >= 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}
