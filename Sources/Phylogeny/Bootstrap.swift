import Dispatch
import Synchronization

/// Trees rebuilt from resampled data, the share of them holding each split, and consensus trees.
public struct BootstrapResult: Sendable {
    /// The replicate trees, in replicate order.
    public var replicates: [Tree]
    /// How often each split occurred among the replicates.
    public var counts: SplitCounts
    /// The reference tree with every internal branch's support set to its split's share of replicates.
    public var supported: Tree
    /// The majority-rule consensus of the replicates (splits in more than half), support on branches.
    public var majorityRule: Tree
    /// The strict consensus (splits in every replicate).
    public var strict: Tree
}

/// Felsenstein's bootstrap, generic over how a replicate is drawn and how its tree is built.
public enum Bootstrap {
    /// Builds `replicates` trees concurrently and counts their splits against `reference`.
    ///
    /// Replicate `i` receives its own generator, `SeededGenerator(seed: seed, stream: i)`, so the result depends on
    /// the seed only, never on thread scheduling: the same seed gives the same trees byte for byte.
    public static func run(
        reference: Tree, taxa: [String], replicates: Int, seed: UInt64,
        progress: (@Sendable (Int) -> Void)? = nil,
        replicate: @Sendable (_ index: Int, _ generator: inout SeededGenerator) throws -> Tree
    ) throws -> BootstrapResult {
        precondition(replicates > 0, "at least one replicate")
        let trees = try replicateValues(count: replicates, seed: seed, progress: progress, replicate)
        var counts = SplitCounts(taxa: taxa)
        for tree in trees { try counts.add(tree) }
        return BootstrapResult(
            replicates: trees, counts: counts, supported: try counts.annotatingSupport(of: reference),
            majorityRule: Consensus.majorityRule(counts), strict: Consensus.strict(counts))
    }

    /// Runs `body` for replicates `0..<count` concurrently and returns their values in replicate order.
    ///
    /// Replicate `i` receives `SeededGenerator(seed: seed, stream: i)`, so the values depend on the seed only. The
    /// first error (by replicate index) is rethrown.
    public static func replicateValues<Value: Sendable>(
        count: Int, seed: UInt64, progress: (@Sendable (Int) -> Void)? = nil,
        _ body: @Sendable (_ index: Int, _ generator: inout SeededGenerator) throws -> Value
    ) throws -> [Value] {
        let slots = Mutex<[Value?]>([Value?](repeating: nil, count: count))
        let failure = Mutex<(index: Int, error: any Error)?>(nil)
        let done = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            if failure.withLock({ $0 != nil }) { return }
            var generator = SeededGenerator(seed: seed, stream: index)
            do {
                let value = try body(index, &generator)
                slots.withLock { $0[index] = value }
                progress?(done.add(1, ordering: .relaxed).newValue)
            } catch {
                failure.withLock { current in
                    if current == nil || current!.index > index { current = (index, error) }
                }
            }
        }
        if let failure = failure.withLock({ $0 }) { throw failure.error }
        return slots.withLock { $0.map { $0! } }
    }

    /// How many times each of `count` items is drawn when drawing `count` times with replacement.
    public static func resampleWeights(count: Int, using generator: inout SeededGenerator) -> [Int] {
        var weights = [Int](repeating: 0, count: count)
        guard count > 0 else { return weights }
        for _ in 0..<count { weights[Int(generator.next() % UInt64(count))] += 1 }
        return weights
    }

    /// Characters drawn `characterCount` times with replacement (the classical bootstrap over characters).
    public static func resampleCharacters(count: Int, using generator: inout SeededGenerator) -> [Int] {
        guard count > 0 else { return [] }
        return (0..<count).map { _ in Int(generator.next() % UInt64(count)) }
    }
}
