import Autotune
import CodeSize
import Engine
import Foundation
import Pipelines
import Search
import Support

/// `passlab bench search`: how many compilations a search strategy needs to
/// reach the size the paper's random search reaches with its full budget,
/// on the same programs, under the same protocol, in one run.
///
/// Per program: the random search (lengths 1-50, passes uniform over the
/// catalog) runs with `randomBudget` compilations; its best size is the
/// target and the compilation at which it first reached it is recorded.
/// Then each strategy runs with a fresh objective (its own cache, so nothing
/// the random search compiled is free) for `strategyCap` compilations; its
/// compilations to match are the first index of its best-so-far curve at or
/// below the target. Running to the cap, not stopping at the match, also
/// says whether a strategy beats the random search outright at a tenth of
/// its price. No store is used: nothing is written anywhere.
public struct SearchBenchmark {
    /// The strategies compared with the random search.
    public enum Strategy: String, Codable, Sendable, CaseIterable {
        /// `CoresetSearch` seeded with whole catalog pipelines and the other
        /// programs' random-search bests (leave-one-out).
        case coresetEvolution = "coreset-evolution"
    }

    /// One strategy on one program.
    public struct StrategyRun: Codable, Sendable {
        /// The strategy's raw value (`coreset-evolution`).
        public var strategy: String
        /// Compilations until the best size was <= the random search's best; `nil` if not within the cap.
        public var compilationsToMatch: Int?
        /// Compilations the strategy made in all (its own objective, up to the cap).
        public var compilations: Int
        /// The smallest binary size it found, bytes (text + data); nil when
        /// nothing it tried compiled.
        public var bestSize: Int?
        /// The list that gave `bestSize`, in `opt -p` syntax ("" without one).
        public var bestPipeline: String
        /// Strategy best size / random best size at the cap (< 1: it beat the random search).
        public var sizeRatioVsRandom: Double?
        /// Evaluations spent on seeds (fixed pipelines and the coreset) before any local move.
        public var seedEvaluations: Int

