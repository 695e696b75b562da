import ArgumentParser
import Autotune
import CodeSize
import Evaluation
import Foundation
import Models
import Predictor
import Store
import Toolchain
import Validation

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "The LLM Compiler paper's evaluations, on any programs.",
                                                    discussion: "Example: passlab eval flag-tuning programs/ --budget 1",
                                                    subcommands: [FlagTuningEvalCommand.self, DisassemblyEvalCommand.self, EmulationEvalCommand.self])
}

struct FlagTuningEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flag-tuning",
        abstract: "The paper's Table 3: geomean size vs -Oz without and with the -Oz backup, improved and regressed shares, per benchmark.",
        discussion: """
        Every module under INPUTS is tuned as `passlab tune` would (nothing is written); a benchmark is a top-level \
        directory of an input. Sizes and verdicts go to the store (--db), so an interrupted evaluation resumes where \
        it stopped. --protocol both reports the shipping and the paper protocols in one run. Progress (modules done, \
        ETA) goes to standard error.

        Example: passlab eval flag-tuning programs/ --budget 1 --html eval.html
        """
    )

    @Argument(help: "Programs (.c/.cpp/.ll/.bc) or directories (each top-level directory is a benchmark).")
    var inputs: [String]

    @Option(help: "Pass lists to compile per module (1: zero-shot).")
    var budget: Int = 1

    @Flag(inversion: .prefixedNo, help: "Split modules whose flag-tuning prompt is over --prompt-tokens into one module per function, as the paper did. Default: on for --predictor llm, off otherwise.")
    var split: Bool?

    @Option(help: "The prompt budget in tokens for --split (the paper's 15k).")
    var promptTokens: Int = 15_000

    @Option(name: .customLong("protocol"), help: "shipping, paper or both.")
    var protocols: String = "shipping"

    @Option(help: "Override the protocol's codegen level (O0, O1, O2, O3).")
    var codegen: CodeGenLevel?

    @Option(help: "Override the relocation model (pic, static, default).")
    var reloc: RelocationModel?

    @OptionGroup var predictor: PredictorOptions
    @OptionGroup var engine: EngineOptions

    @Flag(help: "Print the report as JSON (an array of reports, one per protocol, with --protocol both).")
    var json = false

    @Option(help: "Also write an HTML report (charts as inline SVG) to this file.")
    var html: String?

    @Flag(help: "Print a line per module.")
    var verbose = false

    var protocolNames: [ProtocolName] {
        protocols == "both" ? [.shipping, .paper] : [ProtocolName(rawValue: protocols)].compactMap { $0 }
    }

    func validate() throws {
        guard budget >= 1 else { throw ValidationError("--budget must be at least 1, got \(budget)") }
        guard promptTokens >= 1 else { throw ValidationError("--prompt-tokens must be at least 1, got \(promptTokens)") }
        guard !protocolNames.isEmpty else { throw ValidationError("--protocol must be shipping, paper or both, not '\(protocols)'") }
        guard predictor.predictorFile == nil || protocolNames.count == 1 else {
            throw ValidationError("--predictor-file holds a predictor for one protocol; with --protocol both, use the shipped predictors")
        }
    }

    func run() throws {
        reportingErrors {
            let evaluationEngine = try engine.makeEngine()
            let stop = StopSignal()
            stop.install(notice: "stopping after the evaluations in flight (Ctrl-C again to quit at once)...")
            let display = ProgressReporter()
            var reports: [FlagTuningReport] = []
            for name in protocolNames {
                let measurementProtocol = MeasurementProtocol(name, codeGen: codegen, reloc: reloc)
                let tuner = try predictor.makeTuner(engine: evaluationEngine, jobs: engine.jobs, measurementProtocol: measurementProtocol)
                tuner.stop = stop
                tuner.progress = display
                (tuner.predictor as? ServedModelPredictor)?.promptTokenLimit = promptTokens
                do {
                    let splitting = split ?? (predictor.predictor == .llm)
                    let report = try tuner.evaluate(inputs: inputs, budget: budget, splitPromptsOver: splitting ? promptTokens : nil,
                                                    tokenCounter: LlamaTokenCount.default, stop: stop) { line in
                        if verbose { display.line(line) }
                    }
                    reports.append(report)
                } catch let interrupted as FlagTuner.Interrupted {
                    display.line("passlab: \(interrupted)")
                    throw ExitCode(130)
                }
            }
            display.line("")
            if let html { try writeHTMLReport(FlagTuningReport.html(reports), to: html) }
            if json {
                if reports.count == 1 { try printJSON(reports[0]) } else { try printJSON(reports) }
            } else {
                try StandardOutput.print(reports.map(\.text).joined(separator: "\n\n"))
                if let html { try StandardOutput.print("HTML report: \(html)") }
            }
        }
    }
}

