import ArgumentParser
import Autotune
import CodeSize
import Engine
import Foundation
import Store
import Toolchain
import Validation

struct AutotuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autotune",
        abstract:
            "The paper's autotuner: random search, minimization to a fixed point, broadcast; results in a SQLite store.",
        discussion: """
            Every evaluation is stored as it completes: after Ctrl-C or a kill, run the same command again (or with --resume) \
            and stored evaluations are read back instead of compiled.

            Sharded (many processes or machines, one store): run `--shard I/N` for I = 1...N (numbered from 1; a \
            program's shard follows from the hash of its IR, so the slices do not depend on the order of the \
            arguments), then `--phase broadcast` once with the same inputs and options: it reads every shard's \
            searches back from the store and broadcasts, giving exactly the result of one unsharded run. \
            `passlab slurm autotune` writes the Slurm jobs that do this.

            Example: passlab autotune programs/ --db results.sqlite --budget 200
            """
    )

    /// What `--phase` accepts.
    enum PhaseName: String, ExpressibleByArgument, CaseIterable {
        case all, search, broadcast
    }

    @Argument(help: "Programs (.c/.cpp/.ll/.bc) or directories.")
    var inputs: [String]

    @Option(help: "The results store: a SQLite file (or sqlite:PATH) or postgres://user@host:port/database.")
    var db: String

    @Option(help: "Search only this shard's programs: I/N, 1 <= I <= N (implies --phase search).")
    var shard: String?

    @Option(
        help: """
            all (default: search, broadcast, validation), search (one shard's search), or broadcast (after every shard).
            """)
    var phase: PhaseName?

    @Option(help: "Random lists per program (the paper: ~4,877).")
    var budget: Int = 1000

    @Option(help: "Most evaluations minimization may spend per program (0: skip minimization).")
    var minimizeBudget: Int = 2000

    @Option(help: "Seed of every random choice.")
    var seed: UInt64 = 1

    @Option(help: "Most frequent best lists broadcast to every program (the paper: 100).")
    var broadcast: Int = 100

    @Flag(
        help:
            "Also broadcast the pass family: no passes, each catalog pass alone, and -Oz followed by each catalog pass (predictor training)."
    )
    var broadcastPassFamily = false

    @Flag(
        help:
            "Skip PassListEval of the winners (raw search speed): the lists reported are NOT validated and may miscompile."
    )
    var noValidate = false

    @OptionGroup var humanEval: HumanEvalOptions

    @Flag(help: "Continue an interrupted run (stored evaluations are never redone; this is also the default).")
    var resume = false

    @OptionGroup var measurement: MeasurementOptions
    @OptionGroup var engine: EngineOptions

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        guard budget >= 1 else { throw ValidationError("--budget must be at least 1, got \(budget)") }
        guard minimizeBudget >= 0, broadcast >= 0 else {
            throw ValidationError("--minimize-budget and --broadcast must be 0 or more")
        }
        _ = try autotunePhase()
    }

    /// `--shard` and `--phase` together; usage errors name the value and the fix.
    func autotunePhase() throws -> AutotunePhase {
        guard let shard else {
            switch phase ?? .all {
            case .all: return .all
            case .broadcast: return .broadcast
            case .search: return .search(try AutotuneShard(index: 1, count: 1))
            }
        }
        let parsed: AutotuneShard
        do {
            parsed = try AutotuneShard(parsing: shard)
        } catch {
            throw ValidationError(error.description)
        }
        guard phase == nil || phase == .search else {
            throw ValidationError(
                "--shard \(shard) with --phase \(phase!.rawValue): a shard only searches; "
                    + "run --phase \(phase!.rawValue) without --shard once every shard is done")
        }
        return .search(parsed)
    }

    func run() throws {
        reportingErrors {
            let files = try ProgramDiscovery.programs(in: inputs)
            guard !files.isEmpty else {
                throw MeasureError.usage(
                    "no programs in \(inputs.joined(separator: ", ")); give .c/.cpp/.ll/.bc files or directories")
            }
            let store = try ResultStore(url: db)
            let stop = StopSignal()
            stop.install(notice: "stopping after the evaluations in flight (Ctrl-C again to quit at once)...")
            let evaluationEngine = try engine.makeEngine()
            let phase = try autotunePhase()
            // A shard only searches: its winners are validated by the broadcast phase.
            let searchOnly = if case .search = phase { true } else { false }
            var validator: PassListValidator?
            if !noValidate, !searchOnly {
                let suite = try humanEval.requiredSuite(hint: "or pass --no-validate to search without validating")
                validator = try HumanEvalOptions.verdictValidator(
                    suite: suite, engine: evaluationEngine, jobs: engine.jobs,
                    store: store)
            }
            let tuner = Autotuner(
                engine: evaluationEngine, store: store,
                settings: .init(
                    measurementProtocol: measurement.measurementProtocol, budget: budget,
                    minimizeBudget: minimizeBudget, seed: seed, broadcast: broadcast,
                    broadcastPassFamily: broadcastPassFamily, phase: phase),
                stop: stop, validator: validator)
            let display = ProgressReporter()
            let summary: AutotuneSummary
            do {
                summary = try tuner.run(
                    inputs: files, command: StoreLocation.redacted(CommandLine.arguments.joined(separator: " "))
                ) { event in
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
            if noValidate, !searchOnly {
                display.line(
                    "passlab: --no-validate: these pass lists were NOT validated and may miscompile; check one with `passlab validate -p LIST` before using it"
                )
            }
            if json { try printJSON(summary) } else { try StandardOutput.print(AutotuneReport.text(summary)) }
        }
    }
}
