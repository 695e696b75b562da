import ArgumentParser
import Autotune
import CodeSize
import Evaluation
import Foundation
import Pipelines
import Models
import Pipelines
import Predictor
import Store
import Toolchain
import Validation

/// The predictor that proposes pass lists.
enum PredictorKind: String, ExpressibleByArgument, CaseIterable {
    /// The model shipped with PassLab (or `--predictor-file FILE`).
    case embedded
    /// A served LLM Compiler FTD model (`--model-url`, `--model`).
    case llm
}

/// `--model-url`, `--model` and the client's limits: a served model.
struct ServedModelOptions: ParsableArguments {
    @Option(help: "Base URL of an OpenAI-compatible server (vLLM, llama.cpp) serving an LLM Compiler model, e.g. http://127.0.0.1:8000/v1. Default: $PASSLAB_MODEL_URL.")
    var modelURL: String?

    @Option(help: "The served model's name, e.g. facebook/llm-compiler-7b-ftd. Default: $PASSLAB_MODEL.")
    var model: String?

    @Option(help: "Seconds one model request may take.")
    var modelTimeout: Double = 600

    @Option(help: "Retries of a model request that failed for a transient reason (connection, time-out, HTTP 429/5xx).")
    var modelRetries: Int = 2

    @Option(help: "Model requests in flight at once.")
    var modelConcurrency: Int = 2

    func client() throws -> CompletionClient {
        guard modelTimeout > 0, modelRetries >= 0, modelConcurrency >= 1 else {
            throw MeasureError.usage("--model-timeout must be positive, --model-retries 0 or more and --model-concurrency at least 1")
        }
        do {
            return CompletionClient(model: try ServedModel.resolve(url: modelURL, name: model, timeout: modelTimeout, retries: modelRetries,
                                                                   concurrency: modelConcurrency))
        } catch {
            throw MeasureError.usage(error.description)
        }
    }
}

/// `--predictor`, `--predictor-file`, `--db`, `--humaneval`, `--no-validate`: shared by tune and eval.
struct PredictorOptions: ParsableArguments {
    @Option(help: "Who proposes pass lists: embedded (PassLab's model learned from autotuning; no GPU, nothing to download) or llm (a served LLM Compiler FTD model: --model-url, --model).")
    var predictor: PredictorKind = .embedded

    @Option(help: "A predictor file made by `passlab predictor train` instead of the one shipped for the protocol.")
    var predictorFile: String?

    @OptionGroup var served: ServedModelOptions

    @Option(help: "Results store (SQLite) for sizes and verdicts; a module tuned again reads them back. Default: $PASSLAB_CACHE_DIR (else ~/.cache/passlab)/tune.sqlite.")
    var db: String?

    @Option(help: "The HumanEval-X file for PassListEval of lists not validated yet. Default: $PASSLAB_HUMANEVAL, else data/humaneval-x-cpp/humaneval_cpp.jsonl.gz of the checkout PassLab was built from.")
    var humaneval: String?

    @Flag(help: "Never run PassListEval here: only lists validated when the predictor was trained can win (else -Oz).")
    var noValidate = false

    @Flag(inversion: .prefixedNo, help: "At budgets above 1, let each function take the body the validated list that compiled it smallest made, in one object, when that object is smaller (the last of the budget's compilations).")
    var perFunction = true

    func loadModel(_ protocolName: ProtocolName) throws -> PredictorModel {
        if let predictorFile { return try PredictorModel.load(path: predictorFile) }
        return try PredictorModel.bundled(protocolName)
    }

    /// How reports name the predictor.
    var predictorName: String {
        switch predictor {
        case .embedded: predictorFile ?? "embedded"
        case .llm: "llm:" + (served.model ?? ProcessInfo.processInfo.environment["PASSLAB_MODEL"] ?? "?")
        }
    }

    func store() throws -> ResultStore {
        let path = try db.map { try StoreLocation(parsing: $0).sqlitePath(command: "passlab tune") }
            ?? (ReferenceCache.defaultRoot as NSString).appendingPathComponent("tune.sqlite")
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        return try ResultStore(path: path)
    }

