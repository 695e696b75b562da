import CodeSize
import Foundation
import Pipelines
import Reports
import Support

/// What `passlab bench tuning` measured: per protocol, one row per method
/// and budget on the same modules, and per budget whether PassLab's tuner
/// beats every baseline with the -Oz backup.
public struct TuningBenchmarkReport: Codable, Sendable {
    /// One method at one budget: the figures of `FlagTuningReport` (validated
    /// lists only in both columns) plus the median seconds.
    public struct Row: Codable, Sendable {
        /// The method's `TuningBenchmark.Method` raw value (`passlab`, `fixed-list`, ...).
        public var method: String
        /// Compilations per module the method was given.
        public var budget: Int
        /// Modules tuned; the same for every row of a protocol (a module is kept for all methods or none).
        public var modules: Int
        /// As is: the smallest validated list (a module with none counts unoptimized).
        public var geomeanReductionVsOz: Double
        /// With the -Oz backup: what the method would ship, percent (the figure the verdicts compare).
        public var geomeanReductionVsOzWithBackup: Double
        /// With the backup, every benchmark (code base: an input's top-level directory) weighing the same however many
        /// modules it has, percent (nil in reports written before 2026-12-06).
        public var codeBasesEqualWithBackup: Double?
        /// Share (0...1) of modules smaller than -Oz with the backup.
        public var improvedShare: Double
        /// Modules larger than -Oz as is.
        public var regressedShare: Double
        /// Modules where no compiled list was validated.
        public var unvalidatedShare: Double
        /// Mean lists compiled per module (`TuneResult.compilations`).
        public var compilationsPerModule: Double
        /// Mean PassListEval runs per module.
        public var validationsPerModule: Double
        /// Mean wall-clock seconds of a module's tune, validations included.
        public var meanSecondsPerModule: Double
        /// Median of those seconds, which a few slow validations sway less.
        public var medianSecondsPerModule: Double
        /// Modules whose result is per-function pass lists (`TuneResult.perFunction`).
        public var perFunctionShare: Double?
        /// Every module's result for this method and budget.
        public var results: [FlagTuningReport.Benchmarked]

        init(
            method: TuningBenchmark.Method, budget: Int, results: [FlagTuningReport.Benchmarked],
            measurementProtocol: MeasurementProtocol
        ) {
            let report = FlagTuningReport(
                measurementProtocol: measurementProtocol, predictor: method.rawValue,
                budget: budget, results: results, skipped: [], seconds: 0)
            self.method = method.rawValue
            self.budget = budget
            modules = report.modules
            geomeanReductionVsOz = report.geomeanReductionVsOz
            geomeanReductionVsOzWithBackup = report.geomeanReductionVsOzWithBackup
            codeBasesEqualWithBackup = SizeReduction.groupBalancedGeomeanPercent(
                Dictionary(grouping: results, by: \.benchmark).values.map { group in
                    group.map { (reference: $0.result.ozBinarySize, size: $0.result.binarySize) }
                })
            improvedShare = report.improvedShare
            regressedShare = report.regressedShare
            unvalidatedShare = report.unvalidatedShare
            compilationsPerModule = report.compilationsPerModule
            validationsPerModule = report.validationsPerModule
            meanSecondsPerModule = report.secondsPerModule
            medianSecondsPerModule = Statistics.median(results.map(\.result.seconds)) ?? 0
            perFunctionShare =
                results.isEmpty ? 0 : Double(results.count { $0.result.perFunction != nil }) / Double(results.count)
            self.results = results
        }
    }

    /// PassLab's tuner against the baselines at one budget, with the backup.
    public struct Verdict: Codable, Sendable {
        /// The budget compared.
        public var budget: Int
        /// PassLab's geomean reduction vs -Oz with the backup at this budget, percent (0 without a `passlab` row).
        public var passlab: Double
        /// Baselines PassLab does not beat (equal or better), with their figure.
        public var notBeatenBy: [String: Double]
        /// True when every baseline's figure is below PassLab's (`notBeatenBy` is empty).
        public var beatsEveryBaseline: Bool { notBeatenBy.isEmpty }

        /// Encodes the fields and `beatsEveryBaseline`, for readers of the JSON.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(budget, forKey: .budget)
            try container.encode(passlab, forKey: .passlab)
            try container.encode(notBeatenBy, forKey: .notBeatenBy)
            try container.encode(beatsEveryBaseline, forKey: .beatsEveryBaseline)
        }

        enum CodingKeys: String, CodingKey {
            case budget, passlab, notBeatenBy, beatsEveryBaseline
        }

