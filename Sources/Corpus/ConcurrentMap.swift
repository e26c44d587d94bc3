import Dispatch
import Synchronization

/// Runs independent jobs on all cores and returns their results in input order.
public enum ConcurrentMap {
    /// `transform` applied to every input, concurrently; the results in input order.
    public static func run<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], _ transform: @Sendable (Input) -> Output
    ) -> [Output] {
        let slots = Mutex([Output?](repeating: nil, count: inputs.count))
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            let value = transform(inputs[index])
            slots.withLock { $0[index] = value }
        }
        return slots.withLock { $0.map { $0! } }
    }
}
