import CodeSize
import Engine
import Foundation
import Pipelines
import Toolchain

/// `passlab bench throughput`: evaluations per second of the engine against
/// the process pipeline of the same protocol (opt-19, then clang-19 -c or
/// llc-19, then llvm-size-19), on the same modules and pipelines, in one run.
public struct ThroughputBenchmark {
    /// The figures of one protocol.
    public struct ProtocolResult: Codable, Sendable {
        /// The protocol's name, `shipping` or `paper`.
        public var `protocol`: String
        /// Engine evaluations timed per worker count: the sampled pairs times
        /// `repetitions` (warm-up not included).
        public var evaluations: Int
        /// Process-pipeline evaluations timed: the sampled pairs, once each.
        public var processEvaluations: Int
        /// Engine evaluations per wall-clock second with one worker.
        public var engineEvalsPerSecond: Double
        /// Engine evaluations per wall-clock second with two workers.
        public var engineTwoWorkersEvalsPerSecond: Double
        /// Process-pipeline evaluations per wall-clock second, one at a time.
        public var processEvalsPerSecond: Double
        /// One-worker engine rate / process-pipeline rate: both use one core.
        public var speedupVsProcessPipeline: Double
        /// Two-worker engine rate / one-worker rate (2 is perfect scaling).
        public var scalingTwoWorkers: Double
    }

    /// The whole run: headline figures, per-protocol figures, and what was run.
    public struct Result: Codable, Sendable {
        /// Headline figures come from the weaker protocol: the rates and the
        /// speedup from the one with the lowest speedup, `scalingTwoWorkers`
        /// is the lowest over protocols. This one is its one-worker engine rate.
        public var engineEvalsPerSecond: Double
        /// The process-pipeline rate of the protocol with the lowest speedup.
        public var processEvalsPerSecond: Double
        /// The lowest engine / process-pipeline speedup over the protocols.
        public var speedupVsProcessPipeline: Double
        /// The lowest two-worker scaling over the protocols.
        public var scalingTwoWorkers: Double
        /// One result per protocol measured, in the order given.
        public var protocols: [ProtocolResult]
        /// The programs as given.
        public var inputs: [String]
        /// The pipelines measured (JSON holds their text).
        public var pipelines: [Pipeline]
        /// LLVM's version as the engine's measurements report it.
        public var llvmVersion: String
        /// Active processor count of the machine.
        public var cores: Int
        /// How the figures were made, in words (recorded with the JSON).
        public var method: String
    }

    /// Programs (.c/.cpp/.ll/.bc), each compiled to IR once before timing.
    public var inputs: [String]
    /// Pipelines applied to every input.
    public var pipelines: [Pipeline]
    /// Protocols measured, one after the other.
    public var protocols: [MeasurementProtocol]
    /// The executable run as engine workers (`passlab` itself).
    public var workerExecutable: String
    /// Cap on process-pipeline evaluations per protocol (they are slow).
    public var processLimit: Int
    /// Times the engine runs the sampled job list (the process pipeline runs it once).
    public var repetitions: Int

    /// A benchmark of `pipelines` on `inputs` under each of `protocols`.
    public init(
        inputs: [String], pipelines: [Pipeline], protocols: [MeasurementProtocol], workerExecutable: String,
        processLimit: Int = 60, repetitions: Int = 3
    ) {
        self.inputs = inputs
        self.pipelines = pipelines
        self.protocols = protocols
        self.workerExecutable = workerExecutable
        self.processLimit = processLimit
        self.repetitions = repetitions
    }

    /// `module(default<Oz>)`, `default<O2>` and `count` seeded random
    /// lists of 1...`maxLength` catalog passes (50: the paper's random
    /// search; about 5: the lists minimization and insertion search try).
    public static func defaultPipelines(randomCount: Int = 8, seed: UInt64 = 1, maxLength: Int = 50) -> [Pipeline] {
        var generator = SeededGenerator(seed: seed)
        return ["module(default<Oz>)", "default<O2>"]
            + (0..<randomCount).map { _ in Pipeline.random(using: &generator, lengths: 1...max(1, maxLength)) }
    }

