import Autotune
import CodeSize
import Engine
import Foundation
import LLVMBridge
import Models
import Pipelines
import Reports
import Store
import Toolchain

/// The paper's Table 3 for any tree of programs: how a predictor's pass
/// lists compare with -Oz, without and with the -Oz backup, per benchmark
/// (a benchmark is a top-level directory of an input).
public struct FlagTuningReport: Codable, Sendable {
    /// One row of the table: a benchmark's figures (or all modules', `overall`).
    public struct Benchmark: Codable, Sendable {
        /// The benchmark (`FlagTuner.benchmark(of:inputs:)`), or `all`.
        public var name: String
        /// Modules tuned in it (0-byte modules included, though the figures leave them out).
        public var modules: Int
        /// Geomean reduction vs -Oz as is, percent (see `FlagTuningReport.geomeanReductionVsOz`).
        public var geomeanReductionVsOz: Double
        /// Geomean reduction vs -Oz with the backup, percent: never negative.
        public var geomeanReductionVsOzWithBackup: Double
        /// Share (0...1) of its modules smaller than -Oz with the backup.
        public var improvedShare: Double
        /// Share (0...1) of its modules larger than -Oz as is.
        public var regressedShare: Double
    }

    /// An input that was not tuned, and why.
    public struct Skipped: Codable, Sendable {
        /// The input file, or the `file:function` module of a split file.
        public var input: String
        /// The error that stopped it (no IR, a load failure, -Oz without a size...).
        public var reason: String
    }

    /// Protocol, codegen level, relocation model, triple, LLVM and PassLab versions.
    public var provenance: Provenance
    /// The protocol's name ("shipping", "paper"), as `--protocol` takes it.
    public var measurementProtocol: String { provenance.protocol?.rawValue ?? "" }
    /// How the predictor is named (`PassListPredictor.name`: `embedded`, a file, `llm:NAME`).
    public var predictor: String
    /// Compilations per module the tuner was given.
    public var budget: Int
    /// How the tuner was set (nil in reports written before 2026-12-08).
    public var settings: TunerSettings?
    /// Modules tuned (each piece of a split file counts as one).
    public var modules: Int
    /// Geomean over modules of `1 - size/-Oz size` (percent), as is: the
    /// smallest validated list compiled (may be worse than -Oz; see
    /// `TuneResult.asIsBinarySize`). A module with no validated list counts
    /// unoptimized (`TuneResult.asIsCountedBinarySize`) and in
    /// `unvalidatedShare`. Never above the figure with the backup.
    public var geomeanReductionVsOz: Double
    /// The same with the -Oz backup and validation: what `passlab tune` ships.
    public var geomeanReductionVsOzWithBackup: Double
    /// Share of modules smaller than -Oz with the backup.
    public var improvedShare: Double
    /// Share of modules larger than -Oz as is (a validated list worse than
    /// -Oz, or no validated list).
    public var regressedShare: Double
    /// Share of modules where no compiled list was validated (as is counts them unoptimized).
    public var unvalidatedShare: Double
    /// Mean `TuneResult.compilations` over the modules.
    public var compilationsPerModule: Double
    /// Mean wall-clock seconds of a module's tune, validations included.
    public var secondsPerModule: Double
    /// Mean PassListEval runs per module.
    public var validationsPerModule: Double
    /// Wall-clock seconds of those validations per module (part of `secondsPerModule`).
    public var validationSecondsPerModule: Double
    /// Wall-clock seconds of the whole evaluation, IR generation and skipped inputs included.
    public var seconds: Double
    /// One row per benchmark, sorted by name.
    public var benchmarks: [Benchmark]
    /// Every module's result with its benchmark, in tuning order.
    public var results: [Benchmarked]
    /// Inputs and modules that were not tuned, with the reason.
    public var skipped: [Skipped]
    /// A served model's unusable answers, by kind (`noPipeline`,
    /// `unknownPass`, `serverError`, ...): each module fell back to -Oz
    /// (budget 1) or to search. Empty for the embedded predictor.
    public var modelFallbacks: [String: Int]
    /// Seconds per module spent waiting for a served model.
    public var modelSecondsPerModule: Double?
    /// The paper's size-prediction MAPE of a served model's answers: the
    /// unoptimized size it states against the measured one, and its list's
    /// stated size against that list's measured size. A missing number
    /// counts as an error of 1 (100%). Nil for the embedded predictor.
    public var unoptimizedSizeMAPE: Double?
    /// The second MAPE: the size the model stated for its list against that list's measured size; nil for the embedded
    /// predictor.
    public var optimizedSizeMAPE: Double?