        /// Decodes the fields; `beatsEveryBaseline`, computed, is not read back.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            budget = try container.decode(Int.self, forKey: .budget)
            passlab = try container.decode(Double.self, forKey: .passlab)
            notBeatenBy = try container.decode([String: Double].self, forKey: .notBeatenBy)
        }

        init(budget: Int, rows: [Row]) {
            self.budget = budget
            let figure = { (method: TuningBenchmark.Method) in
                rows.first { $0.method == method.rawValue && $0.budget == budget }?.geomeanReductionVsOzWithBackup
            }
            passlab = figure(.passlab) ?? 0
            var notBeaten: [String: Double] = [:]
            for method in TuningBenchmark.Method.allCases where method != .passlab {
                if let other = figure(method), other >= passlab { notBeaten[method.rawValue] = other }
            }
            notBeatenBy = notBeaten
        }
    }

    /// The benchmark under one protocol: its rows, verdicts and what it skipped.
    public struct ProtocolRun: Codable, Sendable {
        /// Protocol, codegen level, relocation model, triple, LLVM and PassLab versions.
        public var provenance: Provenance
        /// The embedded predictor (or its file) the tuner and the baselines came from.
        public var predictor: String
        /// How the tuners were set (validation and seed for every method; composition and search for PassLab's).
        /// Nil in reports written before 2026-12-08.
        public var settings: TunerSettings?
        /// Code bases the predictor was trained on.
        public var trainingCodeBases: [String]
        /// Benchmarks of the inputs (top-level directories) named like a
        /// training code base: not held out, so their figures flatter.
        public var notHeldOut: [String]
        /// The predictor's own leave-one-code-base-out estimates, beside the held-out figures.
        public var crossValidation: [PredictorModel.CrossValidationPoint]
        /// One row per budget and method: budgets in the order given, methods in `TuningBenchmark.Method` order.
        public var rows: [Row]
        /// One verdict per budget, in `budgets` order.
        public var verdicts: [Verdict]
        /// PassLab's tuner against the autotuner's results on the same modules (`bench tuning --autotuner-db`; nil
        /// without).
        public var autotuner: AutotunerComparison? = nil
        /// Files no method was tuned on, with the reason.
        public var skipped: [FlagTuningReport.Skipped]
        /// Wall-clock seconds of the protocol's whole run.
        public var seconds: Double
    }

    /// The budgets run, in the order given.
    public var budgets: [Int]
    /// Every method's raw value, in `TuningBenchmark.Method.allCases` order.
    public var methods: [String]
    /// One run per setup (protocol), in the order given.
    public var protocols: [ProtocolRun]
    /// The stores' directory, kept for a rerun (nil: a temporary one, removed).
    public var storeDirectory: String?

    static func percent(_ value: Double) -> String { String(format: "%.2f%%", value) }

    static func share(_ value: Double) -> String { String(format: "%.0f%%", 100 * value) }

    /// One line per budget: does PassLab beat every baseline with the backup?
    static func verdictLine(_ verdict: Verdict) -> String {
        let head = "budget \(verdict.budget): PassLab \(percent(verdict.passlab)) with backup"
        if verdict.beatsEveryBaseline { return head + " beats every baseline" }
        return head + " does NOT beat "
            + verdict.notBeatenBy.sorted { $0.key < $1.key }
            .map { "\($0.key) (\(percent($0.value)))" }.joined(separator: ", ")
    }

    /// A plain-text table per protocol for the terminal.
    public var text: String {
        protocols.map { run in
            let modules = run.rows.first?.modules ?? 0
            var lines = ["tuning benchmark, \(run.provenance), predictor \(run.predictor): \(modules) modules"]
            if let settings = run.settings { lines.append("settings: " + settings.description) }
            if !run.notHeldOut.isEmpty {
                lines.append("warning: not held out (training code bases): " + run.notHeldOut.joined(separator: ", "))
            }
            lines.append(
                "method          budget    as is  with backup  code bases equal  improved  regressed  unvalidated"
                    + "  compilations  validations  s/module (mean, median)  per-function")
            for row in run.rows {
                lines.append(
                    row.method.padding(toLength: 15, withPad: " ", startingAt: 0)
                        + String(
                            format:
                                " %6d  %7.2f%%  %10.2f%%  %15.2f%%  %7.0f%%  %8.0f%%  %10.0f%%  %12.1f  %11.2f  %7.2f, %.2f %13.0f%%",
                            row.budget, row.geomeanReductionVsOz, row.geomeanReductionVsOzWithBackup,
                            row.codeBasesEqualWithBackup ?? 0,
                            100 * row.improvedShare, 100 * row.regressedShare, 100 * row.unvalidatedShare,
                            row.compilationsPerModule, row.validationsPerModule, row.meanSecondsPerModule,
                            row.medianSecondsPerModule, 100 * (row.perFunctionShare ?? 0)))
            }
            lines += run.verdicts.map(Self.verdictLine)
            if let autotuner = run.autotuner { lines.append(autotuner.line) }
            if !run.crossValidation.isEmpty {
                lines.append(
                    "training-set leave-one-code-base-out cross-validation (with backup): "
                        + run.crossValidation.map {
                            "budget \($0.budget) \(Self.percent($0.geomeanReductionVsOzWithBackup))"
                        }.joined(separator: ", "))
            }
            if !run.skipped.isEmpty {
                lines.append(
                    "skipped \(run.skipped.count): "
                        + run.skipped.prefix(5).map { "\($0.input) (\($0.reason))" }.joined(separator: "; "))
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    /// A self-contained HTML page in the shared report style: per protocol
    /// the verdicts, the table of methods and budgets, and a chart of the
    /// figures with the backup.
    public var html: String {
        var page = ReportPage(title: "PassLab tuning benchmark")
        page.paragraph(
            html: "PassLab's tuner beside its baselines on the same modules, in one run: the best single "
                + "fixed list of the training set, the greedy coreset of K lists (K = budget) and the paper's "
                + "random search with the same budget; every method's lists are validated and backed up by -Oz "
                + "the same way. Reduction in binary size (text + data) vs -Oz, geomean over modules, validated "
                + "lists only in both columns: <b>as is</b> is the smallest validated list (a module with none "
                + "counts unoptimized), <b>with backup</b> is that list or -Oz, whichever is smaller.")
        for run in protocols {
            page.heading(
                "\(run.provenance.protocol?.rawValue ?? "") protocol, predictor \(run.predictor), "
                    + "\(run.rows.first?.modules ?? 0) modules")
            page.paragraph(
                run.verdicts.map(Self.verdictLine).joined(separator: ". ") + "."
                    + (run.autotuner.map { " " + $0.line.prefix(1).uppercased() + $0.line.dropFirst() + "." } ?? "")
                    + (run.notHeldOut.isEmpty
                        ? ""
                        : " Not held out: " + run.notHeldOut.joined(separator: ", ") + ".")
                    + (run.settings.map { " Settings: " + $0.description + "." } ?? ""))
            page.append(
                HTMLTable(
                    header: [
                        "method", "budget", "as is", "with backup", "code bases equal", "improved", "regressed (as is)",
                        "no validated list", "compilations / module", "validations / module",
                        "seconds / module (mean)", "(median)",
                    ],
                    rows: run.rows.map { row in
                        [
                            .init(row.method), .number(row.budget), .number(Self.percent(row.geomeanReductionVsOz)),
                            .number(Self.percent(row.geomeanReductionVsOzWithBackup)),
                            .number(row.codeBasesEqualWithBackup.map(Self.percent) ?? "-"),
                            .number(Self.share(row.improvedShare)),
                            .number(Self.share(row.regressedShare)), .number(Self.share(row.unvalidatedShare)),
                            .number(String(format: "%.1f", row.compilationsPerModule)),
                            .number(String(format: "%.2f", row.validationsPerModule)),
                            .number(String(format: "%.2f", row.meanSecondsPerModule)),
                            .number(String(format: "%.2f", row.medianSecondsPerModule)),
                        ]
                    }))
            let methods = TuningBenchmark.Method.allCases.map(\.rawValue).filter { method in
                run.rows.contains { $0.method == method }
            }
            page.append(
                BarChart(
                    bars: budgets.map { budget in
                        .init(
                            label: "budget \(budget)",
                            values: methods.map { method in
                                run.rows.first { $0.method == method && $0.budget == budget }?
                                    .geomeanReductionVsOzWithBackup
                            })
                    },
                    series: methods, categoryTitle: "budget",
                    valueTitle: "reduction in text+data vs -Oz, with backup (%)",
                    caption: "Geomean over the same modules for every method."))
            if !run.skipped.isEmpty {
                page.append(
                    HTMLTable(
                        header: ["skipped input", "reason"],
                        rows: run.skipped.map { [.init($0.input), .init($0.reason)] }))
            }
        }
        return page.html
    }
}