    /// Runs every protocol: engine with one, then two workers (modules
    /// loaded first), then the process pipeline on the same sample; `log`
    /// gets a line per step. Throws when the toolchain, an input or the
    /// engine cannot be set up; failed evaluations are timed, not reported.
    public func run(log: (String) -> Void = { _ in }) throws -> Result {
        let toolchain = try Toolchain.find()
        let directory = try ScratchDirectory.create(purpose: "bench")
        defer { ScratchDirectory.remove(directory) }

        // Materialise every input as a .ll file both sides read.
        var irFiles: [String] = []
        for (index, input) in inputs.enumerated() {
            let bytes = try ProgramMeasurer.irBytes(of: input, triple: nil, clangArguments: [])
            let path = "\(directory)/m\(index).\((input as NSString).pathExtension == "bc" ? "bc" : "ll")"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            irFiles.append(path)
        }
        var results: [ProtocolResult] = []
        var llvmVersion = ""
        for measurementProtocol in protocols {
            log(
                "protocol \(measurementProtocol.name.rawValue): \(irFiles.count) modules x \(pipelines.count) pipelines"
            )
            // The same (module, pipeline) pairs on both sides: an even,
            // deterministic sample of all pairs, at most `processLimit`.
            let pairs = irFiles.indices.flatMap { module in pipelines.indices.map { (module, $0) } }
            let stride = max(1, Int((Double(pairs.count) / Double(max(1, processLimit))).rounded(.up)))
            let sample = Swift.stride(from: 0, to: pairs.count, by: stride).map { pairs[$0] }
            var rates: [Int: Double] = [:]
            var evaluations = 0
            for workers in [1, 2] {
                let engine = try EvaluationEngine(
                    configuration: EngineConfiguration(workerExecutable: workerExecutable, jobs: workers))
                let handles = try irFiles.map { path in
                    engine.register(ir: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), name: path)
                }
                // Warm-up: every worker loads every module once (amortised in real runs).
                _ = engine.evaluate(
                    Array(
                        repeating: handles.map {
                            EvaluationJob(module: $0, pipeline: .empty, measurementProtocol: measurementProtocol)
                        }, count: workers
                    ).flatMap { $0 })
                let jobs = (0..<repetitions).flatMap { _ in
                    sample.map {
                        EvaluationJob(
                            module: handles[$0.0], pipeline: pipelines[$0.1], measurementProtocol: measurementProtocol)
                    }
                }
                let start = Date()
                let outcomes = engine.evaluate(jobs)
                let seconds = Date().timeIntervalSince(start)
                rates[workers] = Double(jobs.count) / seconds
                evaluations = jobs.count
                llvmVersion = outcomes.compactMap(\.measurement).first?.llvmVersion ?? llvmVersion
                log("  engine, \(workers) worker(s): \(jobs.count) evaluations in \(String(format: "%.2f", seconds)) s")
            }
            // The process pipeline, one evaluation at a time (as the engine with 1 worker).
            let start = Date()
            for (index, (module, pipeline)) in sample.enumerated() {
                _ = ProcessPipeline.measure(
                    file: irFiles[module], pipeline: pipelines[pipeline].text, measurementProtocol: measurementProtocol,
                    toolchain: toolchain, scratch: "\(directory)/p\(index)", countInstructions: false)
            }
            let processSeconds = Date().timeIntervalSince(start)
            let processRate = Double(sample.count) / processSeconds
            log("  process pipeline: \(sample.count) evaluations in \(String(format: "%.2f", processSeconds)) s")
            results.append(
                ProtocolResult(
                    protocol: measurementProtocol.name.rawValue, evaluations: evaluations,
                    processEvaluations: sample.count,
                    engineEvalsPerSecond: rates[1]!, engineTwoWorkersEvalsPerSecond: rates[2]!,
                    processEvalsPerSecond: processRate, speedupVsProcessPipeline: rates[1]! / processRate,
                    scalingTwoWorkers: rates[2]! / rates[1]!))
        }
        let weakest = results.min { $0.speedupVsProcessPipeline < $1.speedupVsProcessPipeline }!
        return Result(
            engineEvalsPerSecond: weakest.engineEvalsPerSecond, processEvalsPerSecond: weakest.processEvalsPerSecond,
            speedupVsProcessPipeline: weakest.speedupVsProcessPipeline,
            scalingTwoWorkers: results.map(\.scalingTwoWorkers).min()!,
            protocols: results, inputs: inputs, pipelines: pipelines, llvmVersion: llvmVersion,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            method:
                "the same (module, pipeline) pairs on both sides (an even sample of all pairs); engine: 1 and 2 workers, modules pre-loaded, \(repetitions) repetitions; process pipeline: sequential, opt-19 [-relocation-model=pic] -p P in.ll -o y.bc; clang-19 -c (paper) or llc-19 -O<n> -relocation-model=pic -filetype=obj (shipping); llvm-size-19. Speedup = engine with 1 worker / process pipeline, both on one core."
        )
    }
}
