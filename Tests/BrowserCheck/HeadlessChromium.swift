import Foundation

/// Headless Chromium for the tests that render pages (Debian package `chromium`, installed by `.ci/run`): a page is
/// rendered to PNG with every network request sent to a dead proxy, beside a blank page for comparison.
public enum HeadlessChromium {
    /// The browser's path, or nil when it is not installed (tests that need it are then skipped).
    public static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// What rendering a page produced.
    public struct Rendering: Sendable {
        /// The screenshot.
        public var png: URL
        /// Console messages and failed network requests from Chromium's log.
        public var messages: [String]
        /// Whether the log holds a content-security refusal ("Refused to ...").
        public var refused: Bool
        /// Whether the screenshot is a PNG file.
        public var isPNG: Bool
        /// The screenshot's size in bytes, and a blank page's at the same window size.
        public var bytes: Int
        public var blankBytes: Int
    }

    /// Renders the HTML file `page` to `DIRECTORY/NAME.png`, and a blank page beside it.
    public static func render(_ page: URL, name: String, in directory: URL, height: Int = 2200) throws -> Rendering {
        let png = directory.appendingPathComponent("\(name).png")
        let log = try screenshot(page, to: png, height: height)
        let blankHTML = directory.appendingPathComponent("blank.html")
        try "<!DOCTYPE html><html><body></body></html>".write(to: blankHTML, atomically: true, encoding: .utf8)
        let blankPNG = directory.appendingPathComponent("blank.png")
        _ = try screenshot(blankHTML, to: blankPNG, height: height)
        let image = try Data(contentsOf: png)
        return Rendering(
            png: png,
            messages: log.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("net::ERR") }
                .map(String.init),
            refused: log.contains("Refused to"), isPNG: image.starts(with: [0x89, 0x50, 0x4E, 0x47]),
            bytes: image.count, blankBytes: try Data(contentsOf: blankPNG).count)
    }

    /// The DOM of the page at `url` after its scripts ran, with every network request sent to a dead proxy.
    public static func dom(_ url: URL) throws -> String {
        try run(["--virtual-time-budget=3000", "--dump-dom", url.absoluteString], keepingStandardOutput: true)
    }

    /// Runs Chromium on `url` with every network request sent to a dead proxy; returns its log.
    public static func screenshot(_ url: URL, to png: URL, height: Int = 2200) throws -> String {
        try run(
            [
                "--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--window-size=1280,\(height)",
                "--screenshot=\(png.path)", url.absoluteString,
            ], keepingStandardOutput: false)
    }

    /// Runs headless Chromium, offline, with `arguments` after the common ones; returns its standard output or its
    /// standard error (the log).
    static func run(_ arguments: [String], keepingStandardOutput: Bool) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-sync", "--disable-component-update",
                "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
            ] + arguments
        let kept = Pipe()
        if keepingStandardOutput {
            process.standardOutput = kept
            process.standardError = FileHandle.nullDevice
        } else {
            process.standardError = kept
            process.standardOutput = FileHandle.nullDevice
        }
        try process.run()
        let data = kept.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
