import ArgumentParser
import Autotune
import CodeSize
import Engine
import Foundation
import Store
import Toolchain
import Validation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports from a results store.",
        discussion: "Example: passlab report autotune --db results.sqlite",
        subcommands: [AutotuneReportCommand.self])
}
