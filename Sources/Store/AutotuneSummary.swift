import CodeSize
import Foundation
import GRDB
import Pipelines

/// What the store knows about autotuning results under one protocol: per
/// program the -Oz size and the best size found, and the search's cost.
public struct AutotuneSummary: Sendable, Codable {
    /// One program's line of the summary: its -Oz size, the best size found and the list that gives it.
    public struct ProgramResult: Sendable, Codable {
        /// The program's stored name (autotune: the input path).
        public var name: String
        /// The program's stored group (autotune: the input's parent directory name; "" when none).
        public var benchmark: String
        /// SHA-256 of the program's IR as stored (nil in summaries written before 2026-12-06): what matches a program
        /// across runs and paths.
        public var contentHash: String?
        /// Bytes (Berkeley text + data) under the -Oz reference pipeline.
        public var ozBinarySize: Int
        /// Bytes of the best list that counts as a result; never more than `ozBinarySize`.
        public var bestBinarySize: Int
        /// That list; the -Oz reference pipeline when nothing beat it.
        public var bestPipeline: Pipeline
        /// Top-level passes in the best list.
        public var bestLength: Int
        /// Percent smaller than -Oz (never negative: -Oz itself is a candidate).
        public var reductionVsOz: Double
        /// Evaluations stored for the program under the protocol, whatever their outcome.
        public var compilations: Int
        /// The best list passed validation (or is the -Oz reference itself).
        public var validated: Bool
        /// A size is 0 bytes (an empty program): no ratio, so the program
        /// is listed but left out of the geomean, the improved share and
        /// the budget curve (see `SizeReduction`).
        public var excludedFromGeomean: Bool
    }

    /// The protocol's store key; the protocol itself is in `provenance`.
    public var protocolKey: String
    /// Protocol, codegen level, relocation model, triple, LLVM and PassLab versions.
    public var provenance: Provenance
    /// The -Oz reference pipeline the reductions are relative to (JSON holds
    /// its exact text; text output names clang's `clang -Oz`).
    public var ozPipeline: Pipeline
    /// Every program with an -Oz size and a result, in the order they were first stored.
    public var programs: [ProgramResult]
    /// Geometric mean over programs of -Oz size / best size, as a percent reduction.
    public var geomeanReductionVsOz: Double
    /// Fraction (0...1, not a percent) of the programs in the geomean whose best list is smaller than -Oz; 0 for none.
    public var improvedShare: Double
    /// Mean passes per best list over `programs` (0 for none).
    public var meanListLength: Double
    /// Stored evaluations of the programs in `programs`, summed.
    public var compilations: Int
    /// Evaluations that crashed LLVM or left a module the verifier rejects (`brokenModule`), over every program
    /// measured under the protocol.
    public var crashes: Int
    /// Evaluations killed at the engine's time-out, over every program measured under the protocol.
    public var timeouts: Int
    /// How often each catalog pass appears in the best lists.
    public var passFrequencies: [String: Int]
    /// Gain vs budget: the geomean reduction vs -Oz had each program stopped
    /// after its first `compilations` stored evaluations (in the order they
    /// were made), at 1, 2, 5, 10, 20, 50... up to the longest search.
    public var budgetCurve: [BudgetPoint]

    /// Only validated lists (and -Oz) count as results; when false, lists
    /// not validated yet count too (lists that failed never do).
    public var validationRequired: Bool
    /// Programs with a smaller list that is not validated (yet), not shown.
    public var programsWithUnvalidatedBetterLists: Int
    /// Distinct lists that were better than what is shown but failed validation.
    public var listsRejectedByValidation: Int

    /// One stored evaluation as the summary reads it, from either backend.
    struct MeasurementRow: Sendable {
        var programID: Int64
        var name: String
        var benchmark: String
        var contentHash: String
        var pipeline: String
        var size: Int?
        var outcome: String
    }

    /// One point of the gain-versus-budget curve.
    public struct BudgetPoint: Sendable, Codable {
        /// The budget: evaluations per program, counted in the order they were made.
        public var compilations: Int
        /// The geomean percent reduction vs -Oz had every program stopped at that budget.
        public var geomeanReductionVsOz: Double
    }
}

