/// A small open-addressing map from feature keys to positions, for scanning occurrence streams.
struct KeyIndex {
    private var keys: [UInt64]
    private var positions: [Int32]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 4 { size <<= 1 }
        keys = Array(repeating: .max, count: size)
        positions = Array(repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always) private func hash(_ key: UInt64) -> Int {
        var x = key ^ (key >> 33)
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        return Int(truncatingIfNeeded: x) & mask
    }

    mutating func insert(_ key: UInt64, _ position: Int) {
        var slot = hash(key)
        while keys[slot] != .max && keys[slot] != key { slot = (slot + 1) & mask }
        keys[slot] = key
        positions[slot] = Int32(position)
    }

    @inline(__always) func position(of key: UInt64) -> Int? {
        var slot = hash(key)
        while true {
            let found = keys[slot]
            if found == key { return Int(positions[slot]) }
            if found == .max { return nil }
            slot = (slot + 1) & mask
        }
    }
}
