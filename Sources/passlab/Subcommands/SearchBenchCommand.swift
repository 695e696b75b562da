import ArgumentParser
import Benchmarks
import CodeSize
import CompilerWrapper
import Datasets
import Engine
import Foundation
import Toolchain

struct SearchBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Compilations each search strategy needs to match the paper's random search, same programs, one run.",
        discussion: "Example: passlab bench search Tests/Fixtures/programs --random-budget 500"
    )

    @Argument(
        help:
            "Programs (.c/.cpp/.ll/.bc) or directories. Default: Tests/Fixtures/programs and examples/ of the checkout."
    )
    var inputs: [String] = []

    @Option(help: "Compilations of the random search per program (the paper: 5000).")
    var randomBudget: Int = 5000

    @Option(help: "Compilations each strategy may spend per program. Default: a tenth of the random budget.")
    var strategyCap: Int?

    @Option(help: "Protocol: shipping or paper.")
    var `protocol`: String = "shipping"

    @Option(help: "Seed of the random search and the strategies (mixed with each program's name).")
    var seed: UInt64 = 1

    @Option(help: "Worker processes. Default: one per core.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        reportingErrors {
            let files = try benchPrograms(inputs)
            let measurementProtocol: MeasurementProtocol =
                switch self.protocol {
                case "shipping": .shipping
                case "paper": .paper
                default: throw MeasureError.usage("--protocol must be shipping or paper, not '\(self.protocol)'")
                }
            guard randomBudget > 0, (strategyCap ?? 1) > 0, jobs > 0 else {
                throw MeasureError.usage("--random-budget, --strategy-cap and --jobs must be positive")
            }
            let benchmark = SearchBenchmark(
                inputs: files, measurementProtocol: measurementProtocol, randomBudget: randomBudget,
                strategyCap: strategyCap, seed: seed, jobs: jobs,
                workerExecutable: EngineConfiguration.currentExecutable)
            let result = try benchmark.run { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            if json {
                try printJSON(result)
                return
            }
            try StandardOutput.print(SearchBenchmark.table(result))
        }
    }
}
