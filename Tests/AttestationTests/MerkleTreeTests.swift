import Foundation
import Testing

@testable import Attestation

/// The RFC 6962 test vectors used by Certificate Transparency implementations (transparency-dev/merkle,
/// certificate-transparency-go): eight leaves, the roots of their prefixes, audit paths and consistency proofs.
@Suite struct MerkleTreeTests {
    static let leaves: [Data] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map(bytes)

    static let roots: [String] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    /// (leaf number counted from 1, tree size, audit path).
    static let inclusionVectors: [(Int, Int, [String])] = [
        (1, 1, []),
        (
            1, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        ),
        (
            6, 8,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
        (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (
            2, 5,
            [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        ),
    ]

    /// (old size, new size, consistency proof).
    static let consistencyVectors: [(Int, Int, [String])] = [
        (1, 1, []),
        (
            1, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        ),
        (
            6, 8,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
        (
            2, 5,
            [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        ),
        (
            6, 7,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
    ]

    static var leafHashes: [Data] { leaves.map { MerkleTree.leafHash($0) } }

    @Test func emptyTreeAndPrefixRootsMatchTheVectors() {
        #expect(Hex.encode(MerkleTree.emptyRoot) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        for size in 1...8 {
            #expect(
                Hex.encode(MerkleTree.root(leafHashes: Array(Self.leafHashes.prefix(size)))) == Self.roots[size - 1])
        }
    }

    @Test(arguments: 0..<5) func auditPathsMatchAndVerify(vector: Int) {
        let (leaf, size, expected) = Self.inclusionVectors[vector]
        let hashes = Array(Self.leafHashes.prefix(size))
        let path = MerkleTree.inclusionPath(index: leaf - 1, leafHashes: hashes)
        #expect(path.map { Hex.encode($0) } == expected)
        #expect(
            MerkleTree.verifyInclusion(
                index: leaf - 1, size: size, leafHash: hashes[leaf - 1], path: path, root: bytes(Self.roots[size - 1])))
    }

    @Test(arguments: 0..<5) func consistencyProofsMatchAndVerify(vector: Int) {
        let (old, new, expected) = Self.consistencyVectors[vector]
        let path = MerkleTree.consistencyPath(oldSize: old, leafHashes: Array(Self.leafHashes.prefix(new)))
        #expect(path.map { Hex.encode($0) } == expected)
        #expect(
            MerkleTree.verifyConsistency(
                oldSize: old, newSize: new, oldRoot: bytes(Self.roots[old - 1]), newRoot: bytes(Self.roots[new - 1]),
                path: path))
    }

    /// The corruptions transparency-dev/merkle's verifier tests try: each must be rejected.
    @Test(arguments: 1..<5) func forgedInclusionProofsAreRejected(vector: Int) {
        let (leaf, size, expectedPath) = Self.inclusionVectors[vector]
        let index = leaf - 1
        let path = expectedPath.map(bytes)
        let root = bytes(Self.roots[size - 1])
        let leafHash = Self.leafHashes[index]
        let other = bytes("abacaba000000000000000000000000000000000000000000060061e00123456")
        var probes: [(String, Int, Int, Data, [Data], Data)] = [
            ("index - 1", index - 1, size, leafHash, path, root), ("index + 1", index + 1, size, leafHash, path, root),
            ("index ^ 2", index ^ 2, size, leafHash, path, root), ("size * 2", index, size * 2, leafHash, path, root),
            ("size / 2", index, size / 2, leafHash, path, root),
            ("wrong leaf", index, size, MerkleTree.leafHash(Data("WrongLeaf".utf8)), path, root),
            ("empty root", index, size, leafHash, path, MerkleTree.emptyRoot),
            ("random root", index, size, leafHash, path, other),
            ("trailing root", index, size, leafHash, path + [root], root),
            ("preceding root", index, size, leafHash, [root] + path, root),
        ]
        for position in path.indices {
            var flipped = path
            flipped[position][0] ^= 8
            probes.append(("flipped bit in \(position)", index, size, leafHash, flipped, root))
        }
        if !path.isEmpty { probes.append(("removed element", index, size, leafHash, Array(path.dropLast()), root)) }
        if path.count > 1 {
            probes.append(("inserted element", index, size, leafHash, [path[0], other] + path[1...], root))
        }
        for (name, index, size, leaf, path, root) in probes {
            #expect(
                !MerkleTree.verifyInclusion(index: index, size: size, leafHash: leaf, path: path, root: root),
                "accepted a forged proof: \(name)")
        }
    }

    @Test(arguments: 1..<5) func forgedConsistencyProofsAreRejected(vector: Int) {
        let (old, new, expectedPath) = Self.consistencyVectors[vector]
        let path = expectedPath.map(bytes)
        let oldRoot = bytes(Self.roots[old - 1])
        let newRoot = bytes(Self.roots[new - 1])
        var probes: [(String, Int, Int, Data, Data, [Data])] = [
            ("old - 1", old - 1, new, oldRoot, newRoot, path), ("old + 1", old + 1, new, oldRoot, newRoot, path),
            ("old ^ 2", old ^ 2, new, oldRoot, newRoot, path), ("new * 2", old, new * 2, oldRoot, newRoot, path),
            ("new / 2", old, new / 2, oldRoot, newRoot, path),
            ("wrong old root", old, new, MerkleTree.emptyRoot, newRoot, path),
            ("wrong new root", old, new, oldRoot, MerkleTree.emptyRoot, path),
            ("swapped roots", old, new, newRoot, oldRoot, path), ("empty proof", old, new, oldRoot, newRoot, []),
            ("trailing old root", old, new, oldRoot, newRoot, path + [oldRoot]),
            ("trailing new root", old, new, oldRoot, newRoot, path + [newRoot]),
            ("preceding old root", old, new, oldRoot, newRoot, [oldRoot] + path),
            ("preceding new root", old, new, oldRoot, newRoot, [newRoot] + path),
            ("preceding path[0]", old, new, oldRoot, newRoot, [path[0]] + path),
            ("truncated", old, new, oldRoot, newRoot, Array(path.dropLast())),
        ]
        for position in path.indices {
            var flipped = path
            flipped[position][0] ^= 16
            probes.append(("flipped bit in \(position)", old, new, oldRoot, newRoot, flipped))
        }
        for (name, old, new, oldRoot, newRoot, path) in probes {
            #expect(
                !MerkleTree.verifyConsistency(
                    oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, path: path),
                "accepted a forged proof: \(name)")
        }
    }

