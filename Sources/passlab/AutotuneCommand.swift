import ArgumentParser
import Autotune
import CodeSize
import Evaluation
import Foundation
import Store
import Toolchain
import Validation

struct AutotuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autotune",
        abstract: "The paper's autotuner: random search, minimization to a fixed point, broadcast; results in a SQLite store.",
        discussion: """
        Every evaluation is stored as it completes: after Ctrl-C or a kill, run the same command again (or with --resume) \
        and stored evaluations are read back instead of compiled.

        Example: passlab autotune programs/ --db results.sqlite --budget 200
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

    @Flag(help: "Also broadcast the pass family: no passes, each catalog pass alone, and -Oz followed by each catalog pass (predictor training).")
    var broadcastPassFamily = false

    @Flag(help: "Skip PassListEval of the winners (raw search speed): the lists reported are NOT validated and may miscompile.")
    var noValidate = false

    @Option(help: "The HumanEval-X file for validation. Default: $PASSLAB_HUMANEVAL, else data/humaneval-x-cpp/humaneval_cpp.jsonl.gz of the checkout PassLab was built from.")
    var humaneval: String?

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
            let stop = StopSignal()
            stop.install(notice: "stopping after the evaluations in flight (Ctrl-C again to quit at once)...")
            let evaluationEngine = try engine.makeEngine()
            var validator: PassListValidator?
            if !noValidate {
                let suite: String
                do {
                    suite = try HumanEvalSuite.locate(explicit: humaneval)
                } catch {
                    throw MeasureError.usage("\(error) (or pass --no-validate to search without validating)")
                }
                // Winners need only a verdict: stop at a list's first failing program.
                let configuration = ValidationConfiguration(humanEvalPath: suite, jobs: engine.jobs,
                                                            stopAtFirstFailure: true)
                validator = PassListValidator(engine: evaluationEngine, toolchain: try Toolchain.find(),
                                              configuration: configuration, store: store)
            }
            let tuner = Autotuner(engine: evaluationEngine, store: store,
                                  settings: .init(measurementProtocol: measurement.measurementProtocol, budget: budget,
                                                  minimizeBudget: minimizeBudget, seed: seed, broadcast: broadcast,
                                                  broadcastPassFamily: broadcastPassFamily),
                                  stop: stop, validator: validator)
            let display = ProgressReporter()
            let summary: AutotuneSummary
            do {
                summary = try tuner.run(inputs: files, command: CommandLine.arguments.joined(separator: " ")) { event in
                    switch event {
                    case .line(let line): display.line(line)
                    case .tick(let progress): display.status(progress.bar())
                    }
                }
            } catch let interrupted as Autotuner.Interrupted {
                display.line("passlab: \(interrupted)")
                throw ExitCode(130)
            }
            display.line("")
            if noValidate {
                display.line("passlab: --no-validate: these pass lists were NOT validated and may miscompile; check one with `passlab validate -p LIST` before using it")
            }
            if json { try printJSON(summary) } else { try StandardOutput.print(AutotuneReport.text(summary)) }
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Reports from a results store.",
                                                    discussion: "Example: passlab report autotune --db results.sqlite",
                                                    subcommands: [AutotuneReportCommand.self])
}

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

    @Option(help: "The results store (SQLite).")
    var db: String

    @Option(name: .customLong("protocol"), help: "shipping or paper. Default: the protocol the store holds (shipping when it holds several).")
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
        return MeasurementProtocol(protocolName ?? .shipping, codeGen: codegen, reloc: reloc, triple: triple ?? MeasurementProtocol.defaultTriple)
    }

    func run() throws {
        reportingErrors {
            guard FileManager.default.fileExists(atPath: db) else { throw MeasureError.usage("\(db): no such results store; run `passlab autotune ... --db \(db)` first") }
            let store = try ResultStore(path: db)
            let protocolUsed = try Autotuner.reportedProtocol(requested: requestedProtocol, store: store)
            let summary = try Autotuner.summary(store: store, measurementProtocol: protocolUsed, requireValidation: !unvalidated)
            if let html { try writeHTMLReport(AutotuneHTML.page(summary), to: html) }
            if json { try printJSON(summary) } else { try StandardOutput.print(AutotuneReport.text(summary)) }
            if let html, !json { try StandardOutput.print("HTML report: \(html)") }
        }
    }
}