struct PredictorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "predictor", abstract: "The embedded flag-tuning predictor: train one, or describe one.",
                                                    discussion: "Example: passlab predictor info --protocol paper",
                                                    subcommands: [PredictorMatrixCommand.self, PredictorTrainCommand.self, PredictorInfoCommand.self])
}

struct PredictorTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Learn a predictor from an autotuning store (scripts/train-predictor runs the whole recipe).",
        discussion: """
        INPUTS must have been autotuned into --db under the protocol, with their best lists broadcast to all of them \
        (`passlab autotune INPUTS --db DB --broadcast N`, N at least the number of programs). The pool is every list \
        measured on all programs; hyperparameters are chosen by leave-one-code-base-out cross-validation (a code base \
        is an input's parent directory). With --validate N, the N lists the predictor would pick most often are checked \
        with PassListEval now (verdicts cached in the store); lists that fail leave the pool. With --function-matrix \
        (a matrix made with --split-functions), the model also learns which lists to propose when the tuner composes \
        per function, and --validate checks those lists too.

        Example: passlab predictor train programs/ --db results.sqlite -o my.predictor --validate 20
        """
    )

    @Argument(help: "The training programs (.ll/.bc/.c/.cpp files or directories), with --db.")
    var inputs: [String] = []

    @Option(help: "The autotuning store (with INPUTS); with --matrix, where validation verdicts are kept.")
    var db: String?

    @Option(help: "A training matrix (`passlab predictor matrix`): learn from it instead of an autotuning store.")
    var matrix: String?

    @Flag(help: "With --matrix: functions split from units are training examples too (not only whole units).")
    var functions = false

    @Option(help: ArgumentHelp("A function-level training matrix (`predictor matrix --split-functions`): learn the order in which "
        + "lists are proposed when the tuner composes per function.", valueName: "matrix"))
    var functionMatrix: String?

    @Option(name: .short, help: "The predictor file to write.")
    var output: String

    @OptionGroup var measurement: MeasurementOptions

    @Option(help: "Validate the N pool lists picked most often (0: none; -1: all).")
    var validate: Int = 0

    @Option(help: "The HumanEval-X file for --validate.")
    var humaneval: String?

    @Option(help: "Worker processes for validation.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        reportingErrors {
            let measurementProtocol = measurement.measurementProtocol
            var data: TrainingData
            let store: ResultStore
            if let matrix {
                guard inputs.isEmpty else { throw MeasureError.usage("give either --matrix or training programs with --db, not both") }
                data = try Self.matrix(path: matrix, measurementProtocol: measurementProtocol).trainingData(includingFunctions: functions)
                store = try ResultStore(path: try db.map { try StoreLocation(parsing: $0).sqlitePath(command: "passlab eval") }
                    ?? (ReferenceCache.defaultRoot as NSString).appendingPathComponent("tune.sqlite"))
            } else {
                guard let db = try db.map({ try StoreLocation(parsing: $0).sqlitePath(command: "passlab eval") }),
                      !inputs.isEmpty else { throw MeasureError.usage("give --matrix FILE, or the training programs and --db STORE they were autotuned into") }
                guard FileManager.default.fileExists(atPath: db) else { throw MeasureError.usage("\(db): no such results store; autotune the training programs into it first") }
                let files = try ProgramDiscovery.programs(in: inputs)
                store = try ResultStore(path: db)
                do {
                    data = try TrainingData.load(store: store, inputs: files, measurementProtocol: measurementProtocol)
                } catch let error as TrainingData.Error {
                    throw MeasureError.usage(error.description)
                }
            }
            let verdicts = VerdictLookup(store: store, measurementProtocol: measurementProtocol)
            let poolSize = data.pool.count
            var provenance: String {
                "passlab predictor train: \(data.programs.count) programs from " + Set(data.programs.map(\.codeBase)).sorted().joined(separator: ", ")
                    + "; pool of \(data.pool.count) lists (\(poolSize - data.pool.count) more failed PassListEval); protocol \(measurementProtocol)"
            }
            let trainer = PredictorTrainer()
            let composition = try functionMatrix.map { path in
                try Self.compositionTraining(path: path, measurementProtocol: measurementProtocol)
            }
            func fit() throws -> PredictorModel {
                var model = trainer.fit(data, measurementProtocol: measurementProtocol, provenance: provenance, validated: verdicts.verdict)
                if let composition {
                    let used = try model.learnCompositionOrder(from: composition)
                    model.provenance += "; composition order from \(composition.units.count) units and \(composition.functionCount) functions "
                        + "x \(used) of their \(composition.pipelines.count) actions"
                }
                return model
            }
            var model = try fit()
            if validate != 0 {
                let suite: String
                do {
                    suite = try HumanEvalSuite.locate(explicit: humaneval)
                } catch {
                    throw MeasureError.usage("\(error)")
                }
                let engine = try EvaluationEngine(configuration: EngineConfiguration(jobs: jobs))
                // Only the verdict matters: stop at a list's first failing program.
                let configuration = ValidationConfiguration(humanEvalPath: suite, jobs: jobs,
                                                            stopAtFirstFailure: true)
                let validator = PassListValidator(engine: engine, toolchain: try Toolchain.find(),
                                                  configuration: configuration, store: store)
                // Validate the lists the model uses most; drop those that fail and refit, until the
                // `validate` most used lists all passed (or every list was tried).
                var tried = 0
                while true {
                    let order = model.listsByUse()
                    // The composition order's lists too: a composition takes validated lists only.
                    let used = validate < 0 ? order : Array(order.prefix(validate))
                    let wanted = used + (model.compositionOrder ?? []).filter { !used.contains($0) }
                    let unknown = try wanted.filter { verdicts.verdict(try model.pipeline(of: model.lists[$0])) == nil }
                    if unknown.isEmpty { break }
                    for index in unknown {
                        tried += 1
                        let pipeline = try model.pipeline(of: model.lists[index])
                        let report = try validator.validate(pipeline: pipeline, measurementProtocol: measurementProtocol)
                        verdicts.remember(pipeline, passed: report.passed)
                        FileHandle.standardError.write(Data("validation \(tried): \(report.passed ? "passed" : "FAILED") \(model.lists[index].action)\n".utf8))
                    }
                    let failed = Set(data.pool.indices.filter { verdicts.verdict(data.pipelines[$0]) == false })
                    data = data.removingPool(failed)
                    model = try fit()
                }
            }
            try writeAtomically(Array(try model.encoded()), to: output)
            try StandardOutput.print(model.summary)
            try StandardOutput.print("wrote \(output)")
        }
    }
}

