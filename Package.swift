// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Lineage",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lineage", targets: ["lineage"]),
        .library(name: "Corpus", targets: ["Corpus"]),
        .library(name: "Lexicon", targets: ["Lexicon"]),
        .library(name: "Fingerprint", targets: ["Fingerprint"]),
        .library(name: "Phylogeny", targets: ["Phylogeny"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "BenchAudit", targets: ["BenchAudit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(name: "LineageZlib", path: "Sources/LineageZlib"),
        .target(
            name: "Corpus",
            dependencies: [
                "LineageZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Lexicon",
            dependencies: ["Corpus"],
            resources: [
                .copy("Resources/baseline-en.tsv"), .copy("Resources/stopwords-en.txt"), .copy("Resources/NOTICE.md"),
            ]
        ),
        .target(name: "Fingerprint", dependencies: ["Corpus", "Lexicon"]),
        .target(name: "Phylogeny"),
        .target(name: "Analysis", dependencies: ["Corpus", "Fingerprint", "Phylogeny"]),
        .target(
            name: "BenchAudit",
            dependencies: [
                "Corpus", "Phylogeny",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "lineage",
            dependencies: [
                "Corpus", "Lexicon", "Fingerprint", "Phylogeny", "Analysis", "BenchAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "lineage-bench",
            dependencies: ["Corpus", "Lexicon", "Fingerprint", "Phylogeny", "Analysis"],
            path: "Benchmarks/lineage-bench"
        ),
        .executableTarget(name: "audit-bench", dependencies: ["BenchAudit"], path: "Benchmarks/audit-bench"),
        .testTarget(name: "CorpusTests", dependencies: ["Corpus"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LexiconTests", dependencies: ["Lexicon"]),
        .testTarget(name: "FingerprintTests", dependencies: ["Fingerprint"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PhylogenyTests", dependencies: ["Phylogeny"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis"]),
        .testTarget(name: "BenchAuditTests", dependencies: ["BenchAudit"], resources: [.copy("Fixtures")]),
        .testTarget(name: "lineageTests", dependencies: ["lineage", "Phylogeny"]),
    ],
    swiftLanguageModes: [.v6]
)
