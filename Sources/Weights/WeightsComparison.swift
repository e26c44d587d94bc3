/// Everything `lineage weights compare` reports: per-tensor similarities and the independence test.
public struct WeightsComparison: Sendable {
    /// The first checkpoint's path.
    public let pathA: String
    /// The second checkpoint's path.
    public let pathB: String
    /// How the tensors were paired.
    public let pairing: TensorPairing
    /// Per-tensor similarity, in canonical name order.
    public let tensors: [TensorSimilarity]
    /// The independence test.
    public let independence: IndependenceTest.Result
    /// The settings of the test.
    public let settings: IndependenceTest.Settings

    /// Compares two opened checkpoints.
    public init(
        _ a: Checkpoint, _ b: Checkpoint, settings: IndependenceTest.Settings = .init(),
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) {
        pathA = a.path
        pathB = b.path
        pairing = TensorPairing(a, b)
        tensors = TensorComparison.compare(pairing.pairs, progress: progress)
        independence = IndependenceTest.run(a, b, settings: settings)
        self.settings = settings
    }

    /// Mean cosine over the compared tensors, weighted by their sizes (nil when nothing was compared).
    public var weightedCosine: Double? {
        let usable = tensors.filter { $0.cosine != nil }
        let total = usable.reduce(0) { $0 + $1.elementCount }
        guard total > 0 else { return nil }
        return usable.reduce(0.0) { $0 + $1.cosine! * Double($1.elementCount) } / Double(total)
    }
}