extension AutotuneSummary {
    /// The geometric mean over programs of -Oz size / best size, as a
    /// percent reduction (0 for no programs); programs with a size of 0
    /// bytes are left out (`SizeReduction`).
    public static func geomeanReduction(_ sizes: [(oz: Int, best: Int)]) -> Double {
        SizeReduction.geomeanPercent(sizes.map { (reference: $0.oz, size: $0.best) })
    }
}

extension AutotuneSummary {
    /// The geomean reduction at budgets 1, 2, 5, 10, 20, 50, ...: each
    /// program's best among its first n evaluations, never worse than -Oz.
    static func budgetCurve(_ histories: [(oz: Int, sizes: [Int?])]) -> [BudgetPoint] {
        guard let longest = histories.map(\.sizes.count).max(), longest > 0 else { return [] }
        var budgets: [Int] = []
        var decade = 1
        while budgets.last.map({ $0 < longest }) ?? true {
            for step in [1, 2, 5] where step * decade < longest { budgets.append(step * decade) }
            if 10 * decade >= longest { budgets.append(longest) }
            decade *= 10
        }
        // Running minima, so each budget is one lookup.
        let running = histories.map { history in
            history.sizes.reduce(into: [Int]()) { best, size in
                best.append(min(best.last ?? history.oz, size ?? history.oz))
            }
        }
        return budgets.map { budget in
            let sizes = zip(histories, running).map { history, best in
                (history.oz, best.isEmpty ? history.oz : best[min(budget, best.count) - 1])
            }
            return BudgetPoint(compilations: budget, geomeanReductionVsOz: geomeanReduction(sizes))
        }
    }
}

