import ArgumentParser
import CodeSize
import Engine
import Foundation
import Predictor
import Store
import Toolchain
import Validation

struct BenchTuningCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tuning",
        abstract: "PassLab's tuner beside its baselines (best fixed list, greedy coreset, random search), "
            + "same modules, one run.",
        discussion: """
            Per protocol and budget, every module under INPUTS is tuned by PassLab's tuner (the embedded predictor) and by \
            each baseline learned from the same predictor's training matrix: the best single fixed list, the greedy \
            coreset of K lists (K = budget) and the paper's random search with the same budget (budget 1: one random \
            list). All go through the same tuner: same compilation count, same validation of new winners (PassListEval, \
            at most 3 per module), same -Oz backup. Both columns count validated lists only. Give code bases the \
            predictor was not trained on: an input directory named like a training code base is flagged. Each method and \
            budget has its own store in --db, so none reads back what another compiled or validated; a rerun with the \
            same --db resumes. Progress goes to standard error.

            With --autotuner-db, PassLab's figures are also set beside the paper's autotuner (`passlab autotune` on the             same inputs, same protocol, into that store): its smallest validated list per module, over the modules the             store holds (matched by the SHA-256 of their IR), and PassLab's share of its gain at each budget.

            Example: passlab bench tuning held-out/ --budgets 1,10 --protocol shipping --html tuning.html
            """
    )

    @Argument(
        help: ArgumentHelp(
            "Programs (.c/.cpp/.ll/.bc) or directories (each top-level directory is a "
                + "benchmark), held out from training."))
    var inputs: [String]

    @Option(help: "Budgets (lists compiled per module), comma-separated.")
    var budgets: String = "1,10,100"

    @Option(name: .customLong("protocol"), help: "shipping, paper or both.")
    var protocols: String = "both"

    @Option(
        help: ArgumentHelp(
            "Directory of result stores (one SQLite file per method and budget), kept for a "
                + "rerun to resume. Default: a temporary directory, removed afterwards."))
    var db: String?

    @Option(
        help: ArgumentHelp(
            "A predictor file made by `passlab predictor train` instead of the one shipped "
                + "for the protocol (one protocol only)."))
    var predictorFile: String?

    @Option(
        help: ArgumentHelp(
            "An autotuning store (`passlab autotune INPUTS --db PATH`, SQLite file or postgres:// URL) to compare "
                + "with: the autotuner's validated results on the same modules beside PassLab's, per budget."))
    var autotunerDb: String?

    @OptionGroup var humanEval: HumanEvalOptions

    @Flag(help: "Never run PassListEval: only lists validated at training time can win, for every method.")
    var noValidate = false

    @Flag(
        inversion: .prefixedNo,
        help: "PassLab's tuner composes per-function pass lists at budgets above 1 (as `tune` does).")
    var perFunction = true

    @Flag(
        inversion: .prefixedNo,
        help: "PassLab's tuner searches beyond its picks at budgets above 10 (as `tune`; --no-search: picks only).")
    var search = true

    @Option(help: "Seed of the random search and of PassLab's local search (mixed with each module's hash).")
    var seed: UInt64 = 1

    @Option(help: "Most lists not validated yet that PassListEval runs on per module, for every method (as `tune`).")
    var validationAttempts = FlagTuner.defaultValidationAttempts

    @OptionGroup var validatedGain: ValidatedGainOption

    @OptionGroup var engine: EngineOptions

    @Flag(help: "Print the report as JSON (with provenance).")
    var json = false

    @Option(help: "Also write an HTML report (charts as inline SVG) to this file.")
    var html: String?

    @Flag(help: "Print a line per module and method.")
    var verbose = false

    var budgetList: [Int]? { passlab.budgetList(budgets) }

    var protocolNames: [ProtocolName] {
        protocols == "both" ? [.shipping, .paper] : [ProtocolName(rawValue: protocols)].compactMap { $0 }
    }

    func validate() throws {
        guard budgetList != nil else {
            throw ValidationError(badBudgets(budgets))
        }
        guard validationAttempts >= 0 else {
            throw ValidationError("--validation-attempts must be 0 or more, not \(validationAttempts)")
        }
        guard !protocolNames.isEmpty else {
            throw ValidationError("--protocol must be shipping, paper or both, not '\(protocols)'")
        }
        guard predictorFile == nil || protocolNames.count == 1 else {
            throw ValidationError(
                "--predictor-file holds a predictor for one protocol; "
                    + "with --protocol both, use the shipped predictors")
        }
    }

    func run() throws {
        reportingErrors {
            var setups: [TuningBenchmark.Setup] = []
            for name in protocolNames {
                let model = try PredictorModel.load(path: predictorFile, orBundled: name)
                guard model.protocolName == name.rawValue else {
                    throw MeasureError.usage(
                        "\(predictorFile ?? "the predictor") was trained under the "
                            + "\(model.protocolName) protocol, not \(name.rawValue); pass --protocol \(model.protocolName)"
                    )
                }
                setups.append(
                    .init(
                        measurementProtocol: MeasurementProtocol(name), model: model,
                        predictorName: predictorFile ?? "embedded"))
            }
            let autotuner = try autotunerDb.map { url in
                let shown = StoreLocation.redacted(url)
                guard let store = try ResultStore.existing(url: url) else {
                    throw MeasureError.usage(
                        "\(shown) (--autotuner-db): no such results store; run `passlab autotune INPUTS --db \(shown)` "
                            + "on the same inputs first")
                }
                return (store: store, name: shown)
            }
            let suite = try humanEval.optionalSuite(noValidate: noValidate)
            let evaluationEngine = try engine.makeEngine()
            let jobs = engine.jobs
            // The validator `tune` uses (stopping at a list's first failing
            // program), so that the seconds per module are what tuning costs.
            let makeValidator = suite.map { suite in
                { (store: ResultStore) in
                    try HumanEvalOptions.verdictValidator(
                        suite: suite, engine: evaluationEngine, jobs: jobs, store: store)
                }
            }
            let directory = try db ?? ScratchDirectory.create(purpose: "bench-tuning")
            defer { if db == nil { ScratchDirectory.remove(directory) } }
            var benchmark = TuningBenchmark(
                inputs: inputs, budgets: budgetList ?? [1], setups: setups,
                storeDirectory: directory, makeValidator: makeValidator)
            benchmark.seed = seed
            benchmark.perFunction = perFunction
            benchmark.searches = search
            benchmark.validationAttempts = validationAttempts
            benchmark.minimumValidatedGain = validatedGain.share
            benchmark.autotuner = autotuner
            let stop = StopSignal()
            stop.install(notice: "stopping after the evaluations in flight (Ctrl-C again to quit at once)...")
            let display = ProgressReporter()
            benchmark.stop = stop
            benchmark.progress = display
            var report: TuningBenchmarkReport
            do {
                report = try benchmark.run(engine: evaluationEngine) { line in
                    if verbose { display.line(line) }
                }
            } catch let interrupted as FlagTuner.Interrupted {
                let kept = db.map { "sizes and verdicts are stored in \($0): run the same command again to resume" }
                display.line(
                    "passlab: interrupted after \(interrupted.modulesFinished) modules; "
                        + (kept ?? "nothing was kept (give --db DIR to resume)"))
                throw ExitCode(130)
            }
            display.line("")
            if db == nil { report.storeDirectory = nil }
            if let html { try writeHTMLReport(report.html, to: html) }
            if json {
                try printJSON(report, measuredUnder: setups.count == 1 ? setups[0].measurementProtocol : nil)
            } else {
                try StandardOutput.print(report.text)
                if let html { try StandardOutput.print("HTML report: \(html)") }
            }
        }
    }
}
