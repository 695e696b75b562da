import CodeSize
import Engine
import Foundation
import Pipelines
import Search
import Store
import Support
import Toolchain
import Validation

/// The paper's autotuner over real programs: random search, minimization to
/// a fixed point, then broadcast of the most frequent best lists to every
/// program. Every evaluation goes to the store as it completes, so a killed
/// run resumes where it stopped (the same seed draws the same lists; stored
/// ones are read back, not compiled).
public struct Autotuner {
    /// What one autotune run does: protocol, budgets, seed, broadcast and phase.
    public struct Settings: Sendable {
        /// How sizes are measured; the run's evaluations are stored and resumed under it.
        public var measurementProtocol: MeasurementProtocol
        /// Random-search evaluations per program (`RandomSearch`, lists of 1 to 50 passes).
        public var budget: Int
        /// Most evaluations the `Minimizer` may spend per program on the random search's best list; 0 skips
        /// minimization.
        public var minimizeBudget: Int
        /// The run's seed; each program's search uses it mixed with the program's content hash, so a resumed run draws
        /// the same lists.
        public var seed: UInt64
        /// How many of the most frequent best lists are tried on every program (`Broadcast.mostFrequent`); 0 (with no
        /// pass family) skips the broadcast.
        public var broadcast: Int
        /// Also broadcast `Autotuner.passFamily` (no passes, each catalog
        /// pass alone, -Oz then each catalog pass): lists no search has to
        /// find, which make the predictor's pool cover the simple answers.
        public var broadcastPassFamily: Bool
        /// The whole autotune, one shard's search, or a sharded campaign's broadcast.
        public var phase: AutotunePhase

        /// Settings as given; no pass family and the whole autotune (`.all`) by default.
        public init(
            measurementProtocol: MeasurementProtocol, budget: Int, minimizeBudget: Int, seed: UInt64, broadcast: Int,
            broadcastPassFamily: Bool = false, phase: AutotunePhase = .all
        ) {
            self.measurementProtocol = measurementProtocol
            self.budget = budget
            self.minimizeBudget = minimizeBudget
            self.seed = seed
            self.broadcast = broadcast
            self.broadcastPassFamily = broadcastPassFamily
            self.phase = phase
        }

        /// What shards must share to add up to one run: the seed, the
        /// budgets and the protocol (the key of their progress in the store).
        public var campaign: String {
            "seed=\(seed) budget=\(budget) minimize=\(minimizeBudget) \(measurementProtocol.storeKey)"
        }
    }

    /// The empty list, every catalog pass alone, and `module(default<Oz>)`
    /// followed by every catalog pass, as catalog indices.
    public static var passFamily: [PassList] {
        let entries = PassCatalog.entries
        guard let oz = entries.firstIndex(where: { $0.pipeline == "module(default<Oz>)" }) else {
            return [[]] + entries.indices.map { [$0] }
        }
        return [[]] + entries.indices.map { [$0] } + entries.indices.map { [oz, $0] }
    }

    /// The worker pool that compiles and measures every pipeline.
    public let engine: EvaluationEngine
    /// Where the run, every evaluation, shard progress and verdicts are recorded, and where a resumed run reads them
    /// back.
    public let store: ResultStore
    /// The run's protocol, budgets, seed, broadcast and phase.
    public let settings: Settings
    /// Ctrl-C: finish the evaluations in flight, mark the run interrupted, stop.
    public let stop: StopSignal?
    /// PassListEval for the winners; nil (`--no-validate`) reports lists
    /// that were never validated.
    public let validator: PassListValidator?

    /// An autotuner; without `stop` Ctrl-C is not handled, without `validator` the summary counts lists never
    /// validated.
    public init(
        engine: EvaluationEngine, store: ResultStore, settings: Settings, stop: StopSignal? = nil,
        validator: PassListValidator? = nil
    ) {
        self.engine = engine
        self.store = store
        self.settings = settings
        self.stop = stop
        self.validator = validator
    }

    /// The run was stopped (Ctrl-C); everything evaluated is stored, and the
    /// same command resumes it.
    public struct Interrupted: Error, CustomStringConvertible {
        /// Programs whose search was finished (and stored) when the run stopped.
        public var programsFinished: Int
        /// The message a user sees: how far the run got and that the same command resumes it.
        public var description: String {
            "interrupted after \(programsFinished) programs; every finished evaluation is stored: run the same command again to resume"
        }
    }

    /// One program's state through the phases.
    struct Tuned {
        var name: String
        var program: StoredProgram
        var objective: EngineObjective
        var oz: Int
        var best: Search.Evaluation?
    }

