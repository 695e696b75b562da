import Foundation
import Toolchain

/// Debian's chromium, headless, for tests that check a report as a reader
/// sees it: the DOM after rendering, console errors, a screenshot.
public struct HeadlessBrowser: Sendable {
    /// The chromium binary used.
    public let executable: String

    /// What rendering one page gave.
    public struct Rendering: Sendable {
        /// The DOM after layout (`--dump-dom`).
        public var dom: String
        /// Console messages and uncaught exceptions chromium logged (a report
        /// has no scripts, so any is a fault).
        public var consoleMessages: [String]
        /// The page as chromium painted it.
        public var screenshot: PNGImage
    }

    /// Chromium failed, or its screenshot could not be read.
    public struct Failure: Error, CustomStringConvertible {
        /// What chromium or the PNG decoder reported.
        public var description: String
    }

    /// Chromium from $PASSLAB_CHROMIUM, /usr/bin/chromium or the PATH; nil
    /// when absent (tests then skip and say to run scripts/setup).
    public static func find() -> HeadlessBrowser? {
        var candidates = [ProcessInfo.processInfo.environment["PASSLAB_CHROMIUM"], "/usr/bin/chromium"].compactMap {
            $0
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates += ["\(directory)/chromium", "\(directory)/chromium-browser"]
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map(
            HeadlessBrowser.init(executable:))
    }

    /// The message a test shows when it skips for want of chromium.
    public static let missingMessage =
        "chromium not found: run scripts/setup (installs Debian's chromium) or set PASSLAB_CHROMIUM"

    /// Renders `file` twice (DOM with console log, then a screenshot) with a
    /// throw-away profile in `scratch`.
    public func render(file: String, scratch: String, width: Int = 1200, height: Int = 1600) throws -> Rendering {
        let profile = scratch + "/chromium-profile-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let url = URL(fileURLWithPath: file).absoluteString
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--hide-scrollbars",
            "--user-data-dir=" + profile, "--window-size=\(width),\(height)",
        ]
        let dump = try run(common + ["--enable-logging=stderr", "--v=0", "--dump-dom", url])
        guard dump.termination.succeeded, !dump.standardOutput.isEmpty else {
            throw Failure(
                description: "chromium --dump-dom \(file): \(dump.termination)\n\(dump.stderrText.suffix(2000))")
        }
        // Chromium logs every console message (and uncaught exceptions) as ":CONSOLE(" or ":CONSOLE:" lines.
        let messages = dump.stderrText.split(separator: "\n").map(String.init).filter {
            $0.contains(":CONSOLE") || $0.contains("Uncaught")
        }
        let png = scratch + "/screenshot-\(UUID().uuidString.prefix(8)).png"
        let shot = try run(common + ["--screenshot=" + png, url])
        guard shot.termination.succeeded, let bytes = FileManager.default.contents(atPath: png) else {
            throw Failure(
                description: "chromium --screenshot \(file): \(shot.termination)\n\(shot.stderrText.suffix(2000))")
        }
        if let keep = ProcessInfo.processInfo.environment["PASSLAB_KEEP_SCREENSHOTS"] {
            // For a person to look at: <dir>/<page name>.png.
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension + ".png"
            try? FileManager.default.removeItem(atPath: keep + "/" + name)
            try? FileManager.default.copyItem(atPath: png, toPath: keep + "/" + name)
        }
        return Rendering(
            dom: dump.stdoutText, consoleMessages: messages, screenshot: try PNGImage(data: [UInt8](bytes)))
    }

    func run(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest(executable, arguments, timeout: 180))
    }
}
