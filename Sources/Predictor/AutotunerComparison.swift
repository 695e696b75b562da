import Autotune
import CodeSize
import Foundation
import Store

/// PassLab's tuner against the paper's autotuner on the same modules (issue
/// 14: the zero-shot gain is to reach 60% of what the project's own
/// autotuner finds): the autotuner's best validated list per module, read
/// from an autotuning store (`passlab autotune --db`), beside PassLab's
/// figure with the backup at each budget, over the modules the store holds.
public struct AutotunerComparison: Codable, Sendable {
    /// PassLab's tuner at one budget on the modules the store holds.
    public struct Point: Codable, Sendable {
        /// The budget.
        public var budget: Int
        /// PassLab's geomean reduction vs -Oz with the backup over the matched modules, percent.
        public var passlab: Double
        /// `passlab` over the autotuner's reduction (1 = as small as the autotuner's); nil when the autotuner gained
        /// nothing.
        public var shareOfAutotuner: Double?
    }

    /// The store the autotuner's results come from (a PostgreSQL URL without its password).
    public var store: String
    /// Modules of the benchmark with a result in the store under the protocol, matched by the SHA-256 of their IR.
    public var modules: Int
    /// Inputs of the benchmark the store holds no result for under the protocol (not in the figures).
    public var missing: [String]
    /// Mean evaluations the store holds per matched module (search, minimization and broadcast).
    public var compilationsPerModule: Double
    /// The autotuner's geomean reduction vs -Oz over the matched modules: its smallest validated list, never worse
    /// than -Oz (lists not validated or failed do not count), percent.
    public var geomeanReductionVsOz: Double
    /// Matched modules whose -Oz size in the store differs from the benchmark's (another PassLab or LLVM build);
    /// each side's reduction is against its own -Oz.
    public var ozMismatches: Int
    /// One point per budget, in the benchmark's order.
    public var points: [Point]

    /// Compares PassLab's rows (`method == passlab`) with the autotuner's
    /// results in `summary`; `hashes` are the SHA-256 of the IR of the
    /// modules in the rows' order, `inputs` their paths.
    init(store: String, summary: AutotuneSummary, hashes: [String], inputs: [String], rows: [TuningBenchmarkReport.Row])
    {
        var autotuned: [String: AutotuneSummary.ProgramResult] = [:]
        for program in summary.programs where !program.excludedFromGeomean {
            if let hash = program.contentHash, autotuned[hash] == nil { autotuned[hash] = program }
        }
        let matched = hashes.indices.filter { autotuned[hashes[$0]] != nil }
        let programs = matched.map { autotuned[hashes[$0]]! }
        self.store = store
        modules = matched.count
        let matchedSet = Set(matched)
        missing = inputs.indices.filter { !matchedSet.contains($0) }.map { inputs[$0] }
        compilationsPerModule =
            programs.isEmpty ? 0 : Double(programs.map(\.compilations).reduce(0, +)) / Double(programs.count)
        geomeanReductionVsOz = AutotuneSummary.geomeanReduction(programs.map { ($0.ozBinarySize, $0.bestBinarySize) })
        let autotunerGain = geomeanReductionVsOz
        let passlab = rows.filter { $0.method == TuningBenchmark.Method.passlab.rawValue }
        points = passlab.map { row in
            let figure = SizeReduction.geomeanPercent(
                matched.map { row.results[$0].result }.map { (reference: $0.ozBinarySize, size: $0.binarySize) })
            return Point(
                budget: row.budget, passlab: figure,
                shareOfAutotuner: programs.isEmpty || autotunerGain <= 0 ? nil : figure / autotunerGain)
        }
        ozMismatches =
            passlab.first.map { row in
                zip(matched, programs).count { row.results[$0].result.ozBinarySize != $1.ozBinarySize }
            } ?? 0
    }

    /// Reads the autotuner's validated results under `measurementProtocol` from `store` and compares.
    static func load(
        store: ResultStore, name: String, measurementProtocol: MeasurementProtocol, hashes: [String],
        inputs: [String], rows: [TuningBenchmarkReport.Row]
    ) throws -> AutotunerComparison {
        let summary = try Autotuner.summary(
            store: store, measurementProtocol: measurementProtocol, requireValidation: true)
        return AutotunerComparison(store: name, summary: summary, hashes: hashes, inputs: inputs, rows: rows)
    }

    /// One line for the terminal and the HTML page.
    var line: String {
        guard modules > 0 else {
            return "autotuner (\(store)): holds none of these modules under this protocol; run `passlab autotune "
                + "INPUTS --db \(store)` with the same inputs and protocol to compare"
        }
        var text = String(
            format: "autotuner (%@, validated lists, %.0f evaluations per module): %.2f%% with backup on %d modules; "
                + "PassLab there: ", store, compilationsPerModule, geomeanReductionVsOz, modules)
        text += points.map { point in
            String(format: "budget %d %.2f%%", point.budget, point.passlab)
                + (point.shareOfAutotuner.map { String(format: " (%.0f%% of it)", 100 * $0) } ?? "")
        }.joined(separator: ", ")
        if !missing.isEmpty {
            text +=
                "; not in the store: " + missing.prefix(5).joined(separator: ", ")
                + (missing.count > 5 ? " and \(missing.count - 5) more" : "")
        }
        if ozMismatches > 0 {
            text += "; \(ozMismatches) modules have another -Oz size in the store (each side against its own)"
        }
        return text
    }
}