extension ResultStore {
    /// Summarises every program that has a measurement of `ozPipeline` under
    /// the protocol. A stored text that does not parse as a pipeline is never
    /// a result (it cannot be validated or shipped).
    ///
    /// `verdict` tells whether a pipeline passed validation (nil: never
    /// validated). Lists that failed are never results; with
    /// `requireValidation`, unvalidated ones are not either.
    public func autotuneSummary(
        measurementProtocol: MeasurementProtocol, ozPipeline: Pipeline, verdict: (Pipeline) -> Bool? = { _ in nil },
        requireValidation: Bool = false
    ) throws -> AutotuneSummary {
        let key = measurementProtocol.storeKey
        let rows =
            try postgres?.summaryRows(protocolKey: key)
            ?? pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT program.id AS programId, program.name AS name, program.benchmark AS benchmark,
                               program.contentHash AS contentHash, pipeline.text AS pipeline,
                               measurement.binarySize AS size, measurement.outcome AS outcome
                        FROM measurement JOIN program ON program.id = measurement.programId
                        JOIN pipeline ON pipeline.id = measurement.pipelineId
                        WHERE measurement.protocolKey = ?
                        ORDER BY program.id, measurement.id
                        """, arguments: [key]
                ).map { row in
                    AutotuneSummary.MeasurementRow(
                        programID: row["programId"], name: row["name"], benchmark: row["benchmark"],
                        contentHash: row["contentHash"], pipeline: row["pipeline"], size: row["size"],
                        outcome: row["outcome"])
                }
            }
        struct Accumulator {
            var name = "", benchmark = "", contentHash = ""
            var oz: Int?
            var best: (Int, Pipeline)?
            var count = 0
            var sizes: [Int?] = []
            var unvalidatedBetter: Int?
        }
        var rejected = Set<Pipeline>()
        // Stored texts are parsed once each, and only when they could be a result.
        var parsed: [String: Pipeline?] = [:]
        func pipeline(_ text: String) -> Pipeline? {
            if let known = parsed[text] { return known }
            let value = try? Pipeline(parsing: text)
            parsed[text] = value
            return value
        }
        let ozText = ozPipeline.text
        var perProgram: [Int64: Accumulator] = [:]
        var order: [Int64] = []
        var crashes = 0, timeouts = 0
        for row in rows {
            let id = row.programID
            if perProgram[id] == nil {
                order.append(id)
                perProgram[id] = Accumulator(name: row.name, benchmark: row.benchmark, contentHash: row.contentHash)
            }
            perProgram[id]!.count += 1
            let outcome = row.outcome
            // A broken module is LLVM failing as a crash does, only caught by the verifier.
            if [StoredOutcome.crashed.rawValue, StoredOutcome.brokenModule.rawValue].contains(outcome) { crashes += 1 }
            if outcome == StoredOutcome.timedOut.rawValue { timeouts += 1 }
            let measured = row.size
            perProgram[id]!.sizes.append(measured)
            guard let size = measured else { continue }
            let isOz = row.pipeline == ozText
            if isOz { perProgram[id]!.oz = size }
            if let current = perProgram[id]!.best, size > current.0 { continue }
            guard let pipeline = isOz ? ozPipeline : pipeline(row.pipeline) else { continue }
            // Ties go to the shorter list, then the earlier one.
            let better =
                perProgram[id]!.best.map { current in
                    size < current.0 || (size == current.0 && pipeline.elements.count < current.1.elements.count)
                } ?? true
            guard better else { continue }
            if pipeline != ozPipeline {
                switch verdict(pipeline) {
                case false?:
                    rejected.insert(pipeline)
                    continue
                case nil where requireValidation:
                    perProgram[id]!.unvalidatedBetter = min(perProgram[id]!.unvalidatedBetter ?? size, size)
                    continue
                default: break
                }
            }
            perProgram[id]!.best = (size, pipeline)
        }
        var programs: [AutotuneSummary.ProgramResult] = []
        var unvalidatedBetter = 0
        var histories: [(oz: Int, sizes: [Int?])] = []
        var frequencies: [String: Int] = [:]
        for id in order {
            guard let entry = perProgram[id], let oz = entry.oz, let best = entry.best else { continue }
            let size = min(best.0, oz)
            let pipeline = best.0 <= oz ? best.1 : ozPipeline
            let passes = pipeline.passes
            let measurable = SizeReduction.isMeasurable(size, vs: oz)
            if measurable { histories.append((oz, entry.sizes)) }
            for pass in passes { frequencies[pass, default: 0] += 1 }
            programs.append(
                .init(
                    name: entry.name, benchmark: entry.benchmark, contentHash: entry.contentHash, ozBinarySize: oz,
                    bestBinarySize: size,
                    bestPipeline: pipeline,
                    bestLength: passes.count, reductionVsOz: SizeReduction.percent(size, vs: oz),
                    compilations: entry.count,
                    validated: pipeline == ozPipeline || verdict(pipeline) == true, excludedFromGeomean: !measurable))
            if let hidden = entry.unvalidatedBetter, hidden < size { unvalidatedBetter += 1 }
        }
        let geomean = AutotuneSummary.geomeanReduction(programs.map { ($0.ozBinarySize, $0.bestBinarySize) })
        let counted = programs.filter { !$0.excludedFromGeomean }
        return AutotuneSummary(
            protocolKey: key, provenance: Provenance(measurementProtocol, llvmVersion: PassCatalog.llvmVersion),
            ozPipeline: ozPipeline, programs: programs, geomeanReductionVsOz: geomean,
            improvedShare: counted.isEmpty
                ? 0 : Double(counted.filter { $0.bestBinarySize < $0.ozBinarySize }.count) / Double(counted.count),
            meanListLength: programs.isEmpty
                ? 0 : Double(programs.map(\.bestLength).reduce(0, +)) / Double(programs.count),
            compilations: programs.map(\.compilations).reduce(0, +), crashes: crashes, timeouts: timeouts,
            passFrequencies: frequencies, budgetCurve: AutotuneSummary.budgetCurve(histories),
            validationRequired: requireValidation, programsWithUnvalidatedBetterLists: unvalidatedBetter,
            listsRejectedByValidation: rejected.count)
    }
}
