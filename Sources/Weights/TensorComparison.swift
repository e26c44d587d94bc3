import Dispatch
import Synchronization

/// How alike two tensors of the same shape are.
public struct TensorSimilarity: Sendable, Hashable {
    /// The canonical name.
    public let name: String
    /// Number of values compared.
    public let elementCount: Int
    /// Cosine of the angle between the two tensors as flat vectors (nil when either is all zeros).
    public let cosine: Double?
    /// ‖a − b‖ / ‖a‖ (nil when a is all zeros).
    public let relativeL2: Double?
    /// Whether some value was not finite (NaN or infinite); the sums then skip nothing and the numbers are NaN.
    public let hasNonFinite: Bool
}

/// Per-tensor cosine similarity and relative L2 distance, streamed row block by row block from the mapped files
/// (memory stays at a few scratch buffers per core whatever the model's size), in parallel over blocks.
public enum TensorComparison {
    /// Values decoded per work item.
    static let valuesPerItem = 1 << 22
    /// Values per scratch chunk within a work item.
    static let valuesPerChunk = 1 << 16

    private struct Sums {
        var dot = 0.0
        var normA = 0.0
        var normB = 0.0
        var difference = 0.0

        static func + (lhs: Sums, rhs: Sums) -> Sums {
            Sums(
                dot: lhs.dot + rhs.dot, normA: lhs.normA + rhs.normA, normB: lhs.normB + rhs.normB,
                difference: lhs.difference + rhs.difference)
        }
    }

    /// Compares every pair; `progress` gets the number of work items done and their total.
    public static func compare(_ pairs: [TensorPair], progress: (@Sendable (Int, Int) -> Void)? = nil)
        -> [TensorSimilarity]
    {
        var items: [(pair: Int, rows: Range<Int>)] = []
        for (index, pair) in pairs.enumerated() {
            let rowsPerItem = max(1, valuesPerItem / pair.a.rowLength)
            var start = 0
            while start < pair.a.rowCount {
                let end = min(pair.a.rowCount, start + rowsPerItem)
                items.append((index, start..<end))
                start = end
            }
        }
        let workItems = items
        let slots = Mutex([Sums](repeating: Sums(), count: items.count))
        let done = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: items.count) { item in
            let (pairIndex, rows) = workItems[item]
            let result = sums(pairs[pairIndex], rows: rows)
            slots.withLock { $0[item] = result }
            let finished = done.withLock { count in
                count += 1
                return count
            }
            progress?(finished, workItems.count)
        }
        var totals = [Sums](repeating: Sums(), count: pairs.count)
        for (item, sums) in zip(items, slots.withLock { $0 }) { totals[item.pair] = totals[item.pair] + sums }
        return zip(pairs, totals).map { pair, sums in
            let nonFinite = !(sums.dot + sums.normA + sums.normB + sums.difference).isFinite
            return TensorSimilarity(
                name: pair.name, elementCount: pair.a.elementCount,
                cosine: sums.normA > 0 && sums.normB > 0 ? sums.dot / (sums.normA * sums.normB).squareRoot() : nil,
                relativeL2: sums.normA > 0 ? (sums.difference / sums.normA).squareRoot() : nil,
                hasNonFinite: nonFinite)
        }
    }

    private static func sums(_ pair: TensorPair, rows: Range<Int>) -> Sums {
        let rowLength = pair.a.rowLength
        let rowsPerChunk = max(1, valuesPerChunk / rowLength)
        let capacity = rowsPerChunk * rowLength
        let bufferA = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
        let bufferB = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
        defer {
            bufferA.deallocate()
            bufferB.deallocate()
        }
        var total = Sums()
        var start = rows.lowerBound
        while start < rows.upperBound {
            let end = min(rows.upperBound, start + rowsPerChunk)
            pair.a.decodeRows(start..<end, into: bufferA)
            if let order = pair.rowOrderB {
                for row in start..<end {
                    pair.b.decodeRows(order[row]..<order[row] + 1, into: bufferB + (row - start) * rowLength)
                }
            } else {
                pair.b.decodeRows(start..<end, into: bufferB)
            }
            total = total + accumulate(bufferA, bufferB, count: (end - start) * rowLength)
            start = end
        }
        return total
    }

    /// Sums over `count` values in blocks of 1024 accumulated in Float lanes, then in Double.
    private static func accumulate(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Sums {
        var total = Sums()
        var start = 0
        while start < count {
            let end = min(count, start + 1024)
            var dot = SIMD8<Float>()
            var normA = SIMD8<Float>()
            var normB = SIMD8<Float>()
            var difference = SIMD8<Float>()
            var index = start
            while index + 8 <= end {
                let x = UnsafeRawPointer(a + index).loadUnaligned(as: SIMD8<Float>.self)
                let y = UnsafeRawPointer(b + index).loadUnaligned(as: SIMD8<Float>.self)
                dot += x * y
                normA += x * x
                normB += y * y
                let d = x - y
                difference += d * d
                index += 8
            }
            var tail = Sums()
            while index < end {
                let x = Double(a[index])
                let y = Double(b[index])
                tail.dot += x * y
                tail.normA += x * x
                tail.normB += y * y
                tail.difference += (x - y) * (x - y)
                index += 1
            }
            total.dot += Double(dot.sum()) + tail.dot
            total.normA += Double(normA.sum()) + tail.normA
            total.normB += Double(normB.sum()) + tail.normB
            total.difference += Double(difference.sum()) + tail.difference
            start = end
        }
        return total
    }
}
