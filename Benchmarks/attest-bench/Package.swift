// swift-tools-version: 6.0
// Speed of the transparency log: a package of its own so that only Attestation (and the CLI) link GRDB in Lineage.
// Run with scripts/bench-log.sh.
import PackageDescription

let package = Package(
    name: "AttestBench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Lineage", path: "../..")],
    targets: [
        .executableTarget(name: "attest-bench", dependencies: [.product(name: "Attestation", package: "Lineage")])
    ],
    swiftLanguageModes: [.v6]
)