extension PredictorTrainCommand {
    /// The training matrix at `path`, checked: readable, measured under `measurementProtocol`.
    static func matrix(path: String, measurementProtocol: MeasurementProtocol) throws -> TrainingMatrix {
        let loaded: TrainingMatrix
        do {
            loaded = try TrainingMatrix.load(path: path)
        } catch let error as TrainingMatrix.MatrixError {
            throw MeasureError.badInput(error.description)
        }
        guard loaded.protocolKey == measurementProtocol.storeKey else {
            throw MeasureError.usage("\(path) was measured under \(loaded.protocolName) (\(loaded.protocolKey)), not "
                + "\(measurementProtocol.storeKey); pass --protocol \(loaded.protocolName) or a matrix of that protocol")
        }
        return loaded
    }

    /// The function-level matrix at `path`, checked: same protocol, functions split.
    static func compositionTraining(path: String, measurementProtocol: MeasurementProtocol) throws -> CompositionTraining {
        let training = try CompositionTraining(matrix: try matrix(path: path, measurementProtocol: measurementProtocol))
        guard training.functionCount > 0 else {
            throw MeasureError.usage("\(path) has no functions: make it with `passlab predictor matrix --split-functions`")
        }
        return training
    }
}

struct PredictorInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Describe a predictor: provenance, pool, cross-validation figures.",
                                                    discussion: "Example: passlab predictor info --protocol shipping")

    @Option(name: .customLong("protocol"), help: "The shipped predictor of this protocol (shipping or paper).")
    var protocolName: ProtocolName = .shipping

    @Option(help: "A predictor file instead of the shipped one.")
    var predictorFile: String?

    func run() throws {
        reportingErrors {
            do {
                let loaded = try predictorFile.map { try PredictorModel.load(path: $0) } ?? PredictorModel.bundled(protocolName)
                try StandardOutput.print(loaded.summary)
            } catch let error as PredictorModel.LoadError {
                throw MeasureError.badInput(error.description)
            }
        }
    }
}
