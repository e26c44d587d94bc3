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
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func screenshot(_ url: URL, to png: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--disable-component-update",
            "--enable-logging=stderr", "--v=0", "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1280,1800", "--screenshot=\(png.path)", url.absoluteString,
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let log = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: log, as: UTF8.self)
    }

    /// Screenshots `html` and a blank page; checks the log and that the page's PNG is much larger than the blank one.
    static func check(_ html: String, name: String, in directory: URL) throws {
        let page = directory.appendingPathComponent("\(name).html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let png = directory.appendingPathComponent("\(name).png")
        let log = try screenshot(page, to: png)
        let blankHTML = directory.appendingPathComponent("blank.html")
        try "<!DOCTYPE html><html><body></body></html>".write(to: blankHTML, atomically: true, encoding: .utf8)
        let blankPNG = directory.appendingPathComponent("blank.png")
        _ = try screenshot(blankHTML, to: blankPNG)

        let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("net::ERR") }
        #expect(console.isEmpty, "\(name): console or network messages: \(console)")
        #expect(!log.contains("Refused to"), "\(name): a content-security refusal")
        let image = try Data(contentsOf: png)
        let blank = try Data(contentsOf: blankPNG)
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(image.count > 8 * blank.count, "\(name): \(image.count) bytes, blank page \(blank.count) bytes")
        if let keep = ProcessInfo.processInfo.environment["LINEAGE_SCREENSHOT_DIR"] {
            let target = URL(fileURLWithPath: keep).appendingPathComponent("\(name).png")
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: png, to: target)
        }
    }

    @Test(.enabled(if: chromium != nil, "install the Debian package chromium"))
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