    /// One module's result and the benchmark it belongs to.
    public struct Benchmarked: Codable, Sendable {
        /// Its benchmark (`FlagTuner.benchmark(of:inputs:)`).
        public var benchmark: String
        /// What the tuner found for it.
        public var result: TuneResult
    }

    /// Summarizes `results` under the protocol: geomeans and shares (modules of 0 bytes left out), per-module means,
    /// served-model figures and one row per benchmark.
    public init(
        measurementProtocol: MeasurementProtocol, predictor: String, budget: Int, results: [Benchmarked],
        skipped: [Skipped],
        seconds: Double, settings: TunerSettings? = nil
    ) {
        provenance = Provenance(measurementProtocol, llvmVersion: PassCatalog.llvmVersion)
        self.predictor = predictor
        self.budget = budget
        self.settings = settings
        self.results = results
        self.skipped = skipped
        self.seconds = seconds
        modules = results.count
        let summary = Self.summarize(results.map(\.result))
        geomeanReductionVsOz = summary.raw
        geomeanReductionVsOzWithBackup = summary.backup
        improvedShare = summary.improved
        regressedShare = summary.regressed
        unvalidatedShare = summary.unvalidated
        let count = Double(max(1, results.count))
        compilationsPerModule = Double(results.map(\.result.compilations).reduce(0, +)) / count
        secondsPerModule = results.map(\.result.seconds).reduce(0, +) / count
        validationsPerModule = Double(results.map(\.result.validations).reduce(0, +)) / count
        validationSecondsPerModule = results.map(\.result.validationSeconds).reduce(0, +) / count
        modelFallbacks = Dictionary(grouping: results.compactMap(\.result.modelFallback), by: { $0 }).mapValues(\.count)
        let modelSeconds = results.compactMap(\.result.modelSeconds)
        modelSecondsPerModule = modelSeconds.isEmpty ? nil : modelSeconds.reduce(0, +) / count
        let served = results.map(\.result).filter { $0.modelSeconds != nil }
        unoptimizedSizeMAPE =
            served.isEmpty
            ? nil : Self.mape(served.map { ($0.modelStatedUnoptimizedBinarySize, $0.unoptimizedBinarySize) })
        optimizedSizeMAPE =
            served.isEmpty ? nil : Self.mape(served.map { ($0.modelStatedBinarySize, $0.modelListBinarySize) })
        benchmarks = Dictionary(grouping: results, by: \.benchmark).map { name, rows in
            let summary = Self.summarize(rows.map(\.result))
            return Benchmark(
                name: name, modules: rows.count, geomeanReductionVsOz: summary.raw,
                geomeanReductionVsOzWithBackup: summary.backup, improvedShare: summary.improved,
                regressedShare: summary.regressed)
        }.sorted { $0.name < $1.name }
    }

    /// Mean |stated - measured| / measured over pairs with a measurement.
    static func mape(_ pairs: [(stated: Int?, measured: Int?)]) -> Double {
        let errors = pairs.compactMap { stated, measured -> Double? in
            guard let measured, measured > 0 else { return nil }
            return stated.map { abs(Double($0 - measured)) / Double(measured) } ?? 1
        }
        return errors.isEmpty ? 0 : errors.reduce(0, +) / Double(errors.count)
    }

    static func summarize(
        _ results: [TuneResult]
    )
        -> (raw: Double, backup: Double, improved: Double, regressed: Double, unvalidated: Double)
    {
        // Modules of 0 bytes at -Oz have no ratio: left out of the means and the shares.
        let results = results.filter { SizeReduction.isMeasurable($0.binarySize, vs: $0.ozBinarySize) }
        guard !results.isEmpty else { return (0, 0, 0, 0, 0) }
        // Validated lists only; a module with none counts unoptimized (never better than with the backup).
        let raw = AutotuneSummary.geomeanReduction(results.map { ($0.ozBinarySize, $0.asIsCountedBinarySize) })
        let backup = AutotuneSummary.geomeanReduction(results.map { ($0.ozBinarySize, $0.binarySize) })
        let count = Double(results.count)
        return (
            raw, backup, Double(results.filter { $0.binarySize < $0.ozBinarySize }.count) / count,
            Double(results.filter { $0.asIsCountedBinarySize > $0.ozBinarySize }.count) / count,
            Double(results.filter { $0.asIsBinarySize == nil }.count) / count
        )
    }

