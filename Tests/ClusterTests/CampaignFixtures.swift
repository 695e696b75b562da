import Foundation
import Store
import TestSupport
import Toolchain

/// Small autotune campaigns run through the real passlab binary, and what
/// the store holds after them, for comparing sharded runs with unsharded ones.
enum Campaign {
    /// Three small fixture programs (the tests reorder them to show that order does not matter).
    static let programs = ["01_bubble_sort.c", "09_bits.c", "20_division.c"].map { Fixtures.programs + "/" + $0 }

    /// Tiny budgets: a run of all three takes seconds.
    static func options(budget: Int = 20, minimizeBudget: Int = 10) -> [String] {
        [
            "--budget", String(budget), "--minimize-budget", String(minimizeBudget), "--no-validate", "--jobs", "1",
            "--json",
        ]
    }

    static func passlab(
        _ arguments: [String], environment: [String: String]? = nil, timeout: Double = 600
    ) throws
        -> ProcessResult
    {
        try ProcessRunner.run(
            ProcessRequest(Fixtures.passlabExecutable, arguments, environment: environment, timeout: timeout))
    }

    /// Starts passlab without waiting (a shard running beside another).
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Fixtures.passlabExecutable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Every program's best list and sizes from a summary printed with --json, by program name.
    static func bests(_ json: String) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let programs = object?["programs"] as? [[String: Any]] ?? []
        var result: [String: String] = [:]
        for program in programs {
            let name = (program["name"] as? String).map { ($0 as NSString).lastPathComponent } ?? "?"
            result[name] =
                "\(program["bestPipeline"] ?? "") \(program["bestBinarySize"] ?? "") "
                + "oz \(program["ozBinarySize"] ?? "") compilations \(program["compilations"] ?? "")"
        }
        return result
    }

    /// The unsharded reference: one run of all programs into a fresh store.
    static func unsharded(
        in directory: String, budget: Int = 20, minimizeBudget: Int = 10
    ) throws
        -> (store: String, bests: [String: String])
    {
        let store = directory + "/unsharded.sqlite"
        let result = try passlab(
            ["autotune"] + programs + ["--db", store] + options(budget: budget, minimizeBudget: minimizeBudget))
        guard result.termination.succeeded else {
            throw CampaignFailure(message: "unsharded run: \(result.stderrText.suffix(2000))")
        }
        return (store, try bests(result.stdoutText))
    }

    static func evaluations(_ path: String) throws -> [EvaluationKey] {
        try ResultStore(path: path).evaluationKeys()
    }
}

struct CampaignFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
