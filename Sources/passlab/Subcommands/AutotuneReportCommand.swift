import ArgumentParser
import Autotune
import CodeSize
import Engine
import Foundation
import Store
import Toolchain
import Validation

struct AutotuneReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autotune",
        abstract: "Geomean reduction vs -Oz, share improved, each program's best list, pass frequencies.",
        discussion: """
            Without --protocol, the protocol the store holds (shipping when it holds several); when nothing matches, \
            the error names the protocols the store holds and the flags that select them.

            Example: passlab report autotune --db results.sqlite --html report.html
            """
    )

    @Option(help: "The results store: a SQLite file (or sqlite:PATH) or postgres://user@host:port/database.")
    var db: String

    @Option(
        name: .customLong("protocol"),
        help: "shipping or paper. Default: the protocol the store holds (shipping when it holds several).")
    var protocolName: ProtocolName?

    @Option(help: "Override the protocol's codegen level (O0, O1, O2, O3).")
    var codegen: CodeGenLevel?

    @Option(help: "Override the relocation model (pic, static, default).")
    var reloc: RelocationModel?

    @Option(help: "The target triple of the measurements. Default x86_64-unknown-linux-gnu.")
    var triple: String?

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Also write an HTML report (charts as inline SVG) to this file.")
    var html: String?

    @Flag(help: "Also count lists not validated yet (marked as such); lists that failed validation never count.")
    var unvalidated = false

    /// The protocol asked for on the command line, nil when none of its flags was given.
    var requestedProtocol: MeasurementProtocol? {
        guard protocolName != nil || codegen != nil || reloc != nil || triple != nil else { return nil }
        return MeasurementProtocol(
            protocolName ?? .shipping, codeGen: codegen, reloc: reloc,
            triple: triple ?? MeasurementProtocol.defaultTriple)
    }

    func run() throws {
        reportingErrors {
            guard let store = try ResultStore.existing(url: db) else {
                let shown = StoreLocation.redacted(db)
                throw MeasureError.usage(
                    "\(shown): no such results store; run `passlab autotune ... --db \(shown)` first")
            }
            let protocolUsed = try Autotuner.reportedProtocol(requested: requestedProtocol, store: store)
            let summary = try Autotuner.summary(
                store: store, measurementProtocol: protocolUsed, requireValidation: !unvalidated)
            if let html { try writeHTMLReport(AutotuneHTML.page(summary), to: html) }
            if json { try printJSON(summary) } else { try StandardOutput.print(AutotuneReport.text(summary)) }
            if let html, !json { try StandardOutput.print("HTML report: \(html)") }
        }
    }
}