    /// The row of all modules, as the per-benchmark rows.
    public var overall: Benchmark {
        Benchmark(
            name: "all", modules: modules, geomeanReductionVsOz: geomeanReductionVsOz,
            geomeanReductionVsOzWithBackup: geomeanReductionVsOzWithBackup, improvedShare: improvedShare,
            regressedShare: regressedShare)
    }

    /// A plain-text table for the terminal.
    public var text: String {
        var lines = [
            String(
                format: "flag tuning, %@ protocol, predictor %@, budget %d: %d modules", measurementProtocol, predictor,
                budget, modules)
        ]
        if let settings { lines.append("settings: " + settings.description) }
        lines.append("benchmark                 modules   vs -Oz   with backup   improved   regressed")
        for row in benchmarks + [overall] {
            lines.append(
                row.name.padding(toLength: max(25, row.name.count), withPad: " ", startingAt: 0)
                    + String(
                        format: " %7d  %6.2f%%  %11.2f%%  %8.0f%%  %9.0f%%", row.modules, row.geomeanReductionVsOz,
                        row.geomeanReductionVsOzWithBackup, 100 * row.improvedShare, 100 * row.regressedShare))
        }
        lines.append(
            String(
                format: "per module: %.1f compilations, %.2f s, %.2f validations (%.2f s); %.0f s in all",
                compilationsPerModule, secondsPerModule, validationsPerModule, validationSecondsPerModule,
                seconds))
        let unvalidated = String(
            format: "; %.0f%% of modules had no validated list (counted unoptimized as is)",
            100 * unvalidatedShare)
        lines.append(
            "vs -Oz (as is): the smallest validated list; with backup: it or -Oz, whichever is smaller"
                + (unvalidatedShare > 0 ? unvalidated : ""))
        if let modelSecondsPerModule {
            let fallbacks = modelFallbacks.values.reduce(0, +)
            lines.append(
                String(
                    format:
                        "model: %.2f s per module; size-prediction MAPE %.3f unoptimized, %.3f optimized; %d of %d answers unusable",
                    modelSecondsPerModule, unoptimizedSizeMAPE ?? 0, optimizedSizeMAPE ?? 0, fallbacks, modules)
                    + (fallbacks == 0
                        ? ""
                        : " ("
                            + modelFallbacks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                                separator: ", ") + ")"))
        }
        if !skipped.isEmpty {
            lines.append(
                "skipped \(skipped.count): "
                    + skipped.prefix(5).map { "\($0.input) (\($0.reason))" }.joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }

    /// A self-contained HTML page in the shared report style: per protocol the
    /// headline figures (as is and with the -Oz backup), the per-benchmark
    /// table, a chart and a table with one row per module.
    public static func html(_ reports: [FlagTuningReport]) -> String {
        var page = ReportPage(title: "PassLab flag-tuning evaluation")
        page.paragraph(
            html: "Reduction in binary size (Berkeley text + data of the object) relative to -Oz; "
                + "geomean over modules. Validated lists only in both columns (trusted from training or passed "
                + "PassListEval). <b>As is</b>: the smallest validated list compiled, even where it is larger "
                + "than -Oz (a module with none counts unoptimized). <b>With -Oz backup</b>: what <code>passlab "
                + "tune</code> ships, that list or -Oz where it does not beat -Oz, so never worse than -Oz.")
        for report in reports {
            page.heading(
                "\(report.measurementProtocol) protocol, predictor \(report.predictor), "
                    + "budget \(report.budget)")
            page.paragraph(
                html: String(
                    format: "Geomean reduction vs -Oz over %d modules: <b>%.2f%%</b> as is, "
                        + "<b>%.2f%%</b> with the -Oz backup. %.1f compilations, %.2f s and %.2f "
                        + "validations per module; %.0f%% of modules without a validated list.",
                    report.modules, report.geomeanReductionVsOz,
                    report.geomeanReductionVsOzWithBackup, report.compilationsPerModule,
                    report.secondsPerModule, report.validationsPerModule,
                    100 * report.unvalidatedShare))
            page.append(
                HTMLTable(
                    header: ["benchmark", "modules", "as is", "with -Oz backup", "improved", "regressed (as is)"],
                    rows: (report.benchmarks + [report.overall]).map {
                        [
                            .init($0.name), .number($0.modules), .number(percent($0.geomeanReductionVsOz)),
                            .number(percent($0.geomeanReductionVsOzWithBackup)),
                            .number(String(format: "%.0f%%", 100 * $0.improvedShare)),
                            .number(String(format: "%.0f%%", 100 * $0.regressedShare)),
                        ]
                    }))
            if let modelSecondsPerModule = report.modelSecondsPerModule {
                let unusable = report.modelFallbacks.values.reduce(0, +)
                page.paragraph(
                    String(
                        format: "Served model: %.2f s per module; size-prediction MAPE %.3f unoptimized, "
                            + "%.3f optimized; %d of %d answers unusable", modelSecondsPerModule,
                        report.unoptimizedSizeMAPE ?? 0, report.optimizedSizeMAPE ?? 0, unusable,
                        report.modules)
                        + (unusable == 0
                            ? "."
                            : " ("
                                + report.modelFallbacks.sorted { $0.key < $1.key }
                                .map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")."))
            }
            appendModules(of: report, to: &page)
            if !report.skipped.isEmpty {
                page.append(
                    HTMLTable(
                        header: ["skipped input", "reason"],
                        rows: report.skipped.map { [.init($0.input), .init($0.reason)] }))
            }
        }
        return page.html
    }

    /// The chart (as is and with the backup, per module) and the per-module table.
    static func appendModules(of report: FlagTuningReport, to page: inout ReportPage) {
        let prefix = CommonDirectory.prefix(of: report.results.map(\.result.input))
        func name(_ result: TuneResult) -> String { CommonDirectory.strip(prefix, from: result.input) }
        let modules = report.results.map(\.result).sorted {
            (countedAsIs($0), $1.input) > (countedAsIs($1), $0.input)
        }
        page.append(
            BarChart(
                bars: modules.map { result in
                    .init(
                        label: name(result), values: [countedAsIs(result), result.reductionVsOz],
                        detail: "-Oz \(result.ozBinarySize) bytes, validated list "
                            + "\(result.asIsBinarySize.map(String.init) ?? "none"), "
                            + "shipped \(result.binarySize) bytes")
                },
                series: ["as is", "with -Oz backup"], categoryTitle: "module",
                valueTitle: "reduction in text+data vs -Oz (%)",
                caption: "\(modules.count) modules, best validated list first"
                    + (prefix.isEmpty ? "." : "; names relative to \(prefix)")))
        let benchmarks = Dictionary(report.results.map { ($0.result.input, $0.benchmark) }) { first, _ in first }
        page.append(
            HTMLTable(
                header: [
                    "module", "benchmark", "-Oz bytes", "validated bytes", "as is", "shipped bytes", "with -Oz backup",
                    "validated", "compilations", "shipped list",
                ],
                rows: modules.map { result in
                    [
                        .init(name(result)), .init(benchmarks[result.input] ?? ""), .number(result.ozBinarySize),
                        .number(result.asIsBinarySize.map(String.init) ?? "-"),
                        .number(result.asIsReductionVsOz.map(percent) ?? "-"), .number(result.binarySize),
                        .number(percent(result.reductionVsOz)),
                        .init(result.usedOzBackup ? "-Oz (reference)" : result.validated ? "yes" : "no"),
                        .number(result.compilations), .code(result.usedOzBackup ? "-Oz" : result.pipeline.text),
                    ]
                }))
    }

    static func percent(_ value: Double) -> String { String(format: "%.2f%%", value) }

    /// The reduction vs -Oz "as is" counts for a module (see `TuneResult.asIsCountedBinarySize`).
    static func countedAsIs(_ result: TuneResult) -> Double {
        SizeReduction.percent(result.asIsCountedBinarySize, vs: result.ozBinarySize)
    }
}

extension FlagTuner {
    /// Ctrl-C during an evaluation.
    public struct Interrupted: Error, CustomStringConvertible {
        /// Modules tuned (and reported) before the stop.
        public var modulesFinished: Int
        /// Path of the store the finished work is in; nil when nothing was stored.
        public var store: String?
        /// The message a user sees: how far it got and whether the same command resumes.
        public var description: String {
            "interrupted after \(modulesFinished) modules; "
                + (store.map { "every finished evaluation is stored in \($0): run the same command again to resume" }
                    ?? "nothing was stored")
        }
    }