        /// Every key always present (`null` when absent), so consumers see stable keys.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(strategy, forKey: .strategy)
            try container.encode(compilationsToMatch, forKey: .compilationsToMatch)
            try container.encode(compilations, forKey: .compilations)
            try container.encode(bestSize, forKey: .bestSize)
            try container.encode(bestPipeline, forKey: .bestPipeline)
            try container.encode(sizeRatioVsRandom, forKey: .sizeRatioVsRandom)
            try container.encode(seedEvaluations, forKey: .seedEvaluations)
        }
    }

    /// One program: the random search's outcome and every strategy's.
    public struct ProgramRun: Codable, Sendable {
        /// The program's path as given.
        public var program: String
        /// Its binary size under the protocol's -Oz reference, bytes; nil
        /// when that failed.
        public var ozSize: Int?
        /// The random search's best binary size, bytes: the target the
        /// strategies must match; nil when nothing compiled.
        public var randomBestSize: Int?
        /// The list that gave `randomBestSize`, in `opt -p` syntax ("" without one).
        public var randomBestPipeline: String
        /// Evaluations the random search made (its budget, unless it ran out
        /// of distinct lists).
        public var randomCompilations: Int
        /// The compilation at which the random search first reached its best.
        public var randomFirstReached: Int?
        /// Lists in this program's leave-one-out coreset (the other programs'
        /// random-search bests).
        public var coresetLists: Int
        /// One run per strategy, in the benchmark's order.
        public var strategies: [StrategyRun]

        /// Every key always present (`null` when absent), so consumers see stable keys.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(program, forKey: .program)
            try container.encode(ozSize, forKey: .ozSize)
            try container.encode(randomBestSize, forKey: .randomBestSize)
            try container.encode(randomBestPipeline, forKey: .randomBestPipeline)
            try container.encode(randomCompilations, forKey: .randomCompilations)
            try container.encode(randomFirstReached, forKey: .randomFirstReached)
            try container.encode(coresetLists, forKey: .coresetLists)
            try container.encode(strategies, forKey: .strategies)
        }
    }

    /// One strategy over all programs.
    public struct StrategySummary: Codable, Sendable {
        /// The strategy's raw value (`coreset-evolution`).
        public var strategy: String
        /// Programs it ran on.
        public var programs: Int
        /// Programs where it matched the random search's best within the cap.
        public var matched: Int
        /// Over matched programs: geometric mean and median of compilations to match / random budget.
        public var geomeanRatio: Double?
        /// The median of the same ratios; nil when nothing matched.
        public var medianRatio: Double?
        /// Sum over all programs of compilations to match (the cap when unmatched) / sum of random budgets.
        public var totalRatio: Double
        /// Every program matched and the total ratio is at most 1/10.
        public var targetMet: Bool
        /// Programs where the strategy's best at the cap is strictly smaller than the random search's.
        public var beatsRandom: Int
        /// `beatsRandom / programs` (0 without programs).
        public var beatsRandomShare: Double
        /// Geometric mean of strategy size / random size over the programs it beats.
        public var geomeanSizeRatioWhenBeating: Double?
        /// Geometric mean of strategy size / random size over all programs, at the cap.
        public var geomeanSizeRatio: Double?

        /// Every key always present (`null` when absent), so consumers see stable keys.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(strategy, forKey: .strategy)
            try container.encode(programs, forKey: .programs)
            try container.encode(matched, forKey: .matched)
            try container.encode(geomeanRatio, forKey: .geomeanRatio)
            try container.encode(medianRatio, forKey: .medianRatio)
            try container.encode(totalRatio, forKey: .totalRatio)
            try container.encode(targetMet, forKey: .targetMet)
            try container.encode(beatsRandom, forKey: .beatsRandom)
            try container.encode(beatsRandomShare, forKey: .beatsRandomShare)
            try container.encode(geomeanSizeRatioWhenBeating, forKey: .geomeanSizeRatioWhenBeating)
            try container.encode(geomeanSizeRatio, forKey: .geomeanSizeRatio)
        }
    }

    /// The whole run, as `passlab bench search --json` prints it.
    public struct Result: Codable, Sendable {
        /// Protocol, codegen level, relocation model, triple, LLVM and PassLab versions.
        public var provenance: Provenance
        /// Compilations the random search had per program.
        public var randomBudget: Int
        /// Compilations each strategy had per program.
        public var strategyCap: Int
        /// The run's seed, mixed with each program's name.
        public var seed: UInt64
        /// Engine workers used.
        public var jobs: Int
        /// Entries in the catalog the searches drew from.
        public var catalogSize: Int
        /// How each program's coreset was made, in words.
        public var coreset: String
        /// One entry per program that loaded, in input order.
        public var programs: [ProgramRun]
        /// One summary per strategy.
        public var summaries: [StrategySummary]
        /// Geometric mean over programs of the random search's first-reach compilation / budget.
        public var randomFirstReachedGeomeanRatio: Double?
        /// Wall-clock seconds of the whole run.
        public var seconds: Double
        /// How the figures were made, in words (recorded with the JSON).
        public var method: String

        /// Every key always present (`null` when absent), so consumers see stable keys.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(provenance, forKey: .provenance)
            try container.encode(randomBudget, forKey: .randomBudget)
            try container.encode(strategyCap, forKey: .strategyCap)
            try container.encode(seed, forKey: .seed)
            try container.encode(jobs, forKey: .jobs)
            try container.encode(catalogSize, forKey: .catalogSize)
            try container.encode(coreset, forKey: .coreset)
            try container.encode(programs, forKey: .programs)
            try container.encode(summaries, forKey: .summaries)
            try container.encode(randomFirstReachedGeomeanRatio, forKey: .randomFirstReachedGeomeanRatio)
            try container.encode(seconds, forKey: .seconds)
            try container.encode(method, forKey: .method)
        }
    }

    /// Programs (.c/.cpp/.ll/.bc); one that does not load is logged and left out.
    public var inputs: [String]
    /// The protocol every size is measured under.
    public var measurementProtocol: MeasurementProtocol
    /// The random search's compilations per program (the paper's 5,000 by default).
    public var randomBudget: Int
    /// Each strategy's compilations per program (a tenth of `randomBudget` by default).
    public var strategyCap: Int
    /// The run's seed; each search mixes it with the program's name.
    public var seed: UInt64
    /// Engine workers.
    public var jobs: Int
    /// The executable run as engine workers (`passlab` itself).
    public var workerExecutable: String
    /// The strategies compared with the random search.
    public var strategies: [Strategy]
    /// The passes every search draws from (`PassCatalog.entries` by default).
    public var catalog: [CatalogEntry]

    /// A benchmark with the paper's budget and a cap of a tenth of it unless
    /// given (at least 1).
    public init(
        inputs: [String], measurementProtocol: MeasurementProtocol, randomBudget: Int = 5000, strategyCap: Int? = nil,
        seed: UInt64 = 1, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, workerExecutable: String,
        strategies: [Strategy] = Strategy.allCases, catalog: [CatalogEntry] = PassCatalog.entries
    ) {
        self.inputs = inputs
        self.measurementProtocol = measurementProtocol
        self.randomBudget = randomBudget
        self.strategyCap = strategyCap ?? max(1, randomBudget / 10)
        self.seed = seed
        self.jobs = jobs
        self.workerExecutable = workerExecutable
        self.strategies = strategies
        self.catalog = catalog
    }

    /// Whole-pipeline catalog entries tried first by `coresetEvolution`: -Oz and -Os.
    public static func fixedSeeds(catalog: [CatalogEntry]) -> [PassList] {
        ["default<Oz>", "default<Os>"].compactMap { name in catalog.firstIndex { $0.name == name }.map { [$0] } }
    }

    struct Program {
        var name: String
        var handle: ModuleHandle
        var oz: Int?
        var random: SearchResult
        var randomPipeline: String
    }

    /// Runs the random search on every program, then every strategy; `log`
    /// gets a line per search. Nothing is stored; throws when the engine or
    /// an input's IR cannot be made.
    public func run(log: (String) -> Void = { _ in }) throws -> Result {
        let started = Date()
        let engine = try EvaluationEngine(
            configuration: EngineConfiguration(workerExecutable: workerExecutable, jobs: jobs))
        defer { engine.shutdown() }
        let ozPipeline = PassCatalog.ozPipeline(for: measurementProtocol)

        // Phase 1: the random search on every program, full budget.
        var programs: [Program] = []
        for (index, input) in inputs.enumerated() {
            let bytes = try ProgramMeasurer.irBytes(of: input, triple: nil, clangArguments: [])
            let handle = engine.register(ir: bytes, name: input)
            if case .failure(let failure) = engine.load(handle) {
                log("skipped \(input): \(failure.message)")
                continue
            }
            let objective = try EngineObjective(
                engine: engine, handle: handle, measurementProtocol: measurementProtocol, catalog: catalog)
            let oz = objective.cost(ofPipelines: [ozPipeline]).first ?? nil
            let random = RandomSearch(budget: randomBudget, seed: programSeed(input)).run(objective)
            let pipeline = random.best.map { objective.pipeline(for: $0.list).text } ?? ""
            programs.append(Program(name: input, handle: handle, oz: oz, random: random, randomPipeline: pipeline))
            let reached = random.best?.cost.flatMap { random.evaluationsToReach($0) }
            log(
                String(
                    format: "[%d/%d] random %@: -Oz %@, best %@ first reached at %@/%d | %.0f s", index + 1,
                    inputs.count, input,
                    oz.map(String.init) ?? "failed", random.best?.cost.map(String.init) ?? "none",
                    reached.map(String.init) ?? "-", random.evaluations, Date().timeIntervalSince(started)))
        }

        // Phase 2: every strategy on every program; the coreset leaves the program out.
        var runs: [ProgramRun] = []
        for (index, program) in programs.enumerated() {
            let coreset = programs.indices.filter { $0 != index }.compactMap { programs[$0].random.best?.list }
            var strategyRuns: [StrategyRun] = []
            for strategy in strategies {
                let objective = try EngineObjective(
                    engine: engine, handle: program.handle, measurementProtocol: measurementProtocol, catalog: catalog)
                let (result, seedEvaluations) = run(
                    strategy, coreset: coreset, objective: objective, program: program.name)
                precondition(result.evaluations == objective.compilations, "every evaluation is one real compilation")
                let target = program.random.best?.cost
                let size = result.best?.cost
                strategyRuns.append(
                    StrategyRun(
                        strategy: strategy.rawValue,
                        compilationsToMatch: target.flatMap { result.evaluationsToReach($0) },
                        compilations: objective.compilations, bestSize: size,
                        bestPipeline: result.best.map { objective.pipeline(for: $0.list).text } ?? "",
                        sizeRatioVsRandom: size.flatMap { s in target.map { Double(s) / Double($0) } },
                        seedEvaluations: seedEvaluations))
                let last = strategyRuns[strategyRuns.count - 1]
                log(
                    String(
                        format: "[%d/%d] %@ %@: matched random's %@ after %@ compilations; best %@ at %d | %.0f s",
                        index + 1, programs.count,
                        strategy.rawValue, program.name, target.map(String.init) ?? "none",
                        last.compilationsToMatch.map(String.init) ?? "no match",
                        size.map(String.init) ?? "none", last.compilations, Date().timeIntervalSince(started)))
            }
            runs.append(
                ProgramRun(
                    program: program.name, ozSize: program.oz, randomBestSize: program.random.best?.cost,
                    randomBestPipeline: program.randomPipeline, randomCompilations: program.random.evaluations,
                    randomFirstReached: program.random.best?.cost.flatMap { program.random.evaluationsToReach($0) },
                    coresetLists: coreset.count, strategies: strategyRuns))
        }
        let firstReached = runs.compactMap { $0.randomFirstReached.map { Double($0) / Double(randomBudget) } }
        return Result(
            provenance: Provenance(measurementProtocol, llvmVersion: PassCatalog.llvmVersion),
            randomBudget: randomBudget, strategyCap: strategyCap, seed: seed, jobs: jobs,
            catalogSize: catalog.count,
            coreset:
                "leave-one-out: for each program, the random-search best lists of the other programs of this run (never its own), after the whole-pipeline catalog entries default<Oz> and default<Os>",
            programs: runs, summaries: strategies.map { summarize($0, runs) },
            randomFirstReachedGeomeanRatio: Self.geomean(firstReached), seconds: Date().timeIntervalSince(started),
            method:
                "random search: \(randomBudget) distinct lists per program, lengths uniform 1-50, passes uniform over the \(catalog.count)-entry catalog, seed \(seed) mixed with the program name; strategies: a fresh objective per program (no cache shared with the random search), run to the cap of \(strategyCap) compilations; compilations to match = first compilation whose best-so-far size <= the random search's best; ratios are compilations / random budget"
        )
    }

    /// Runs one strategy; returns its result and the evaluations its seeds took.
    func run(
        _ strategy: Strategy, coreset: [PassList], objective: EngineObjective, program: String
    ) -> (SearchResult, Int) {
        switch strategy {
        case .coresetEvolution:
            let search = CoresetSearch(
                budget: strategyCap, seed: programSeed(program), fixedSeeds: Self.fixedSeeds(catalog: catalog))
            let result = search.run(coreset: coreset, objective: objective)
            return (result, min(search.seeds(coreset: coreset).count, result.evaluations))
        }
    }

    /// The run's seed mixed with the program's name: stable across processes.
    func programSeed(_ name: String) -> UInt64 {
        seed ^ name.hashValueStable
    }

    func summarize(_ strategy: Strategy, _ runs: [ProgramRun]) -> StrategySummary {
        let mine = runs.compactMap { program in program.strategies.first { $0.strategy == strategy.rawValue } }
        let ratios = mine.compactMap { $0.compilationsToMatch.map { Double($0) / Double(randomBudget) } }
        let total =
            Double(mine.reduce(0) { $0 + ($1.compilationsToMatch ?? strategyCap) })
            / Double(max(1, randomBudget * mine.count))
        let beating = mine.compactMap(\.sizeRatioVsRandom).filter { $0 < 1 }
        return StrategySummary(
            strategy: strategy.rawValue, programs: mine.count, matched: ratios.count,
            geomeanRatio: Self.geomean(ratios), medianRatio: Statistics.median(ratios), totalRatio: total,
            targetMet: !mine.isEmpty && ratios.count == mine.count && total <= 0.1,
            beatsRandom: beating.count, beatsRandomShare: mine.isEmpty ? 0 : Double(beating.count) / Double(mine.count),
            geomeanSizeRatioWhenBeating: Self.geomean(beating),
            geomeanSizeRatio: Self.geomean(mine.compactMap(\.sizeRatioVsRandom)))
    }

    /// Over the positive, finite values only: a 0-byte size makes a ratio
    /// of 0 or infinity, which would poison the mean.
    static func geomean(_ values: [Double]) -> Double? {
        let usable = values.filter { $0 > 0 && $0.isFinite }
        return usable.isEmpty ? nil : exp(usable.reduce(0) { $0 + log($1) } / Double(usable.count))
    }

}

