// swift-tools-version: 6.1
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
        .library(name: "Statistics", targets: ["Statistics"]),
        .library(name: "Attribution", targets: ["Attribution"]),
        .library(name: "Report", targets: ["Report"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "Weights", targets: ["Weights"]),
        .library(name: "Attestation", targets: ["Attestation"]),
        .library(name: "BenchAudit", targets: ["BenchAudit"]),
        .library(name: "Collect", targets: ["Collect"]),
        .library(name: "Service", targets: ["Service"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // The service only (with the CLI): HTTP server, templates, PostgreSQL.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
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
        .target(name: "Phylogeny", dependencies: ["Statistics"]),
        .target(name: "Statistics"),
        .target(name: "Attribution", dependencies: ["Corpus", "Lexicon", "Phylogeny", "Statistics"]),
        .target(name: "Report", dependencies: ["Corpus", "Fingerprint", "Phylogeny", "Statistics", "Attribution"]),
        .target(
            name: "Analysis", dependencies: ["Corpus", "Lexicon", "Fingerprint", "Phylogeny", "Attribution", "Report"]),
        .target(
            name: "BenchAudit",
            dependencies: [
                "Corpus", "Phylogeny", "Statistics",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The only target (with the CLI) that links GRDB: the transparency log's storage.
        .target(
            name: "Attestation",
            dependencies: [
                "Corpus",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "Weights", dependencies: ["Corpus", "Statistics", .product(name: "Crypto", package: "swift-crypto")]),
        // The only target (with the CLI) that links AsyncHTTPClient. NIOCore and NIOHTTP1 (inside its closure) name its
        // buffer, header and time types; Crypto (already built for Corpus) hashes prompt files and plain-text prompts.
        .target(
            name: "Collect",
            dependencies: [
                "Corpus",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Resources/prompts"), .copy("Resources/NOTICE.md")]
        ),
        // A fake OpenAI-compatible server on loopback with injectable faults: for the Collect tests and
        // scripts/bench-collect.sh, and its loopback sockets for the service tests (plain SwiftNIO and Statistics'
        // seeded generator, no other package).
        .target(
            name: "FakeOpenAI",
            dependencies: [
                "Statistics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/FakeOpenAI"
        ),
        // Headless Chromium for the tests that render the report and the service's pages.
        .target(name: "BrowserCheck", path: "Tests/BrowserCheck"),
        .executableTarget(
            name: "fake-openai-server",
            dependencies: ["FakeOpenAI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/fake-openai-server"
        ),
        // The registry behind `lineage serve`: the only target (with the CLI) that links Hummingbird and postgres-nio.
        .target(
            name: "Service",
            dependencies: [
                "Corpus", "Lexicon", "Fingerprint", "Phylogeny", "Statistics", "Attribution", "Report", "Analysis",
                "Attestation", "LineageZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/templates")]
        ),
        .executableTarget(
            name: "lineage",
            dependencies: [
                "Corpus", "Lexicon", "Fingerprint", "Phylogeny", "Statistics", "Attribution", "Report", "Analysis",
                "Weights", "Attestation",
                "BenchAudit", "Collect", "Service",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "lineage-bench",
            dependencies: ["Corpus", "Lexicon", "Fingerprint", "Phylogeny", "Attribution", "Analysis"],
            path: "Benchmarks/lineage-bench"
        ),
        .executableTarget(name: "audit-bench", dependencies: ["BenchAudit"], path: "Benchmarks/audit-bench"),
        .testTarget(name: "CorpusTests", dependencies: ["Corpus", "Statistics"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LexiconTests", dependencies: ["Lexicon", "Statistics"]),
        .testTarget(name: "FingerprintTests", dependencies: ["Fingerprint"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PhylogenyTests", dependencies: ["Phylogeny"], resources: [.copy("Fixtures")]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"]),
        .testTarget(name: "AttributionTests", dependencies: ["Attribution", "Lexicon", "Statistics"]),
        // libFuzzer driver (scripts/fuzz-weights.sh builds it per format with -sanitize=fuzzer,address -DFUZZING); a
        // plain build replays files given as arguments.
        .executableTarget(name: "fuzz-weights", dependencies: ["Weights"], path: "Fuzz/fuzz-weights"),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Phylogeny", "Attribution", "Fingerprint"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Report", "Phylogeny", "BrowserCheck"]),
        .testTarget(name: "WeightsTests", dependencies: ["Weights", "Statistics"]),
        .testTarget(
            name: "AttestationTests",
            dependencies: ["Attestation", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "BenchAuditTests", dependencies: ["BenchAudit"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CollectTests", dependencies: ["Collect", "Corpus", "FakeOpenAI", "Statistics", "lineage"]),
        .testTarget(name: "lineageTests", dependencies: ["lineage", "Phylogeny", "FakeOpenAI"]),
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "Service", "Attestation", "Attribution", "Corpus", "BrowserCheck", "FakeOpenAI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
