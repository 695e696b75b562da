import ArgumentParser
import Benchmarks
import CodeSize
import CompilerWrapper
import Datasets
import Engine
import Foundation
import Toolchain

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks, measured side by side in one run.",
        discussion: "Example: passlab bench throughput Tests/Fixtures/programs --protocol both",
        subcommands: [
            ThroughputCommand.self, SearchBenchCommand.self, CCBenchCommand.self, ValidationBenchCommand.self,
            BenchTuningCommand.self, BenchStoreCommand.self, SpawnBenchCommand.self, PredictorLoadBenchCommand.self,
        ]
    )
}

/// The programs of a bench: `inputs` expanded, or the checkout's bundled ones.
func benchPrograms(_ inputs: [String]) throws -> [String] {
    let files = try ProgramDiscovery.programs(in: inputs.isEmpty ? ["Tests/Fixtures/programs", "examples"] : inputs)
    guard !files.isEmpty else {
        throw MeasureError.usage(
            "no programs found in \(inputs.isEmpty ? "Tests/Fixtures/programs or examples (run from the checkout)" : inputs.joined(separator: ", ")); give .c/.cpp/.ll/.bc files or directories"
        )
    }
    return files
}