    /// The benchmark of a discovered module: the top-level directory below
    /// the input directory it came from (the directory itself for files
    /// directly inside it; the parent directory for a file given as input).
    public static func benchmark(of file: String, inputs: [String]) -> String {
        for input in inputs {
            let root = input.hasSuffix("/") ? String(input.dropLast()) : input
            guard file.hasPrefix(root + "/") else { continue }
            let relative = file.dropFirst(root.count + 1).split(separator: "/")
            return relative.count > 1 ? String(relative[0]) : (root as NSString).lastPathComponent
        }
        return ((file as NSString).deletingLastPathComponent as NSString).lastPathComponent
    }

    /// Tunes every module under `inputs` (no output written) and reports.
    /// With `splitPromptsOver`, a module whose flag-tuning prompt has more
    /// tokens than that is split into one module per defined function
    /// first, as the paper did (its pieces are tuned as modules).
    /// `line` gets a line per module; `progress` (when set) counts the input files.
    public func evaluate(
        inputs: [String], budget: Int, splitPromptsOver: Int?, tokenCounter: any TokenCounter, stop: StopSignal?,
        line: @Sendable (String) -> Void
    ) throws -> FlagTuningReport {
        let started = Date()
        let files = try ProgramDiscovery.programs(in: inputs)
        guard !files.isEmpty else {
            throw MeasureError.usage(
                "no programs in \(inputs.joined(separator: ", ")); give .c/.cpp/.ll/.bc files or directories")
        }
        let scratch = try ScratchDirectory.create(purpose: "eval")
        defer { ScratchDirectory.remove(scratch) }
        var results: [FlagTuningReport.Benchmarked] = []
        var skipped: [FlagTuningReport.Skipped] = []
        let task = progress?.begin(
            "flag-tuning (\(measurementProtocol.name.rawValue), budget \(budget))", total: files.count, unit: "files")
        for (index, file) in files.enumerated() {
            defer { task?.advance(current: file) }
            if stop?.isRequested == true { throw Interrupted(modulesFinished: results.count, store: store?.path) }
            let benchmark = Self.benchmark(of: file, inputs: inputs)
            var modules: [(name: String, bytes: [UInt8])] = []
            do {
                let bytes = try ProgramMeasurer.irBytes(of: file, triple: nil, clangArguments: [])
                if let limit = splitPromptsOver,
                    tokenCounter.count(
                        PromptFormat.flagTuning(ir: try ServedModelPredictor.promptIR(bytes, name: file))) > limit
                {
                    let irPath = (scratch as NSString).appendingPathComponent("whole-\(index).ll")
                    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
                    try Data(bytes).write(to: URL(fileURLWithPath: irPath))
                    let split = try ModuleSplitter.split(
                        irPath, into: (scratch as NSString).appendingPathComponent("pieces-\(index)"), budget: 0)
                    for piece in split.pieces {
                        modules.append(
                            (
                                "\(file):\(piece.function)",
                                [UInt8](try Data(contentsOf: URL(fileURLWithPath: piece.path)))
                            ))
                    }
                } else {
                    modules = [(file, bytes)]
                }
            } catch {
                skipped.append(.init(input: file, reason: "\(error)"))
                continue
            }
            for module in modules {
                let handle = engine.register(ir: module.bytes, name: module.name)
                defer { engine.unregister(handle) }
                if case .failure(let failure) = engine.load(handle) {
                    skipped.append(.init(input: module.name, reason: failure.message))
                    continue
                }
                do {
                    let result = try tune(
                        ir: module.bytes, handle: handle, name: module.name, budget: budget, countsLists: false
                    ).result
                    if stop?.isRequested == true {
                        throw Interrupted(modulesFinished: results.count, store: store?.path)
                    }
                    results.append(.init(benchmark: benchmark, result: result))
                    line(
                        String(
                            format: "[%d/%d] %@: -Oz %d, as is %@, result %d (%.2f%%), %d compilations, %.1f s",
                            index + 1, files.count,
                            module.name, result.ozBinarySize, result.asIsBinarySize.map(String.init) ?? "none",
                            result.binarySize, result.reductionVsOz, result.compilations, result.seconds))
                } catch let error as MeasureError {
                    skipped.append(.init(input: module.name, reason: error.description))
                }
            }
        }
        return FlagTuningReport(
            measurementProtocol: measurementProtocol, predictor: predictor.name, budget: budget,
            results: results, skipped: skipped, seconds: Date().timeIntervalSince(started),
            settings: TunerSettings(self))
    }
}