    /// A validator when the HumanEval-X suite can be found (nil, with a
    /// note on standard error, when it cannot or with --no-validate).
    func validator(engine: EvaluationEngine, jobs: Int, store: ResultStore) throws -> PassListValidator? {
        guard let suite = try validationSuite(explicit: humaneval, noValidate: noValidate) else { return nil }
        return PassListValidator(engine: engine, toolchain: try Toolchain.find(),
                                 configuration: ValidationConfiguration(humanEvalPath: suite, jobs: jobs,
                                                                        stopAtFirstFailure: true),
                                 store: store)
    }

    func makeTuner(engine: EvaluationEngine, jobs: Int, measurementProtocol: MeasurementProtocol) throws -> FlagTuner {
        if predictor == .llm {
            guard predictorFile == nil else { throw MeasureError.usage("--predictor-file is for the embedded predictor, not --predictor llm") }
            // The client first: a misconfigured model is a usage error whatever state the store is in.
            let served = ServedModelPredictor(client: try served.client(), tokenCounter: LlamaTokenCount.default)
            let store = try store()
            let tuner = try FlagTuner(engine: engine, predictor: served, measurementProtocol: measurementProtocol,
                                      validator: try validator(engine: engine, jobs: jobs, store: store), store: store)
            tuner.perFunction = perFunction
            return tuner
        }
        if served.modelURL != nil || served.model != nil {
            throw MeasureError.usage("--model-url and --model name a served model: add --predictor llm (the embedded predictor's file is --predictor-file)")
        }
        let model: PredictorModel
        do {
            model = try loadModel(measurementProtocol.name)
        } catch let error as PredictorModel.LoadError {
            throw MeasureError.badInput(error.description)
        }
        let store = try store()
        let tuner = try FlagTuner(engine: engine, model: model, measurementProtocol: measurementProtocol,
                                  validator: try validator(engine: engine, jobs: jobs, store: store), store: store,
                                  predictorName: predictorName)
        tuner.perFunction = perFunction
        return tuner
    }
}

/// The HumanEval-X suite that validates new winners: nil with --no-validate,
/// or (with a note on standard error) when none is found; a --humaneval
/// that is not a suite is a usage error.
func validationSuite(explicit: String?, noValidate: Bool) throws -> String? {
    if noValidate { return nil }
    do {
        return try HumanEvalSuite.locate(explicit: explicit)
    } catch {
        if explicit != nil { throw MeasureError.usage("\(error)") }
        FileHandle.standardError.write(Data("passlab: note: no HumanEval-X suite found (\(error)); only lists validated at training time can win\n".utf8))
        return nil
    }
}

struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Pick a pass list for a program: smaller code than -Oz, validated, never worse than -Oz.",
        discussion: """
        The predictor proposes its best lists for the program (budget 1: one list, zero-shot); they are compiled and \
        measured, and a budget beyond the predictor's pool goes to a local search seeded with them. The result is the \
        smallest list that passed PassListEval (HumanEval-X, differential), or -Oz itself when none is smaller. \
        Writes the optimized IR (the pipeline's output, what clang-19 -c or llc-19 turn into the measured object), or \
        the object with -c. With a budget above 1, progress (lists compiled, programs validated, ETA) goes to standard \
        error. Text output names clang-19's -Oz pipeline `clang -Oz`; --json has it in full.

        Example: passlab tune prog.c --budget 20 -o prog.tuned.ll
        """
    )

    @Argument(help: "A .c, .cpp, .ll or .bc file.")
    var input: String

    @Option(name: .short, help: "Output file: IR text, bitcode when it ends in .bc, the object with -c. Default: INPUT's name with .tuned.ll (.tuned.o with -c) in the current directory.")
    var output: String?

    @Flag(name: .short, help: "Write the object file (as measured) instead of the optimized IR.")
    var compile = false

    @Option(help: "Pass lists to compile: 1 is zero-shot (one predicted list, plus the -Oz backup).")
    var budget: Int = 10

    @OptionGroup var predictor: PredictorOptions
    @OptionGroup var measurement: MeasurementOptions
    @OptionGroup var engine: EngineOptions

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Argument(parsing: .postTerminator, help: "Extra clang arguments for C/C++ inputs, after `--`.")
    var clangArguments: [String] = []

    func validate() throws {
        guard budget >= 1 else { throw ValidationError("--budget must be at least 1, got \(budget)") }
    }

    func run() throws {
        reportingErrors {
            let measurementProtocol = measurement.measurementProtocol
            let evaluationEngine = try engine.makeEngine()
            let tuner = try predictor.makeTuner(engine: evaluationEngine, jobs: engine.jobs, measurementProtocol: measurementProtocol)
            let stop = StopSignal()
            stop.install(notice: "stopping after the evaluations in flight...")
            tuner.stop = stop
            let display = ProgressReporter()
            tuner.progress = display
            let measurer = ProgramMeasurer(engine: evaluationEngine)
            let bytes = try ProgramMeasurer.irBytes(of: input, triple: measurement.triple, clangArguments: clangArguments)
            let (handle, _) = try measurer.load(bytes: bytes, path: input, triple: measurement.triple)
            func interrupted() -> ExitCode {
                FileHandle.standardError.write(Data("passlab: interrupted; sizes measured so far are stored in \(tuner.storePath ?? "no store"): run the same command again to resume\n".utf8))
                return ExitCode(130)
            }
            let result: TuneResult
            do {
                result = try tuner.tune(ir: bytes, handle: handle, name: input, budget: budget)
            } catch where stop.isRequested {
                // Ctrl-C before the -Oz reference was measured: nothing to compare with, nothing is wrong.
                display.line("")
                throw interrupted()
            }
            display.line("")
            if stop.isRequested { throw interrupted() }
            let stem = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
            let destination = output ?? (stem + (compile ? ".tuned.o" : ".tuned.ll"))
            // IR keeps its use-list order (text: uselistorder directives), so compiling it gives the size reported.
            let kind: OutputKinds = compile ? .object : destination.hasSuffix(".bc") ? .bitcode : .exactIRText
            let (written, artifact) = try measurer.measure(handle, pipeline: result.pipeline, composition: result.perFunction,
                                                           measurementProtocol: measurementProtocol, outputs: kind)
            if written.binarySize != result.binarySize {
                throw MeasureError.internalError("\(input): the output measures \(written.binarySize) bytes where tuning measured "
                    + "\(result.binarySize); nothing was written. Please report this with the input.")
            }
            try writeAtomically(artifact, to: destination)
            if json {
                try printJSON(TuneOutput(result: result, output: destination))
            } else {
                try StandardOutput.print("""
                \(input) (\(result.provenance), \(predictor.predictor.rawValue) predictor, budget \(budget))
                  pipeline      \(result.edits.map { "clang -Oz edited (\($0.dropFirst(PassAction.editPrefix.count + 1)))" } ?? PassCatalog.displayName(of: result.pipeline))\(result.perFunction.map { "\n  per function  \($0.summary) (see --json)" } ?? "")
                  unoptimized   \(result.unoptimizedBinarySize.map { "\($0) bytes" } ?? "no size (see the store)")
                  -Oz           \(result.ozBinarySize) bytes
                  result        \(result.binarySize) bytes, \(String(format: "%.2f%%", result.reductionVsOz)) smaller than -Oz\(result.usedOzBackup ? " (no validated list beat -Oz: -Oz kept)" : "")
                  validated     \(result.usedOzBackup ? "-Oz is the reference" : "passed PassListEval")
                  spent         \(result.compilations) lists, \(result.validations) validations (\(String(format: "%.1f", result.validationSeconds)) s), \(String(format: "%.1f", result.seconds)) s\(result.modelSeconds.map { String(format: " (model %.1f s)", $0) } ?? "")\(result.modelFallbackDetail.map { "\n  model answer  unusable, -Oz backup: \($0)" } ?? "")
                  wrote         \(destination)
                """.escapedForTerminal())
            }
        }
    }
}

/// `tune --json`: the result plus where it was written.
struct TuneOutput: Encodable {
    var result: TuneResult
    var output: String

    func encode(to encoder: any Encoder) throws {
        try result.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(output, forKey: .output)
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        static let output = Key(stringValue: "output")
    }
}

/// Writes an output by the rules of every output (see `AtomicFile`).
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    try AtomicFile.write(bytes, to: path)
}
