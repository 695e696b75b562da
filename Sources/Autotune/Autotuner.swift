import CodeSize
import Evaluation
import Foundation
import Pipelines
import Search
import Store

/// The paper's autotuner over real programs: random search, minimization to
/// a fixed point, then broadcast of the most frequent best lists to every
/// program. Every evaluation goes to the store as it completes, so a killed
/// run resumes where it stopped (the same seed draws the same lists; stored
/// ones are read back, not compiled).
public struct Autotuner {
    public struct Settings: Sendable {
        public var measurementProtocol: MeasurementProtocol
        public var budget: Int
        public var minimizeBudget: Int
        public var seed: UInt64
        public var broadcast: Int

        public init(measurementProtocol: MeasurementProtocol, budget: Int, minimizeBudget: Int, seed: UInt64, broadcast: Int) {
            self.measurementProtocol = measurementProtocol
            self.budget = budget
            self.minimizeBudget = minimizeBudget
            self.seed = seed
            self.broadcast = broadcast
        }
    }

    /// The -Oz reference of a protocol: what clang-19 -Oz ships (shipping), or
    /// the paper's `opt -p 'module(default<Oz>)'` (paper).
    public static func ozPipeline(for measurementProtocol: MeasurementProtocol) -> String {
        measurementProtocol.name == .shipping ? PassCatalog.clangOzPipeline : "module(default<Oz>)"
    }

    public let engine: EvaluationEngine
    public let store: ResultStore
    public let settings: Settings

    public init(engine: EvaluationEngine, store: ResultStore, settings: Settings) {
        self.engine = engine
        self.store = store
        self.settings = settings
    }

    /// One program's state through the phases.
    struct Tuned {
        var name: String
        var objective: EngineObjective
        var oz: Int
        var best: Search.Evaluation?
    }

    /// Tunes every input; `progress` receives one line per step.
    public func run(inputs: [String], command: String, progress: (String) -> Void) throws -> AutotuneSummary {
        let run = try store.startRun(command: command, seed: Int64(bitPattern: settings.seed), budget: settings.budget,
                                     llvmVersion: PassCatalog.llvmVersion, measurementProtocol: settings.measurementProtocol)
        let ozPipeline = Self.ozPipeline(for: settings.measurementProtocol)
        var tuned: [Tuned] = []
        let started = Date()
        for (index, input) in inputs.enumerated() {
            let bytes = try ProgramMeasurer.irBytes(of: input, triple: nil, clangArguments: [])
            let handle = engine.register(ir: bytes, name: input)
            let loaded: (instructionCount: Int, triple: String)
            switch engine.load(handle) {
            case .success(let info): loaded = info
            case .failure(let failure):
                progress("skipped \(input): \(failure.message)")
                continue
            }
            let benchmark = input.split(separator: "/").dropLast().last.map(String.init) ?? ""
            let program = try store.program(contentHash: SHA256.hex(bytes), llvmVersion: PassCatalog.llvmVersion, name: input,
                                            benchmark: benchmark, instructionCount: loaded.instructionCount)
            let objective = try EngineObjective(engine: engine, handle: handle, measurementProtocol: settings.measurementProtocol,
                                                store: store, program: program, run: run)
            guard let oz = objective.cost(ofPipelines: [ozPipeline]).first ?? nil else {
                progress("skipped \(input): the -Oz reference did not compile")
                continue
            }
            // A per-program seed: the same program gets the same lists on resume.
            let seed = settings.seed ^ UInt64(truncatingIfNeeded: program.contentHash.hashValueStable)
            let random = RandomSearch(budget: settings.budget, seed: seed).run(objective)
            var best = random.best
            if let start = best, settings.minimizeBudget > 0 {
                let minimized = Minimizer(budget: settings.minimizeBudget).minimize(start, objective: objective)
                if let improved = minimized.best, improved.improves(on: best?.cost) || (improved.cost == best?.cost && improved.list.count < start.list.count) {
                    best = improved
                }
            }
            tuned.append(Tuned(name: input, objective: objective, oz: oz, best: best))
            let geomean = AutotuneSummary.geomeanReduction(tuned.compactMap { item in item.best?.cost.map { (item.oz, min($0, item.oz)) } })
            let elapsed = Date().timeIntervalSince(started)
            let eta = elapsed / Double(index + 1) * Double(inputs.count - index - 1)
            progress(String(format: "[%d/%d] %@: -Oz %d, best %@ (%d compilations) | geomean vs -Oz %.2f%% | ETA %.0f s",
                       index + 1, inputs.count, input, oz, best?.cost.map(String.init) ?? "none", objective.compilations, geomean, eta))
        }
        if settings.broadcast > 0, tuned.count > 1 {
            let bests = tuned.compactMap(\.best)
            let lists = Broadcast.mostFrequent(bests.map(\.list), k: settings.broadcast)
            progress("broadcast: \(lists.count) most frequent best lists to \(tuned.count) programs")
            for index in tuned.indices {
                let results = tuned[index].objective.evaluate(lists)
                for (list, cost) in zip(lists, results) where cost != nil {
                    let candidate = Search.Evaluation(list: list, cost: cost)
                    if candidate.improves(on: tuned[index].best?.cost) { tuned[index].best = candidate }
                }
            }
        }
        try store.finishRun(run, status: "finished")
        return try store.autotuneSummary(measurementProtocol: settings.measurementProtocol, ozPipeline: ozPipeline,
                                         split: Self.passes(of:))
    }

    /// The top-level passes of a stored pipeline.
    public static func passes(of pipeline: String) -> [String] {
        (try? Pipeline(parsing: pipeline))?.elements.map(\.text) ?? []
    }
}

extension String {
    /// FNV-1a over the UTF-8 bytes: stable across processes, unlike hashValue.
    public var hashValueStable: UInt64 {
        utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
