import BrowserCheck
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Service

/// Screenshots of the home page and of an attribution result in headless Chromium (Debian package `chromium`,
/// installed by `.ci/run`; skipped when absent): non-blank, no console errors, no network. The pages are fetched
/// through the test client and opened as files (they use no external asset). LINEAGE_SCREENSHOT_DIR keeps the PNGs.
@Suite struct BrowserTests {
    /// Screenshots `html` and a blank page; checks the log and that the page's PNG is much larger than the blank one.
    static func check(_ html: String, name: String, in directory: URL) throws {
        let page = directory.appendingPathComponent("\(name).html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let rendering = try HeadlessChromium.render(page, name: name, in: directory, height: 1800)
        #expect(rendering.messages.isEmpty, "\(name): console or network messages: \(rendering.messages)")
        #expect(!rendering.refused, "\(name): a content-security refusal")
        #expect(rendering.isPNG)
        #expect(
            rendering.bytes > 8 * rendering.blankBytes,
            "\(name): \(rendering.bytes) bytes, blank page \(rendering.blankBytes) bytes")
        let png = rendering.png
        if let keep = ProcessInfo.processInfo.environment["LINEAGE_SCREENSHOT_DIR"] {
            let target = URL(fileURLWithPath: keep).appendingPathComponent("\(name).png")
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: png, to: target)
        }
    }

    @Test(.enabled(if: HeadlessChromium.path != nil, "install the Debian package chromium"))
    func homeAndAttributionPagesRender() async throws {
        try await TestRegistry.with(.sqlite) { test in
            let pages = try await test.client { client in
                try await RouteScenarios.uploadAll(client, test)
                _ = try await RouteScenarios.postJSON(
                    client, "/v1/reports",
                    "{\"suspect\": \"alpha-student\", \"claimed_origin\": \"alpha\", \"evidence_links\": [\"https://example.org/x\"], \"text\": \"<i>same</i> phrasing\"}",
                    headers: test.bearer())
                let started = try await RouteScenarios.postJSON(
                    client, "/v1/attributions", "{\"suspect\": \"alpha-student\", \"bootstrap\": 20}",
                    headers: test.bearer())
                let id = try #require(try started.object()["id"] as? String)
                await test.registry.jobs.waitUntilIdle()
                let home = try await client.execute(uri: "/", method: .get)
                let result = try await client.execute(uri: "/attributions/\(id)", method: .get)
                return (home.text, result.text)
            }
            #expect(pages.1.contains("Verdict:"))
            try Self.check(pages.0, name: "home", in: test.directory)
            try Self.check(pages.1, name: "attribution", in: test.directory)
        }
    }
}
