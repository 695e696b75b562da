import ArgumentParser
import Autotune
import CodeSize
import Engine
import Foundation
import Models
import Predictor
import Store
import Toolchain
import Validation

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

    @Option(
        help: ArgumentHelp(
            "A function-level training matrix (`predictor matrix --split-functions`): learn the order in which "
                + "lists are proposed when the tuner composes per function.", valueName: "matrix"))
    var functionMatrix: String?

    @Option(name: .short, help: "The predictor file to write.")
    var output: String

    @OptionGroup var measurement: MeasurementOptions

    @Option(help: "Validate the N pool lists picked most often (0: none; -1: all).")
    var validate: Int = 0

    @OptionGroup var humanEval: HumanEvalOptions

    @Option(help: "Worker processes for validation.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        reportingErrors {
            let measurementProtocol = measurement.measurementProtocol
            let data: TrainingData
            let store: ResultStore
            if let matrix {
                guard inputs.isEmpty else {
                    throw MeasureError.usage("give either --matrix or training programs with --db, not both")
                }
                data = try Self.matrix(path: matrix, measurementProtocol: measurementProtocol).trainingData(
                    includingFunctions: functions)
                store = try ResultStore(
                    path: try db.map { try StoreLocation(parsing: $0).sqlitePath(command: "passlab eval") }
                        ?? (ReferenceCache.defaultRoot as NSString).appendingPathComponent("tune.sqlite"))
            } else {
                guard let db = try db.map({ try StoreLocation(parsing: $0).sqlitePath(command: "passlab eval") }),
                    !inputs.isEmpty
                else {
                    throw MeasureError.usage(
                        "give --matrix FILE, or the training programs and --db STORE they were autotuned into")
                }
                guard FileManager.default.fileExists(atPath: db) else {
                    throw MeasureError.usage(
                        "\(db): no such results store; autotune the training programs into it first")
                }
                let files = try ProgramDiscovery.programs(in: inputs)
                store = try ResultStore(path: db)
                data = try TrainingData.load(store: store, inputs: files, measurementProtocol: measurementProtocol)
            }
            let verdicts = VerdictLookup(store: store, measurementProtocol: measurementProtocol)
            let poolSize = data.pool.count
            func provenance(_ data: TrainingData) -> String {
                "passlab predictor train: \(data.programs.count) programs from "
                    + Set(data.programs.map(\.codeBase)).sorted().joined(separator: ", ")
                    + "; pool of \(data.pool.count) lists (\(poolSize - data.pool.count) more failed PassListEval); protocol \(measurementProtocol)"
            }
            let composition = try functionMatrix.map { path in
                try Self.compositionTraining(path: path, measurementProtocol: measurementProtocol)
            }
            let validator =
                try validate == 0
                ? nil
                : HumanEvalOptions.verdictValidator(
                    suite: try humanEval.requiredSuite(),
                    engine: try EvaluationEngine(configuration: EngineConfiguration(jobs: jobs)),
                    jobs: jobs, store: store)
            let training = ValidatedTraining(
                measurementProtocol: measurementProtocol, composition: composition, verdicts: verdicts)
            let model = try training.run(data, mostUsed: validate, validator: validator, provenance: provenance) {
                line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
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
        let loaded = try TrainingMatrix.load(path: path)
        guard loaded.protocolKey == measurementProtocol.storeKey else {
            throw MeasureError.usage(
                "\(path) was measured under \(loaded.protocolName) (\(loaded.protocolKey)), not "
                    + "\(measurementProtocol.storeKey); pass --protocol \(loaded.protocolName) or a matrix of that protocol"
            )
        }
        return loaded
    }

    /// The function-level matrix at `path`, checked: same protocol, functions split.
    static func compositionTraining(
        path: String, measurementProtocol: MeasurementProtocol
    ) throws -> CompositionTraining {
        let training = try CompositionTraining(matrix: try matrix(path: path, measurementProtocol: measurementProtocol))
        guard training.functionCount > 0 else {
            throw MeasureError.usage(
                "\(path) has no functions: make it with `passlab predictor matrix --split-functions`")
        }
        return training
    }
}
