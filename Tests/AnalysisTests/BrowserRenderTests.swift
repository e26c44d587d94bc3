import BrowserCheck
import Foundation
import Testing

@testable import Analysis

/// Renders the report in headless Chromium (Debian package `chromium`, installed by `.ci/run`); skipped when it is
/// not installed. Set LINEAGE_SCREENSHOT to keep the PNG.
@Suite struct BrowserRenderTests {
    @Test(.enabled(if: HeadlessChromium.path != nil, "install the Debian package chromium"))
    func reportRendersWithoutErrorsOrNetwork() throws {
        let corpus = try MainAnalysisTests.hostileCorpus()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-browser-\(UUID())")
        defer {
            try? FileManager.default.removeItem(at: corpus)
            try? FileManager.default.removeItem(at: out)
        }
        try MainAnalysis.run(inputs: [corpus.path], options: MainAnalysisTests.options()).write(to: out.path)
        let rendering = try HeadlessChromium.render(out.appendingPathComponent("index.html"), name: "report", in: out)
        #expect(rendering.messages.isEmpty, "console or network messages: \(rendering.messages)")
        #expect(!rendering.refused)
        #expect(rendering.isPNG)
        #expect(
            rendering.bytes > 8 * rendering.blankBytes,
            "report \(rendering.bytes) bytes, blank page \(rendering.blankBytes) bytes")
        let png = rendering.png
        if let keep = ProcessInfo.processInfo.environment["LINEAGE_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: png, to: URL(fileURLWithPath: keep))
        }
    }
}
