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

    /// Clicks column headings in the report's attribution table in Chromium and reads back the row order.
    @Test(
        .enabled(if: HeadlessChromium.path != nil, "install the Debian package chromium"),
        arguments: [["a1"], []])
    func sortingKeepsEachRowWithItsEvidenceAndMarksOneColumn(suspects: [String]) throws {
        let corpus = try MainAnalysisTests.hostileCorpus()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-sort-\(UUID())")
        defer {
            try? FileManager.default.removeItem(at: corpus)
            try? FileManager.default.removeItem(at: out)
        }
        var options = MainAnalysisTests.options()
        options.suspects = suspects
        try MainAnalysis.run(inputs: [corpus.path], options: options).write(to: out.path)
        var html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        // Sort by score, then by suspect; record each row's class in order and the headings' sort marks.
        let probe = """
            <script>
            var table = document.querySelector('table.attribution');
            var headings = table.querySelectorAll('th[data-sort]');
            headings[2].click(); headings[0].click();
            var rows = Array.prototype.map.call(table.querySelectorAll(':scope > tbody > tr'), function (r) {
              return r.className === 'evidence' ? 'E' : 'R'; }).join('');
            var marked = Array.prototype.filter.call(headings, function (h) { return h.dataset.dir; }).length;
            document.body.setAttribute('data-probe', rows + '|' + marked + '|' + headings[0].getAttribute('aria-sort'));
            </script>
            """
        html = html.replacingOccurrences(of: "</body>", with: probe + "</body>")
        let page = out.appendingPathComponent("probe.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let dom = try HeadlessChromium.dom(page)
        let probed = try #require(
            dom.firstRange(of: "data-probe=\"").map { dom[$0.upperBound...].prefix { $0 != "\"" } })
        let parts = probed.split(separator: "|").map(String.init)
        #expect(parts.count == 3, "\(probed)")
        let count = suspects.isEmpty ? 6 : 1
        #expect(parts.first == String(repeating: "RE", count: count), "each row is followed by its evidence: \(probed)")
        #expect(parts.dropFirst().first == "1", "only the last heading clicked is marked: \(probed)")
        #expect(parts.last == "ascending", "\(probed)")
    }
}
