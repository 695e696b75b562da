import ArgumentParser
import Autotune
import CodeSize
import Evaluation
import Foundation
import Store

struct AutotuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autotune",
        abstract: "The paper's autotuner: random search, minimization to a fixed point, broadcast; results in a SQLite store.",
        discussion: """
        Every evaluation is stored as it completes: after Ctrl-C or a kill, run the same command again (or with --resume) \
        and stored evaluations are read back instead of compiled.
        """
    )

    @Argument(help: "Programs (.c/.cpp/.ll/.bc) or directories.")
    var inputs: [String]

    @Option(help: "The results store (SQLite).")
    var db: String

    @Option(help: "Random lists per program (the paper: ~4,877).")
    var budget: Int = 1000

    @Option(help: "Most evaluations minimization may spend per program (0: skip minimization).")
    var minimizeBudget: Int = 2000

    @Option(help: "Seed of every random choice.")
    var seed: UInt64 = 1

    @Option(help: "Most frequent best lists broadcast to every program (the paper: 100).")
    var broadcast: Int = 100

    @Flag(help: "Continue an interrupted run (stored evaluations are never redone; this is also the default).")
    var resume = false

    @OptionGroup var measurement: MeasurementOptions
    @OptionGroup var engine: EngineOptions

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        guard budget >= 1 else { throw ValidationError("--budget must be at least 1, got \(budget)") }
        guard minimizeBudget >= 0, broadcast >= 0 else { throw ValidationError("--minimize-budget and --broadcast must be 0 or more") }
    }

    func run() throws {
        reportingErrors {
            let files = try ProgramDiscovery.programs(in: inputs)
            guard !files.isEmpty else { throw MeasureError.usage("no programs in \(inputs.joined(separator: ", ")); give .c/.cpp/.ll/.bc files or directories") }
            let store = try ResultStore(path: db)
            let tuner = Autotuner(engine: try engine.makeEngine(), store: store,
                                  settings: .init(measurementProtocol: measurement.measurementProtocol, budget: budget,
                                                  minimizeBudget: minimizeBudget, seed: seed, broadcast: broadcast))
            let summary = try tuner.run(inputs: files, command: CommandLine.arguments.joined(separator: " ")) { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            if json { printJSON(summary) } else { print(AutotuneReport.text(summary)) }
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Reports from a results store.",
                                                    subcommands: [AutotuneReportCommand.self])
}

struct AutotuneReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "autotune", abstract: "Geomean reduction vs -Oz, share improved, list lengths, pass frequencies.")

    @Option(help: "The results store (SQLite).")
    var db: String

    @OptionGroup var measurement: MeasurementOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        reportingErrors {
            guard FileManager.default.fileExists(atPath: db) else { throw MeasureError.usage("\(db): no such results store; run `passlab autotune ... --db \(db)` first") }
            let store = try ResultStore(path: db)
            let protocolUsed = measurement.measurementProtocol
            let summary = try store.autotuneSummary(measurementProtocol: protocolUsed, ozPipeline: Autotuner.ozPipeline(for: protocolUsed),
                                                    split: Autotuner.passes(of:))
            if json { printJSON(summary) } else { print(AutotuneReport.text(summary)) }
        }
    }
}
