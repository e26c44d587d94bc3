import Testing

@testable import BenchAudit

@Suite struct BitPackedItemsTests {
    @Test func resampleCountsAgreeWithPlainCounting() {
        var generator = SystemRandomNumberGenerator()
        for items in [1, 63, 64, 65, 200, 1000] {
            let sets = (0..<4).map { _ in
                let chosen = Set((0..<items).filter { _ in Bool.random(using: &generator) })
                return (chosen, ItemSet(count: items) { chosen.contains($0) })
            }
            for (chosen, set) in sets {
                #expect(set.count == chosen.count)
                #expect((0..<items).allSatisfy { set.contains($0) == chosen.contains($0) })
            }
            var counts = ResampleCounts(items: items)
            for round in 0..<3 {
                counts.reset()
                // Later rounds pile many draws on few items, so counts need many planes.
                let drawn = (0..<(items * (round + 1))).map { _ in
                    Int.random(in: 0..<max(1, items >> (round * 3)), using: &generator)
                }
                for item in drawn { counts.add(item) }
                for (chosen, set) in sets {
                    #expect(counts.draws(in: set) == drawn.filter { chosen.contains($0) }.count)
                }
                #expect(counts.draws(in: ItemSet(count: items) { _ in true }) == drawn.count)
            }
        }
    }
}

extension BitPackedItemsTests {
    @Test func fixedRemainderIsTheRemainder() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 7, 64, 12_032, 1_000_003, Int(Int32.max), 1 << 40] {
            let remainder = FixedRemainder(count)
            let edges: [UInt64] = [0, 1, UInt64(count) - 1, UInt64(count), UInt64.max, UInt64.max - 1, 1 << 63]
            for x in edges + (0..<2000).map({ _ in generator.next() }) {
                #expect(remainder(x) == Int(x % UInt64(count)), "\(x) % \(count)")
            }
        }
    }
}
