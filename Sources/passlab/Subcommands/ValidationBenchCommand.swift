import ArgumentParser
import Benchmarks
import Engine
import Foundation
import Toolchain
import Validation

/// `passlab bench validation`: PassListEval's cost cold, warm, in full and
/// stopping at the first failure (see `ValidationBenchmark`).
struct ValidationBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validation",
        abstract: "PassListEval's cost side by side: a passing list cold, other lists with stored outcomes warm, "
            + "a failing list in full and stopping at its first failure, and a list with endless loops stopping "
            + "at its first failure as before 2026-12-06 (programs in flight left to finish) and as now (killed).",
        discussion: """
            Each case uses a fresh temporary results store; HumanEval-X references come from the reference cache \
            (built first if missing, outside the timings). Warm lists: a fresh validator on the cold list's store, so \
            programs whose optimized object is byte-identical to one already run are not linked and run again.

            Example: passlab bench validation --lists 2
            """
    )

    @Option(help: "Passing lists validated warm after the cold one (1-\(ValidationBenchmark.passingLists.count - 1)).")
    var lists: Int = 1

    @OptionGroup var humanEval: HumanEvalOptions

    @OptionGroup var measurement: MeasurementOptions

    @Option(help: "Programs built and run at once, and engine workers (default: number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        let most = ValidationBenchmark.passingLists.count - 1
        guard (1...most).contains(lists) else { throw ValidationError("--lists must be 1 to \(most), got \(lists)") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
        reportingErrors {
            let suite = try humanEval.requiredSuite()
            let benchmark = ValidationBenchmark(
                humanEvalPath: suite, warmLists: lists,
                measurementProtocol: measurement.measurementProtocol, jobs: jobs,
                workerExecutable: EngineConfiguration.currentExecutable)
            let report = try benchmark.run { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
            if json { try printJSON(report) } else { try StandardOutput.print(report.text) }
        }
    }
}
