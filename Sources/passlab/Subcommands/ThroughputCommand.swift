import ArgumentParser
import Benchmarks
import CodeSize
import CompilerWrapper
import Datasets
import Engine
import Foundation
import Toolchain

struct ThroughputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract:
            "Evaluations per second: engine (1 and 2 workers) vs opt-19 + clang-19/llc-19 + llvm-size-19, same modules and pipelines.",
        discussion: "Example: passlab bench throughput Tests/Fixtures/programs --protocol both"
    )

    @Argument(
        help:
            "Programs (.c/.cpp/.ll/.bc) or directories. Default: Tests/Fixtures/programs and examples/ of the checkout."
    )
    var inputs: [String] = []

    @Option(help: "Protocols to measure: shipping, paper or both.")
    var `protocol`: String = "both"

    @Option(help: "Seeded random catalog lists added to module(default<Oz>) and default<O2>.")
    var randomPipelines: Int = 8

    @Option(help: "Seed of the random lists.")
    var seed: UInt64 = 1

    @Option(help: "Longest random list (50: the paper's random search; 5: lists as minimization tries them).")
    var maxLength: Int = 50

    @Option(help: "Most process-pipeline evaluations per protocol.")
    var processLimit: Int = 60

    @Option(help: "Engine repetitions of the whole job list.")
    var repetitions: Int = 3

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        reportingErrors {
            let files = try benchPrograms(inputs)
            let protocols: [MeasurementProtocol] =
                switch self.protocol {
                case "both": [.shipping, .paper]
                case "shipping": [.shipping]
                case "paper": [.paper]
                default: throw MeasureError.usage("--protocol must be shipping, paper or both, not '\(self.protocol)'")
                }
            let benchmark = ThroughputBenchmark(
                inputs: files,
                pipelines: ThroughputBenchmark.defaultPipelines(
                    randomCount: randomPipelines, seed: seed, maxLength: maxLength),
                protocols: protocols, workerExecutable: EngineConfiguration.currentExecutable,
                processLimit: processLimit, repetitions: repetitions)
            let result = try benchmark.run { line in
                if !json { try? StandardOutput.print(line) }  // a failure is kept and reported at the end
            }
            if json {
                try printJSON(result, measuredUnder: protocols.count == 1 ? protocols[0] : nil)
                return
            }
            for item in result.protocols {
                try StandardOutput.print(
                    String(
                        format:
                            "%@: engine %.1f evals/s (2 workers %.1f), process pipeline %.1f evals/s, speedup %.1fx, scaling %.2fx",
                        item.protocol, item.engineEvalsPerSecond, item.engineTwoWorkersEvalsPerSecond,
                        item.processEvalsPerSecond,
                        item.speedupVsProcessPipeline, item.scalingTwoWorkers))
            }
            try StandardOutput.print(
                "inputs: \(files.count) programs; pipelines: \(result.pipelines.count); LLVM \(result.llvmVersion); \(result.cores) cores"
            )
        }
    }
}
