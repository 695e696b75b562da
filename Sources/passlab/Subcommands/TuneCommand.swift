import ArgumentParser
import Autotune
import CodeSize
import Engine
import Foundation
import Models
import Pipelines
import Predictor
import Store
import Support
import Toolchain
import Validation

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

    @Option(
        name: .short,
        help:
            "Output file: IR text, bitcode when it ends in .bc, the object with -c. Default: INPUT's name with .tuned.ll (.tuned.o with -c) in the current directory."
    )
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
            let evaluationEngine = try engine.makeEngine(
                workers: engine.requestedJobs == nil && FlagTuner.oneWorkerSuffices(for: input, budget: budget)
                    ? 1 : nil)
            // The workers boot, and the input is read (a C file compiled to IR) and parsed in each of them,
            // while the predictor loads and the store opens.
            evaluationEngine.startWorkers()
            let measurer = ProgramMeasurer(engine: evaluationEngine)
            let reading = BackgroundWork { [input, triple = measurement.triple, clangArguments] in
                try ProgramMeasurer.irBytes(of: input, triple: triple, clangArguments: clangArguments)
            }
            let loading = BackgroundWork { [input, triple = measurement.triple] in
                try measurer.load(bytes: reading.value(), path: input, triple: triple, everywhere: true).handle
            }
            let tuner = try predictor.makeTuner(
                engine: evaluationEngine, jobs: engine.jobs, measurementProtocol: measurementProtocol)
            // At budget 1 the unoptimized module would be a third compilation on two workers, the last to end.
            tuner.measuresUnoptimized = budget > 1
            let stop = StopSignal()
            stop.install(notice: "stopping after the evaluations in flight...")
            tuner.stop = stop
            let display = ProgressReporter()
            tuner.progress = display
            let bytes = try reading.value()
            func interrupted() -> ExitCode {
                FileHandle.standardError.write(
                    Data(
                        "passlab: interrupted; sizes measured so far are stored in \(tuner.storePath ?? "no store"): run the same command again to resume\n"
                            .utf8))
                return ExitCode(130)
            }
            let stem = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
            let destination = output ?? (stem + (compile ? ".tuned.o" : ".tuned.ll"))
            // IR keeps its use-list order (text: uselistorder directives), so compiling it gives the size reported.
            let kind: OutputKinds = compile ? .object : destination.hasSuffix(".bc") ? .bitcode : .exactIRText
            var result: TuneResult
            // At budget 1, what to write comes from the compilation that measured it.
            let tunedOutput: [UInt8]?
            let handle: ModuleHandle
            do {
                // The features, the store's row and the predictor's picks while the workers parse the module.
                let prepared: FlagTuner.Preparation
                do {
                    prepared = try tuner.prepare(ir: bytes, name: input, budget: budget)
                } catch {
                    // Input the workers cannot parse is reported as they report it.
                    _ = try loading.value()
                    throw error
                }
                handle = try loading.value()
                (result, tunedOutput) = try tuner.tune(prepared, handle: handle, output: kind)
            } catch  where stop.isRequested {
                // Ctrl-C before the -Oz reference was measured: nothing to compare with, nothing is wrong.
                display.line("")
                throw interrupted()
            }
            display.line("")
            if stop.isRequested { throw interrupted() }
            func measured(_ result: TuneResult) throws -> (size: Int, artifact: [UInt8]) {
                let (written, artifact) = try measurer.measure(
                    handle, pipeline: result.pipeline, composition: result.perFunction,
                    measurementProtocol: measurementProtocol, outputs: kind)
                return (written.binarySize, artifact)
            }
            // Run again, the same command never ends larger: an earlier run's smaller result is shipped
            // instead, once it measures the same again. One that cannot be shipped any more is replaced by
            // this run's; one that cannot be measured now (a time-out on a loaded machine) is left as it is.
            var shipped: (size: Int, artifact: [UInt8])?
            var replacing = false
            switch tuner.earlierResult(comparedWith: result, ir: bytes, budget: budget) {
            case .smaller(let earlier):
                if let again = try? measured(earlier) {
                    if again.size == earlier.binarySize {
                        (result, shipped) = (earlier, again)
                    } else {
                        replacing = true
                    }
                }
            case .unusable: replacing = true
            case .none: break
            }
            let (size, artifact) = try shipped ?? tunedOutput.map { (result.binarySize, $0) } ?? measured(result)
            if size != result.binarySize {
                throw MeasureError.internalError(
                    "\(input): the output measures \(size) bytes where tuning measured "
                        + "\(result.binarySize); nothing was written. Please report this with the input.")
            }
            try writeAtomically(artifact, to: destination)
            do {
                try tuner.keep(result, ir: bytes, budget: budget, replacing: replacing)
            } catch {
                // The output is written and right; only the next run's guarantee is lost.
                FileHandle.standardError.write(
                    Data(
                        "passlab: warning: \(destination) is written, but the result could not be kept in \(tuner.storePath ?? "the store") for the next run: \(error)\n"
                            .utf8))
            }
            if json {
                try printJSON(TuneOutput(result: result, output: destination))
            } else {
                try StandardOutput.print(
                    """
                    \(input) (\(result.provenance), \(predictor.predictor.rawValue) predictor, budget \(budget))
                      pipeline      \(result.edits.map { "clang -Oz edited (\($0.dropFirst(PassAction.editPrefix.count + 1)))" } ?? PassCatalog.displayName(of: result.pipeline))\(result.perFunction.map { "\n  per function  \($0.summary) (see --json)" } ?? "")
                      unoptimized   \(result.unoptimizedBinarySize.map { "\($0) bytes" } ?? (tuner.measuresUnoptimized ? "no size (see the store)" : "not measured at budget 1 (passlab size \(input))"))
                      -Oz           \(result.ozBinarySize) bytes
                      result        \(result.binarySize) bytes, \(String(format: "%.2f%%", result.reductionVsOz)) smaller than -Oz\(result.usedOzBackup ? " (no validated list beat -Oz: -Oz kept)" : "")
                      validated     \(result.usedOzBackup ? "-Oz is the reference" : "passed PassListEval")
                      \(result.thisRunBinarySize.map { "kept          an earlier run's smaller result (this run found \($0) bytes)\n  " } ?? "")spent         \(result.compilations) lists, \(result.validations) validations (\(String(format: "%.1f", result.validationSeconds)) s), \(String(format: "%.1f", result.seconds)) s\(result.modelSeconds.map { String(format: " (model %.1f s)", $0) } ?? "")\(result.modelFallbackDetail.map { "\n  model answer  unusable, -Oz backup: \($0)" } ?? "")
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