    /// Tunes every input; `report` receives progress lines and ticks.
    public func run(
        inputs: [String], command: String, report: @escaping @Sendable (AutotuneEvent) -> Void
    ) throws -> AutotuneSummary {
        let run = try store.startRun(
            command: command, seed: Int64(bitPattern: settings.seed), budget: settings.budget,
            llvmVersion: PassCatalog.llvmVersion, measurementProtocol: settings.measurementProtocol)
        let ozPipeline = PassCatalog.ozPipeline(for: settings.measurementProtocol)
        let work = try ShardSelection(
            inputs: inputs, phase: settings.phase, campaign: settings.campaign, store: store,
            report: report)
        let meter = ProgressMeter(
            programs: work.inputs.count, budget: settings.budget,
            minimizeBudget: settings.minimizeBudget, report: report)
        var tuned: [Tuned] = []
        // Inputs that do not compile or parse are skipped and counted; they never stop the run.
        var skipped = 0
        func skip(_ input: String, _ reason: String) {
            skipped += 1
            report(.line("skipped \(input): \(reason)"))
            meter.finish()
            // Progress only: a failed write is reported by the store's next write.
            try? work.finished(input)
        }
        func stopIfRequested() throws {
            guard stop?.isRequested == true else { return }
            try store.finishRun(run, status: "interrupted")
            throw Interrupted(programsFinished: tuned.count)
        }
        skipped += work.skipped
        var searchCompilations = 0
        for (index, input) in work.inputs.enumerated() {
            try stopIfRequested()
            meter.begin(program: index, name: input)
            let bytes: [UInt8]
            do {
                bytes = try work.irBytes(of: input)
            } catch let error as MeasureError {
                skip(input, error.description)
                continue
            }
            let handle = engine.register(ir: bytes, name: input)
            let loaded: (instructionCount: Int, triple: String)
            switch engine.load(handle) {
            case .success(let info): loaded = info
            case .failure(let failure):
                skip(input, failure.message)
                continue
            }
            let benchmark = input.split(separator: "/").dropLast().last.map(String.init) ?? ""
            let program = try store.program(
                contentHash: SHA256.hex(bytes), llvmVersion: PassCatalog.llvmVersion, name: input,
                benchmark: benchmark, instructionCount: loaded.instructionCount)
            let objective = try EngineObjective(
                engine: engine, handle: handle, measurementProtocol: settings.measurementProtocol,
                store: store, program: program, run: run)
            objective.stop = stop
            objective.onBatch = { count in meter.advance(by: count) }
            guard let oz = objective.cost(ofPipelines: [ozPipeline]).first ?? nil else {
                try stopIfRequested()
                let reason = objective.failure(of: ozPipeline) ?? "it did not compile"
                skip(input, "the -Oz reference has no size: " + reason)
                continue
            }
            // A per-program seed: the same program gets the same lists on resume.
            let seed = settings.seed ^ UInt64(truncatingIfNeeded: program.contentHash.hashValueStable)
            meter.phase(.random)
            let random = RandomSearch(budget: settings.budget, seed: seed).run(objective)
            try stopIfRequested()
            var best = random.best
            if let start = best, settings.minimizeBudget > 0 {
                meter.phase(.minimize)
                let minimized = Minimizer(budget: settings.minimizeBudget).minimize(start, objective: objective)
                try stopIfRequested()
                if let improved = minimized.best,
                    improved.improves(on: best?.cost)
                        || (improved.cost == best?.cost && improved.list.count < start.list.count)
                {
                    best = improved
                }
            }
            tuned.append(Tuned(name: input, program: program, objective: objective, oz: oz, best: best))
            searchCompilations += objective.compilations
            try work.finished(input)
            let geomean = AutotuneSummary.geomeanReduction(
                tuned.compactMap { item in item.best?.cost.map { (item.oz, min($0, item.oz)) } })
            meter.finish(geomean: geomean)
            report(
                .line(
                    String(
                        format: "[%d/%d] %@: -Oz %d, best %@ (%d compilations) | geomean vs -Oz %.2f%%",
                        index + 1, work.inputs.count, input, oz, best?.cost.map(String.init) ?? "none",
                        objective.compilations, geomean)))
        }
        if skipped > 0 { report(.line("skipped \(skipped) of \(inputs.count) programs (reasons above)")) }
        if case .search(let shard) = settings.phase {
            try store.finishRun(run, status: "finished")
            report(
                .line(
                    "shard \(shard): searched \(tuned.count) of \(inputs.count) programs; after every shard, "
                        + "run `passlab autotune --phase broadcast` with the same inputs and options"))
            return try Self.summary(
                store: store, measurementProtocol: settings.measurementProtocol,
                requireValidation: false)
        }
        if settings.phase == .broadcast {
            report(
                .line(
                    searchCompilations == 0
                        ? "broadcast phase: every program's search was read back from the store"
                        : "broadcast phase: \(searchCompilations) evaluations were missing from the shards' searches "
                            + "and were made here"))
        }
        if settings.broadcast > 0 || settings.broadcastPassFamily, tuned.count > 1 {
            // In content-hash order: ties among equally frequent lists do not depend on the order of the arguments.
            let bests = tuned.sorted { ($0.program.contentHash, $0.name) < ($1.program.contentHash, $1.name) }
                .compactMap(\.best)
            var lists = Broadcast.mostFrequent(bests.map(\.list), k: settings.broadcast)
            report(.line("broadcast: \(lists.count) most frequent best lists to \(tuned.count) programs"))
            if settings.broadcastPassFamily {
                var seen = Set(lists)
                lists += Self.passFamily.filter { seen.insert($0).inserted }
                report(.line("broadcast: with the pass family, \(lists.count) lists"))
            }
            meter.broadcast(programs: tuned.count, lists: lists.count)
            for index in tuned.indices {
                try stopIfRequested()
                let results = tuned[index].objective.evaluate(lists)
                for (list, cost) in zip(lists, results) where cost != nil {
                    let candidate = Search.Evaluation(list: list, cost: cost)
                    if candidate.improves(on: tuned[index].best?.cost) { tuned[index].best = candidate }
                }
            }
            try stopIfRequested()
        }
        if let validator {
            report(
                .line(
                    "validating the winners (PassListEval on HumanEval-X; each list once, verdicts cached in the store)"
                ))
            try WinnerValidation(
                validator: validator, store: store, measurementProtocol: settings.measurementProtocol,
                attemptsPerProgram: 3
            )
            .run(
                programs: tuned.map { ($0.name, $0.program, $0.oz) }, ozPipeline: ozPipeline, report: report,
                stop: stopIfRequested)
        }
        try store.finishRun(run, status: "finished")
        return try Self.summary(
            store: store, measurementProtocol: settings.measurementProtocol, requireValidation: validator != nil)
    }
}
