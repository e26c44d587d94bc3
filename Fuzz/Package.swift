// swift-tools-version: 6.0
// libFuzzer targets for the Attestation parsers. A package of its own so that `swift build` of Lineage never builds
// them; run them with scripts/fuzz-attest.sh.
import PackageDescription

let package = Package(
    name: "LineageFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Lineage", path: "..")],
    targets: [
        .executableTarget(name: "FuzzEnvelope", dependencies: [.product(name: "Attestation", package: "Lineage")]),
        .executableTarget(name: "FuzzStatement", dependencies: [.product(name: "Attestation", package: "Lineage")]),
    ],
    swiftLanguageModes: [.v6]
)
