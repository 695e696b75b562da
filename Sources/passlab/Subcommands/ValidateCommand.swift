import ArgumentParser
import CodeSize
import Engine
import Foundation
import Pipelines
import Store
import Toolchain
import Validation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "PassListEval with differential testing: does a pass list still give correct programs?",
        discussion: """
            Each HumanEval-X C++ problem is lowered to unoptimized IR, optimized with the pipeline in a worker (the object \
            PassLab measures), linked with clang++-19, run in a sandbox and compared with its -O2 build (exit status and \
            output). With --csmith N, N csmith programs (seeds 1..N) are compared with their -O0 builds. The pipeline \
            passes only if every program passes; exit status 1 when it does not. References are built once and cached \
            under $XDG_CACHE_HOME/passlab (or $PASSLAB_CACHE_DIR). With --db, verdicts and each program's outcome on \
            each optimized object are kept: a program whose object is byte-identical to one already run is not linked \
            and run again. Progress goes to standard error.

            Example: passlab validate -p clang-Oz --csmith 20
            """
    )

    @Option(name: .short, help: "Pipeline in opt-19 -p syntax, e.g. 'module(default<Oz>)', or clang-Oz.")
    var pipeline: String

    @Option(help: "Test suite: humaneval-x (the 164 HumanEval-X C++ problems) or none (csmith only).")
    var suite: String = "humaneval-x"

    @OptionGroup var humanEval: HumanEvalOptions

    @Option(help: "Also run N csmith programs (seeds 1..N), compared with their -O0 builds.")
    var csmith: Int = 0

    @OptionGroup var measurement: MeasurementOptions

    @Option(help: "Programs built and run at once, and engine workers (default: number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        help:
            "Most seconds one test program may run (each also gets at most 10x its reference's time plus 1 s, at least 1 s)."
    )
    var timeout: Double = 10

    @Option(help: "Results store (SQLite file or postgres:// URL): verdicts are read from and recorded in it.")
    var db: String?

    @Flag(
        help:
            "Stop at the first failing program (programs still running are killed): the verdict (failed) is final, the report partial."
    )
    var stopAtFirstFailure = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard ["humaneval-x", "none"].contains(suite) else {
            throw ValidationError("--suite must be humaneval-x or none, not '\(suite)'")
        }
        guard csmith >= 0 else { throw ValidationError("--csmith must be 0 or more, got \(csmith)") }
        guard suite != "none" || csmith > 0 else {
            throw ValidationError("--suite none needs --csmith N (N > 0): there is nothing else to run")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive, got \(timeout)") }
    }

    func run() throws {
        let report: ValidationReport = reportingErrors {
            let humanEvalPath = suite == "none" ? nil : try humanEval.requiredSuite()
            if SandboxIsolation.available != .bubblewrap {
                FileHandle.standardError.write(Data("passlab: note: \(SandboxIsolation.summary)\n".utf8))
            }
            let configuration = ValidationConfiguration(
                humanEvalPath: humanEvalPath, csmithCount: csmith, jobs: jobs,
                programTimeout: timeout, stopAtFirstFailure: stopAtFirstFailure)
            let engine = try EvaluationEngine(configuration: EngineConfiguration(jobs: jobs))
            let validator = PassListValidator(
                engine: engine, toolchain: try Toolchain.find(), configuration: configuration,
                store: try db.map { try ResultStore(url: $0) })
            let display = ProgressReporter()
            validator.progress = display
            defer { display.line("") }
            let parsed: Pipeline
            do {
                parsed = try PassCatalog.parse(pipeline)
            } catch let error as PipelineError {
                throw PassListEvalError.badPipeline(error.description)
            }
            return try validator.validate(pipeline: parsed, measurementProtocol: measurement.measurementProtocol)
        }
        if json { try printJSON(report) } else { try StandardOutput.print(report.rendered) }
        if !report.passed { throw ExitCode(1) }
    }
}