extension SearchBenchmark {
    /// The result as a text table: one row per program, then one summary line per strategy.
    public static func table(_ result: Result) -> String {
        func optional(_ value: Int?) -> String { value.map(String.init) ?? "-" }
        func ratio(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "-" }
        let names = result.summaries.map(\.strategy)
        var lines = [
            "protocol: \(result.provenance); random budget \(result.randomBudget), strategy cap \(result.strategyCap), seed \(result.seed), \(result.jobs) workers, catalog \(result.catalogSize)",
            "coreset: \(result.coreset)", "",
        ]
        var header = ["program", "-Oz", "random best", "random reached at"]
        for name in names { header += ["\(name) to match", "\(name) best@cap"] }
        var rows = [header]
        for program in result.programs {
            var row = [
                (program.program as NSString).lastPathComponent, optional(program.ozSize),
                optional(program.randomBestSize),
                optional(program.randomFirstReached),
            ]
            for name in names {
                let run = program.strategies.first { $0.strategy == name }
                row += [run?.compilationsToMatch.map(String.init) ?? "no match", optional(run?.bestSize)]
            }
            rows.append(row)
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max()! }
        for row in rows {
            lines.append(
                zip(row, widths).enumerated().map { index, cell in
                    index == 0
                        ? cell.0.padding(toLength: cell.1, withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: cell.1 - cell.0.count) + cell.0
                }.joined(separator: "  "))
        }
        lines.append("")
        lines.append(
            "random search first reached its best at (geomean) \(ratio(result.randomFirstReachedGeomeanRatio)) of its budget"
        )
        for summary in result.summaries {
            lines.append(
                "\(summary.strategy): matched \(summary.matched)/\(summary.programs); compilations / \(result.randomBudget): geomean \(ratio(summary.geomeanRatio)), median \(ratio(summary.medianRatio)), total \(ratio(summary.totalRatio)) (unmatched count as the cap); target <= 1/10: \(summary.targetMet ? "met" : "not met")"
            )
            lines.append(
                "  beats random outright at the cap: \(summary.beatsRandom)/\(summary.programs) (\(String(format: "%.0f%%", 100 * summary.beatsRandomShare))), size ratio when beating (geomean) \(ratio(summary.geomeanSizeRatioWhenBeating)); over all programs \(ratio(summary.geomeanSizeRatio))"
            )
        }
        lines.append(String(format: "%.0f s", result.seconds))
        return lines.joined(separator: "\n")
    }
}
