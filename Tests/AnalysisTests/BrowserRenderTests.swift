import Foundation
import Testing

@testable import Analysis

/// Renders the report in headless Chromium (Debian package `chromium`, installed by `.ci/run`); skipped when it is
/// not installed. Set LINEAGE_SCREENSHOT to keep the PNG.
@Suite struct BrowserRenderTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs Chromium on `url` with every network request sent to a dead proxy; returns its log.
    static func screenshot(_ url: URL, to png: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--disable-component-update",
            "--enable-logging=stderr", "--v=0", "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1280,2200", "--screenshot=\(png.path)", url.absoluteString,
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let log = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: log, as: UTF8.self)
    }

    @Test(.enabled(if: chromium != nil, "install the Debian package chromium"))
    func reportRendersWithoutErrorsOrNetwork() throws {
        let corpus = try MainAnalysisTests.hostileCorpus()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lineage-browser-\(UUID())")
        defer {
            try? FileManager.default.removeItem(at: corpus)
            try? FileManager.default.removeItem(at: out)
        }
        try MainAnalysis.run(inputs: [corpus.path], options: MainAnalysisTests.options()).write(to: out.path)
        let png = out.appendingPathComponent("report.png")
        let log = try Self.screenshot(out.appendingPathComponent("index.html"), to: png)
        let blankHTML = out.appendingPathComponent("blank.html")
        try "<!DOCTYPE html><html><body></body></html>".write(to: blankHTML, atomically: true, encoding: .utf8)
        let blankPNG = out.appendingPathComponent("blank.png")
        _ = try Self.screenshot(blankHTML, to: blankPNG)

        let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("net::ERR") }
        #expect(console.isEmpty, "console or network messages: \(console)")
        #expect(!log.contains("Refused to"))
        let image = try Data(contentsOf: png)
        let blank = try Data(contentsOf: blankPNG)
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(image.count > 8 * blank.count, "report \(image.count) bytes, blank page \(blank.count) bytes")
        if let keep = ProcessInfo.processInfo.environment["LINEAGE_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: png, to: URL(fileURLWithPath: keep))
        }
    }
}
