import ArgumentParser
import Cluster
import CodeSize
import Engine
import Foundation
import Pipelines
import Service
import Store
import Support
import Toolchain
import Validation

/// `--jobs`, `--timeout`: the worker pool.
struct EngineOptions: ParsableArguments {
    @Option(help: "Worker processes (default: number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Seconds one evaluation may take before its worker is killed (the paper's limit: 120).")
    var timeout: Double = 120

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive, got \(timeout)") }
    }

    /// `freshWorkers`: see `EngineConfiguration.freshWorkers` (datasets).
    func makeEngine(freshWorkers: Bool = false) throws -> EvaluationEngine {
        var configuration = EngineConfiguration(jobs: jobs, timeout: timeout)
        configuration.freshWorkers = freshWorkers
        return try EvaluationEngine(configuration: configuration)
    }
}
