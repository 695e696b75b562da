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
    @Option(name: .customLong("jobs"), help: "Worker processes (default: number of cores).")
    var requestedJobs: Int?

    /// `--jobs`, or the number of cores.
    var jobs: Int { requestedJobs ?? ProcessInfo.processInfo.activeProcessorCount }

    @Option(help: "Seconds one evaluation may take before its worker is killed (the paper's limit: 120).")
    var timeout: Double = 120

    func validate() throws {
        if let requestedJobs, requestedJobs < 1 {
            throw ValidationError("--jobs must be at least 1, got \(requestedJobs)")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive, got \(timeout)") }
    }

    /// `freshWorkers`: see `EngineConfiguration.freshWorkers` (datasets);
    /// `workers`: fewer workers than `jobs`, where the caller knows better.
    func makeEngine(freshWorkers: Bool = false, workers: Int? = nil) throws -> EvaluationEngine {
        var configuration = EngineConfiguration(jobs: workers ?? jobs, timeout: timeout)
        configuration.freshWorkers = freshWorkers
        return try EvaluationEngine(configuration: configuration)
    }
}
