import ArgumentParser
import CompilerWrapper
import DropInPlanning
import Engine
import Foundation
import Store
import Toolchain

/// `passlab cc --report`.
struct CCReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cc --report",
        abstract:
            "The last build(s) compiled with passlab cc: per object and in total, clang-19's size, PassLab's, the reduction, time, cache hits, fallbacks.",
        discussion: "Example: passlab cc --report --html build.html"
    )

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(help: "Also write the report as a self-contained HTML page.")
    var html: String?

    @Option(help: "How many of the most recent builds to include.")
    var builds: Int = 1

    @Option(
        help: "The cache directory. Default: $PASSLAB_CACHE_DIR, else $XDG_CACHE_HOME/passlab, else ~/.cache/passlab.")
    var cacheDir: String?

    func validate() throws {
        guard builds >= 1 else { throw ValidationError("--builds must be at least 1, got \(builds)") }
    }

    func run() throws {
        reportingErrors {
            let settings = DropInSettings(environment: ProcessInfo.processInfo.environment)
            let path = cacheDir.map { $0 + "/cc.sqlite" } ?? settings.databasePath
            guard FileManager.default.fileExists(atPath: path) else {
                throw MeasureError.usage(
                    "\(path): no passlab cc cache here yet; build with CC=\"passlab cc\" first (or give --cache-dir)")
            }
            let report = try BuildReport.make(cache: try BuildCache(path: path), builds: builds)
            if let html { try writeHTMLReport(report.html, to: html) }
            if json {
                try printJSON(report, measuredUnder: nil)
            } else {
                try StandardOutput.print(report.text, terminator: "")
            }
        }
    }
}
