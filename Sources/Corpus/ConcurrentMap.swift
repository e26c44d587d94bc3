import Dispatch
import Foundation
import Synchronization

/// Runs independent jobs on all cores and returns their results in input order.
public enum ConcurrentMap {
    /// `transform` applied to every input, concurrently; the results in input order.
    public static func run<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], _ transform: @Sendable (Input) -> Output
    ) -> [Output] {
        run(inputs, worker: {}, { _, input in transform(input) })
    }

    /// `transform` applied to every input by one worker per core; the results in input order.
    ///
    /// Each worker keeps the state `makeWorker` gives it (a cache, a scratch buffer) from one input to the next
    /// and takes the next input in `order` (input positions; all of them, each once) when it is free: listing the
    /// largest inputs first makes the last one to finish a small one.
    public static func run<Input: Sendable, Worker, Output: Sendable>(
        _ inputs: [Input], order: [Int]? = nil, worker makeWorker: @Sendable () -> Worker,
        _ transform: @Sendable (inout Worker, Input) -> Output
    ) -> [Output] {
        let order = order ?? Array(inputs.indices)
        precondition(order.count == inputs.count, "order lists every input once")
        let slots = Mutex([Output?](repeating: nil, count: inputs.count))
        let next = Atomic<Int>(0)
        let workers = min(inputs.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var worker = makeWorker()
            while true {
                let position = next.add(1, ordering: .relaxed).oldValue
                guard position < order.count else { return }
                let index = order[position]
                let value = transform(&worker, inputs[index])
                slots.withLock { $0[index] = value }
            }
        }
        return slots.withLock { $0.map { $0! } }
    }
}
