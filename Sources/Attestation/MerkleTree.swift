import Crypto
import Foundation

/// Merkle tree hashing, audit paths and consistency proofs exactly as RFC 6962 §2.1 and RFC 9162 §2.1 define them:
/// SHA-256, leaf hash `HASH(0x00 || leaf)`, interior hash `HASH(0x01 || left || right)`, and a tree of n leaves split
/// at k, the largest power of two smaller than n.
public enum MerkleTree {
    /// The hash of a leaf's data: SHA-256(0x00 || data).
    public static func leafHash<Bytes: DataProtocol>(_ data: Bytes) -> Data {
        var hasher = SHA256()
        hasher.update(data: [0])
        hasher.update(data: data)
        return Data(hasher.finalize())
    }

    /// The hash of an interior node: SHA-256(0x01 || left || right).
    public static func nodeHash(_ left: Data, _ right: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: [1])
        hasher.update(data: left)
        hasher.update(data: right)
        return Data(hasher.finalize())
    }

    /// The hash of the empty tree: SHA-256 of no bytes.
    public static let emptyRoot = Data(SHA256.hash(data: Data()))

    /// The largest power of two smaller than `n` (n ≥ 2).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH over leaf hashes held in memory.
    public static func root(leafHashes: [Data]) -> Data {
        leafHashes.isEmpty ? emptyRoot : InMemoryTree(leafHashes: leafHashes).hash(start: 0, count: leafHashes.count)
    }

    // MARK: - Proofs over any source of subtree hashes

    /// MTH(D[start ..< start+count]) from the hashes of perfect subtrees, O(log count) look-ups.
    ///
    /// `perfect(level, index)` returns the hash of the perfect subtree of 2^level leaves starting at leaf
    /// index × 2^level. `start` must be a multiple of the largest power of two not above `count` (true for every range
    /// the RFC's recursion visits).
    static func subtreeHash<E: Error>(
        start: Int, count: Int, perfect: (_ level: Int, _ index: Int) throws(E) -> Data
    ) throws(E) -> Data {
        if count == 0 { return emptyRoot }
        if count & (count - 1) == 0 {
            let level = count.trailingZeroBitCount
            return try perfect(level, start >> level)
        }
        let k = split(count)
        let left = try subtreeHash(start: start, count: k, perfect: perfect)
        let right = try subtreeHash(start: start + k, count: count - k, perfect: perfect)
        return nodeHash(left, right)
    }

    /// PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of the first `size` leaves,
    /// from the leaf's sibling up.
    static func inclusionPath<E: Error>(
        index: Int, size: Int, perfect: (_ level: Int, _ index: Int) throws(E) -> Data
    ) throws(E) -> [Data] {
        var path: [Data] = []
        try collectPath(m: index, start: 0, n: size, into: &path, perfect: perfect)
        return path
    }

    private static func collectPath<E: Error>(
        m: Int, start: Int, n: Int, into path: inout [Data], perfect: (Int, Int) throws(E) -> Data
    ) throws(E) {
        guard n > 1 else { return }
        let k = split(n)
        if m < k {
            try collectPath(m: m, start: start, n: k, into: &path, perfect: perfect)
            path.append(try subtreeHash(start: start + k, count: n - k, perfect: perfect))
        } else {
            try collectPath(m: m - k, start: start + k, n: n - k, into: &path, perfect: perfect)
            path.append(try subtreeHash(start: start, count: k, perfect: perfect))
        }
    }

    /// PROOF(m, D[n]) of RFC 9162 §2.1.4.1: the consistency proof between the tree of the first `oldSize` leaves and
    /// the tree of the first `newSize`. Empty when `oldSize` is 0 or equals `newSize`.
    static func consistencyPath<E: Error>(
        oldSize: Int, newSize: Int, perfect: (_ level: Int, _ index: Int) throws(E) -> Data
    ) throws(E) -> [Data] {
        var path: [Data] = []
        guard oldSize > 0, oldSize < newSize else { return path }
        try collectSubproof(m: oldSize, start: 0, n: newSize, complete: true, into: &path, perfect: perfect)
        return path
    }

    private static func collectSubproof<E: Error>(
        m: Int, start: Int, n: Int, complete: Bool, into path: inout [Data], perfect: (Int, Int) throws(E) -> Data
    ) throws(E) {
        if m == n {
            if !complete { path.append(try subtreeHash(start: start, count: n, perfect: perfect)) }
            return
        }
        let k = split(n)
        if m <= k {
            try collectSubproof(m: m, start: start, n: k, complete: complete, into: &path, perfect: perfect)
            path.append(try subtreeHash(start: start + k, count: n - k, perfect: perfect))
        } else {
            try collectSubproof(m: m - k, start: start + k, n: n - k, complete: false, into: &path, perfect: perfect)
            path.append(try subtreeHash(start: start, count: k, perfect: perfect))
        }
    }

    /// The audit path of leaf `index` in the tree over `leafHashes` (in memory).
    public static func inclusionPath(index: Int, leafHashes: [Data]) -> [Data] {
        let tree = InMemoryTree(leafHashes: leafHashes)
        return inclusionPath(index: index, size: leafHashes.count, perfect: tree.perfect)
    }

    /// The consistency proof from the first `oldSize` of `leafHashes` to all of them (in memory).
    public static func consistencyPath(oldSize: Int, leafHashes: [Data]) -> [Data] {
        let tree = InMemoryTree(leafHashes: leafHashes)
        return consistencyPath(oldSize: oldSize, newSize: leafHashes.count, perfect: tree.perfect)
    }

    // MARK: - Verification (RFC 9162 §2.1.3.2 and §2.1.4.2)

    /// The root that `path` proves for `leafHash` at `index` in a tree of `size` leaves, by the algorithm of RFC 9162
    /// §2.1.3.2; nil when the path cannot be a valid proof for that index and size (wrong length, index ≥ size).
    public static func rootFromInclusionPath(index: Int, size: Int, leafHash: Data, path: [Data]) -> Data? {
        guard index >= 0, index < size, leafHash.count == 32, path.allSatisfy({ $0.count == 32 }) else { return nil }
        var fn = UInt64(index)
        var sn = UInt64(size - 1)
        var r = leafHash
        for p in path {
            if sn == 0 { return nil }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? r : nil
    }

    /// Whether `path` proves that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`.
    public static func verifyInclusion(index: Int, size: Int, leafHash: Data, path: [Data], root: Data) -> Bool {
        rootFromInclusionPath(index: index, size: size, leafHash: leafHash, path: path) == root
    }

    /// Whether `path` proves that the tree of `oldSize` leaves with root `oldRoot` is a prefix of the tree of `newSize`
    /// leaves with root `newRoot`, by the algorithm of RFC 9162 §2.1.4.2. Equal sizes need equal roots and an empty
    /// path; an empty old tree is a prefix of any tree (empty path).
    public static func verifyConsistency(oldSize: Int, newSize: Int, oldRoot: Data, newRoot: Data, path: [Data])
        -> Bool
    {
        guard oldSize >= 0, oldSize <= newSize, path.allSatisfy({ $0.count == 32 }) else { return false }
        if oldSize == newSize { return path.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return path.isEmpty }
        guard !path.isEmpty else { return false }
        var proof = path
        if oldSize & (oldSize - 1) == 0 { proof.insert(oldRoot, at: 0) }
        var fn = UInt64(oldSize - 1)
        var sn = UInt64(newSize - 1)
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = proof[0]
        var sr = proof[0]
        for c in proof.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }
}

/// All perfect-subtree hashes of a list of leaf hashes, level by level.
struct InMemoryTree {
    var levels: [[Data]]

    init(leafHashes: [Data]) {
        levels = [leafHashes]
        while let last = levels.last, last.count > 1 {
            levels.append(
                stride(from: 0, to: last.count - 1, by: 2).map { MerkleTree.nodeHash(last[$0], last[$0 + 1]) })
        }
    }

    func perfect(level: Int, index: Int) -> Data { levels[level][index] }

    func hash(start: Int, count: Int) -> Data {
        MerkleTree.subtreeHash(start: start, count: count, perfect: perfect)
    }
}
