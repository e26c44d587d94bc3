import Testing

@testable import Lexicon

@Suite("KeyTable")
struct KeyTableTests {
    @Test func agreesWithDictionaryThroughGrowth() {
        var table = KeyTable(capacity: 4)
        var reference: [UInt64: Int32] = [:]
        var state: UInt64 = 0x1234_5678
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Few distinct keys at first, then many, so both hits and misses occur across several growths.
            let key = state >> (state & 1 == 0 ? 52 : 20)
            let expected = reference[key] ?? Int32(reference.count)
            reference[key] = expected
            #expect(table.value(for: key, inserting: Int32(table.count)) == expected)
        }
        #expect(table.count == reference.count)
        for (key, value) in reference { #expect(table.value(for: key) == value) }
        #expect(table.value(for: UInt64.max - 7) == nil || reference[UInt64.max - 7] != nil)
    }

    @Test func setReplacesAndInserts() {
        var table = KeyTable()
        table.set(42, 1)
        table.set(42, 7)
        table.set(0, 3)
        #expect(table.value(for: 42) == 7)
        #expect(table.value(for: 0) == 3)
        #expect(table.value(for: 1) == nil)
        #expect(table.count == 2)
    }
}
