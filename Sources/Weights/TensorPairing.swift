/// Pairs the tensors of two checkpoints by canonical name (see ``TensorNaming``).
public struct TensorPair: Sendable {
    /// The canonical name both tensors share.
    public let name: String
    /// The tensor in the first checkpoint.
    public let a: Tensor
    /// The tensor in the second checkpoint.
    public let b: Tensor
    /// For each row of `a`, the row of `b` holding the same weights (nil: the same row), undoing llama.cpp's
    /// rotary reordering of query and key rows when only one side was converted.
    public let rowOrderB: [Int]?
}

/// The outcome of pairing two checkpoints' tensors.
public struct TensorPairing: Sendable {
    /// Pairs of tensors with the same canonical name, the same shape and decodable types, in canonical name order.
    public let pairs: [TensorPair]
    /// Canonical names present in only the first checkpoint.
    public let onlyInA: [String]
    /// Canonical names present in only the second checkpoint.
    public let onlyInB: [String]
    /// Canonical names present in both whose shapes or types do not allow a comparison, with the reason.
    public let incomparable: [(name: String, reason: String)]

    /// Pairs `a`'s tensors with `b`'s.
    public init(_ a: Checkpoint, _ b: Checkpoint) {
        var byNameA: [String: Tensor] = [:]
        for tensor in a.tensors { byNameA[TensorNaming.canonical(tensor.name)] = tensor }
        var byNameB: [String: Tensor] = [:]
        for tensor in b.tensors { byNameB[TensorNaming.canonical(tensor.name)] = tensor }
        var pairs: [TensorPair] = []
        var incomparable: [(String, String)] = []
        for name in byNameA.keys.sorted() {
            guard let tensorA = byNameA[name], let tensorB = byNameB[name] else { continue }
            guard tensorA.shape == tensorB.shape else {
                incomparable.append((name, "shapes \(tensorA.shape) and \(tensorB.shape) differ"))
                continue
            }
            guard tensorA.type.isDecodable, tensorB.type.isDecodable else {
                incomparable.append((name, "cannot decode \(tensorA.type.rawValue) or \(tensorB.type.rawValue)"))
                continue
            }
            let orderA = TensorNaming.huggingFaceRowOrder(of: name, in: a, rows: tensorA.rowCount)
            let orderB = TensorNaming.huggingFaceRowOrder(of: name, in: b, rows: tensorB.rowCount)
            var rowOrderB: [Int]?
            switch (orderA, orderB) {
            case (nil, let order?):
                // Row r of a (Hugging Face order) is in the row of b that holds Hugging Face row r.
                var inverse = [Int](repeating: 0, count: order.count)
                for (ggufRow, huggingFaceRow) in order.enumerated() { inverse[huggingFaceRow] = ggufRow }
                rowOrderB = inverse
            case (let order?, nil): rowOrderB = order
            default: rowOrderB = nil
            }
            pairs.append(TensorPair(name: name, a: tensorA, b: tensorB, rowOrderB: rowOrderB))
        }
        self.pairs = pairs
        self.incomparable = incomparable
        onlyInA = byNameA.keys.filter { byNameB[$0] == nil }.sorted()
        onlyInB = byNameB.keys.filter { byNameA[$0] == nil }.sorted()
    }
}