    /// Every proof generated for trees of 1 to 33 leaves verifies, and its length is at most ⌈log2 n⌉ (+1 for
    /// consistency).
    @Test func generatedProofsVerifyForEverySizeAndIndex() {
        let hashes = (0..<33).map { MerkleTree.leafHash(Data("leaf \($0)".utf8)) }
        for size in 1...hashes.count {
            let prefix = Array(hashes.prefix(size))
            let root = MerkleTree.root(leafHashes: prefix)
            let bound = Int(ceil(log2(Double(size))))
            for index in 0..<size {
                let path = MerkleTree.inclusionPath(index: index, leafHashes: prefix)
                #expect(path.count <= bound)
                #expect(
                    MerkleTree.verifyInclusion(
                        index: index, size: size, leafHash: prefix[index], path: path, root: root),
                    "leaf \(index) of \(size)")
            }
            for old in 1...size {
                let path = MerkleTree.consistencyPath(oldSize: old, leafHashes: prefix)
                #expect(path.count <= bound + 1)
                #expect(
                    MerkleTree.verifyConsistency(
                        oldSize: old, newSize: size, oldRoot: MerkleTree.root(leafHashes: Array(prefix.prefix(old))),
                        newRoot: root, path: path), "\(old) → \(size)")
            }
        }
    }
}
