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
        .library(name: "Attribution", targets: ["Attribution"]),
        .library(name: "Report", targets: ["Report"]),
        .library(name: "Analysis", targets: ["Analysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(
            name: "Corpus",
            dependencies: [
                "CZlib",
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
        .target(name: "Attribution", dependencies: ["Corpus", "Lexicon", "Phylogeny"]),
        .target(name: "Report", dependencies: ["Corpus", "Fingerprint", "Phylogeny", "Attribution"]),
        .target(
            name: "Analysis", dependencies: ["Corpus", "Lexicon", "Fingerprint", "Phylogeny", "Attribution", "Report"]),
        .executableTarget(
            name: "lineage",
            dependencies: [
                "Corpus", "Lexicon", "Fingerprint", "Phylogeny", "Attribution", "Report", "Analysis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "lineage-bench",
            dependencies: ["Corpus", "Lexicon", "Fingerprint", "Phylogeny", "Attribution", "Analysis"],
            path: "Benchmarks/lineage-bench"
        ),
        .testTarget(name: "CorpusTests", dependencies: ["Corpus"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LexiconTests", dependencies: ["Lexicon"]),
        .testTarget(name: "FingerprintTests", dependencies: ["Fingerprint"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PhylogenyTests", dependencies: ["Phylogeny"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AttributionTests", dependencies: ["Attribution"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Phylogeny", "Attribution", "Fingerprint"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Report", "Phylogeny"]),
        .testTarget(name: "lineageTests", dependencies: ["lineage", "Phylogeny"]),
    ],
    swiftLanguageModes: [.v6]
)
