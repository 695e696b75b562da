import ArgumentParser
import Autotune
import CodeSize
import Engine
import Foundation
import Models
import Pipelines
import Predictor
import Store
import Toolchain
import Validation

/// `--predictor`, `--predictor-file`, `--db`, `--humaneval`, `--no-validate`: shared by tune and eval.
struct PredictorOptions: ParsableArguments {
    @Option(
        help:
            "Who proposes pass lists: embedded (PassLab's model learned from autotuning; no GPU, nothing to download) or llm (a served LLM Compiler FTD model: --model-url, --model)."
    )
    var predictor: PredictorKind = .embedded

    @Option(help: "A predictor file made by `passlab predictor train` instead of the one shipped for the protocol.")
    var predictorFile: String?

    @OptionGroup var served: ServedModelOptions

    @Option(
        help:
            "Results store (SQLite) for sizes and verdicts; a module tuned again reads them back. Default: $PASSLAB_CACHE_DIR (else ~/.cache/passlab)/tune.sqlite."
    )
    var db: String?

    @OptionGroup var humanEval: HumanEvalOptions

    @Flag(help: "Never run PassListEval here: only lists validated when the predictor was trained can win (else -Oz).")
    var noValidate = false

    @Flag(
        inversion: .prefixedNo,
        help:
            "At budgets above 1, let each function take the body the validated list that compiled it smallest made, in one object, when that object is smaller (the last of the budget's compilations)."
    )
    var perFunction = true

    @Flag(
        inversion: .prefixedNo,
        help:
            "At budgets above 10, spend most of the budget searching beyond the predictor's lists (new lists are validated with PassListEval when they win). --no-search compiles only the predictor's lists and composes them per function: nothing validated while tuning, faster, usually a little larger."
    )
    var search = true

    @OptionGroup var validatedGain: ValidatedGainOption

    func loadModel(_ protocolName: ProtocolName) throws -> PredictorModel {
        try PredictorModel.load(path: predictorFile, orBundled: protocolName)
    }

    /// How reports name the predictor.
    var predictorName: String {
        switch predictor {
        case .embedded: predictorFile ?? "embedded"
        case .llm: "llm:" + (served.model ?? ProcessInfo.processInfo.environment["PASSLAB_MODEL"] ?? "?")
        }
    }

    func store() throws -> ResultStore {
        let path =
            try db.map { try StoreLocation(parsing: $0).sqlitePath(command: "passlab tune") }
            ?? (ReferenceCache.defaultRoot as NSString).appendingPathComponent("tune.sqlite")
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        return try ResultStore(path: path)
    }

    /// A validator when the HumanEval-X suite can be found (nil, with a
    /// note on standard error, when it cannot or with --no-validate).
    func validator(engine: EvaluationEngine, jobs: Int, store: ResultStore) throws -> PassListValidator? {
        guard let suite = try humanEval.optionalSuite(noValidate: noValidate) else { return nil }
        return try HumanEvalOptions.verdictValidator(suite: suite, engine: engine, jobs: jobs, store: store)
    }

    func makeTuner(engine: EvaluationEngine, jobs: Int, measurementProtocol: MeasurementProtocol) throws -> FlagTuner {
        if predictor == .llm {
            guard predictorFile == nil else {
                throw MeasureError.usage("--predictor-file is for the embedded predictor, not --predictor llm")
            }
            // The client first: a misconfigured model is a usage error whatever state the store is in.
            let served = ServedModelPredictor(client: try served.client(), tokenCounter: LlamaTokenCount.default)
            let store = try store()
            let tuner = try FlagTuner(
                engine: engine, predictor: served, measurementProtocol: measurementProtocol,
                validator: try validator(engine: engine, jobs: jobs, store: store), store: store)
            tuner.perFunction = perFunction
            tuner.searches = search
            tuner.minimumValidatedGain = validatedGain.share
            return tuner
        }
        if served.modelURL != nil || served.model != nil {
            throw MeasureError.usage(
                "--model-url and --model name a served model: add --predictor llm (the embedded predictor's file is --predictor-file)"
            )
        }
        let model = try loadModel(measurementProtocol.name)
        let store = try store()
        let tuner = try FlagTuner(
            engine: engine, model: model, measurementProtocol: measurementProtocol,
            validator: try validator(engine: engine, jobs: jobs, store: store), store: store,
            predictorName: predictorName)
        tuner.perFunction = perFunction
        tuner.searches = search
        tuner.minimumValidatedGain = validatedGain.share
        return tuner
    }
}
