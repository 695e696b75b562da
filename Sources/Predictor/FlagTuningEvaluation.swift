import Autotune
import CodeSize
import Evaluation
import Foundation
import Models
import Store
import Toolchain

/// The paper's Table 3 for any tree of programs: how a predictor's pass
/// lists compare with -Oz, without and with the -Oz backup, per benchmark
/// (a benchmark is a top-level directory of an input).
public struct FlagTuningReport: Codable, Sendable {
    public struct Benchmark: Codable, Sendable {
        public var name: String
        public var modules: Int
        public var geomeanReductionVsOz: Double
        public var geomeanReductionVsOzWithBackup: Double
        public var improvedShare: Double
        public var regressedShare: Double
    }

    public struct Skipped: Codable, Sendable {
        public var input: String
        public var reason: String
    }

    public var measurementProtocol: String
    public var predictor: String
    public var budget: Int
    public var modules: Int
    /// Geomean over modules of `1 - size/-Oz size` (percent), the
    /// predictor's best list as is (may be worse than -Oz).
    public var geomeanReductionVsOz: Double
    /// The same with the -Oz backup and validation: what `passlab tune` ships.
    public var geomeanReductionVsOzWithBackup: Double
    /// Share of modules smaller than -Oz with the backup.
    public var improvedShare: Double
    /// Share of modules whose best predicted list is larger than -Oz.
    public var regressedShare: Double
    public var compilationsPerModule: Double
    public var secondsPerModule: Double
    public var validationsPerModule: Double
    public var seconds: Double
    public var benchmarks: [Benchmark]
    public var results: [Benchmarked]
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
    public var optimizedSizeMAPE: Double?

    public struct Benchmarked: Codable, Sendable {
        public var benchmark: String
        public var result: TuneResult
    }

    public init(measurementProtocol: String, predictor: String, budget: Int, results: [Benchmarked], skipped: [Skipped], seconds: Double) {
        self.measurementProtocol = measurementProtocol
        self.predictor = predictor
        self.budget = budget
        self.results = results
        self.skipped = skipped
        self.seconds = seconds
        modules = results.count
        let summary = Self.summarize(results.map(\.result))
        geomeanReductionVsOz = summary.raw
        geomeanReductionVsOzWithBackup = summary.backup
        improvedShare = summary.improved
        regressedShare = summary.regressed
        let count = Double(max(1, results.count))
        compilationsPerModule = Double(results.map(\.result.compilations).reduce(0, +)) / count
        secondsPerModule = results.map(\.result.seconds).reduce(0, +) / count
        validationsPerModule = Double(results.map(\.result.validations).reduce(0, +)) / count
        modelFallbacks = Dictionary(grouping: results.compactMap(\.result.modelFallback), by: { $0 }).mapValues(\.count)
        let modelSeconds = results.compactMap(\.result.modelSeconds)
        modelSecondsPerModule = modelSeconds.isEmpty ? nil : modelSeconds.reduce(0, +) / count
        let served = results.map(\.result).filter { $0.modelSeconds != nil }
        unoptimizedSizeMAPE = served.isEmpty ? nil : Self.mape(served.map { ($0.modelStatedUnoptimizedBinarySize, $0.unoptimizedBinarySize) })
        optimizedSizeMAPE = served.isEmpty ? nil : Self.mape(served.map { ($0.modelStatedBinarySize, $0.modelListBinarySize) })
        benchmarks = Dictionary(grouping: results, by: \.benchmark).map { name, rows in
            let summary = Self.summarize(rows.map(\.result))
            return Benchmark(name: name, modules: rows.count, geomeanReductionVsOz: summary.raw,
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

    static func summarize(_ results: [TuneResult]) -> (raw: Double, backup: Double, improved: Double, regressed: Double) {
        // Modules of 0 bytes at -Oz have no ratio: left out of the means and the shares.
        let results = results.filter { SizeReduction.isMeasurable($0.binarySize, vs: $0.ozBinarySize) }
        guard !results.isEmpty else { return (0, 0, 0, 0) }
        // A module where no predicted list compiled counts as -Oz without the backup too.
        let raw = AutotuneSummary.geomeanReduction(results.map { ($0.ozBinarySize, $0.predictedBinarySize ?? $0.ozBinarySize) })
        let backup = AutotuneSummary.geomeanReduction(results.map { ($0.ozBinarySize, $0.binarySize) })
        let count = Double(results.count)
        return (raw, backup, Double(results.filter { $0.binarySize < $0.ozBinarySize }.count) / count,
                Double(results.filter { ($0.predictedBinarySize ?? $0.ozBinarySize) > $0.ozBinarySize }.count) / count)
    }

    /// The row of all modules, as the per-benchmark rows.
    public var overall: Benchmark {
        Benchmark(name: "all", modules: modules, geomeanReductionVsOz: geomeanReductionVsOz,
                  geomeanReductionVsOzWithBackup: geomeanReductionVsOzWithBackup, improvedShare: improvedShare, regressedShare: regressedShare)
    }

    /// A plain-text table for the terminal.
    public var text: String {
        var lines = [String(format: "flag tuning, %@ protocol, predictor %@, budget %d: %d modules", measurementProtocol, predictor, budget, modules)]
        lines.append("benchmark                 modules   vs -Oz   with backup   improved   regressed")
        for row in benchmarks + [overall] {
            lines.append(row.name.padding(toLength: max(25, row.name.count), withPad: " ", startingAt: 0)
                + String(format: " %7d  %6.2f%%  %11.2f%%  %8.0f%%  %9.0f%%", row.modules, row.geomeanReductionVsOz,
                         row.geomeanReductionVsOzWithBackup, 100 * row.improvedShare, 100 * row.regressedShare))
        }
        lines.append(String(format: "per module: %.1f compilations, %.2f s, %.2f validations; %.0f s in all", compilationsPerModule,
                            secondsPerModule, validationsPerModule, seconds))
        if let modelSecondsPerModule {
            let fallbacks = modelFallbacks.values.reduce(0, +)
            lines.append(String(format: "model: %.2f s per module; size-prediction MAPE %.3f unoptimized, %.3f optimized; %d of %d answers unusable",
                                modelSecondsPerModule, unoptimizedSizeMAPE ?? 0, optimizedSizeMAPE ?? 0, fallbacks, modules)
                + (fallbacks == 0 ? "" : " (" + modelFallbacks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"))
        }
        if !skipped.isEmpty { lines.append("skipped \(skipped.count): " + skipped.prefix(5).map { "\($0.input) (\($0.reason))" }.joined(separator: "; ")) }
        return lines.joined(separator: "\n")
    }

    /// A self-contained HTML page: tables and inline SVG charts.
    public static func html(_ reports: [FlagTuningReport]) -> String {
        var body = ""
        for report in reports {
            body += "<h2>\(AutotuneHTML.escape(report.measurementProtocol)) protocol, predictor \(AutotuneHTML.escape(report.predictor)), budget \(report.budget)</h2>\n"
            body += AutotuneHTML.table(
                header: ["benchmark", "modules", "vs -Oz", "with -Oz backup", "improved", "regressed"],
                rows: (report.benchmarks + [report.overall]).map {
                    [$0.name, "\($0.modules)", String(format: "%.2f%%", $0.geomeanReductionVsOz), String(format: "%.2f%%", $0.geomeanReductionVsOzWithBackup),
                     String(format: "%.0f%%", 100 * $0.improvedShare), String(format: "%.0f%%", 100 * $0.regressedShare)]
                })
            body += String(format: "<p>%.1f compilations, %.2f s and %.2f validations per module.</p>\n", report.compilationsPerModule,
                           report.secondsPerModule, report.validationsPerModule)
            body += moduleChart(report.results.map(\.result))
        }
        return """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>PassLab flag-tuning evaluation</title>
        <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}</style>
        </head><body>
        <h1>PassLab flag-tuning evaluation</h1>
        <p>Reduction in binary size (Berkeley text + data) relative to -Oz; geomean over modules. "vs -Oz": the predictor's best list as is; "with -Oz backup": what <code>passlab tune</code> ships (validated lists only, never worse than -Oz).</p>
        \(body)</body></html>

        """
    }

    /// One bar per module, the predicted list's reduction vs -Oz (red below zero).
    static func moduleChart(_ results: [TuneResult]) -> String {
        guard !results.isEmpty else { return "" }
        let values = results.map { $0.predictedReductionVsOz ?? 0 }.sorted(by: >)
        let width = 1000.0, height = 240.0, left = 50.0
        let top = max(1, values.max() ?? 1), bottom = min(0, values.min() ?? 0)
        let span = top - bottom
        func y(_ value: Double) -> Double { 10 + (height - 30) * (top - value) / span }
        let step = (width - left) / Double(values.count)
        var svg = String(format: "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#000\"/>\n", left, y(0), width, y(0))
        svg += String(format: "<text x=\"0\" y=\"%.1f\">%.1f%%</text><text x=\"0\" y=\"%.1f\">%.1f%%</text>\n", y(top) + 10, top, y(bottom), bottom)
        for (index, value) in values.enumerated() {
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"/>\n", left + Double(index) * step,
                          min(y(0), y(value)), max(0.5, step * 0.8), abs(y(value) - y(0)), (value >= 0 ? "#3b7dd8" : "#d83b3b") as NSString)
        }
        svg += String(format: "<text x=\"%.0f\" y=\"%.0f\">%d modules, predicted list vs -Oz, best first</text>\n", left, height - 4, values.count)
        return "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"per-module reduction\">\n\(svg)</svg>\n"
    }
}

extension FlagTuner {
    /// Ctrl-C during an evaluation.
    public struct Interrupted: Error, CustomStringConvertible {
        public var modulesFinished: Int
        public var store: String?
        public var description: String {
            "interrupted after \(modulesFinished) modules; "
                + (store.map { "every finished evaluation is stored in \($0): run the same command again to resume" } ?? "nothing was stored")
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
    public func evaluate(inputs: [String], budget: Int, splitPromptsOver: Int?, tokenCounter: any TokenCounter, stop: StopSignal?,
                         progress: @Sendable (String) -> Void) throws -> FlagTuningReport {
        let started = Date()
        let files = try ProgramDiscovery.programs(in: inputs)
        guard !files.isEmpty else { throw MeasureError.usage("no programs in \(inputs.joined(separator: ", ")); give .c/.cpp/.ll/.bc files or directories") }
        let scratch = try ScratchDirectory.create(purpose: "eval")
        defer { ScratchDirectory.remove(scratch) }
        var results: [FlagTuningReport.Benchmarked] = []
        var skipped: [FlagTuningReport.Skipped] = []
        for (index, file) in files.enumerated() {
            if stop?.isRequested == true { throw Interrupted(modulesFinished: results.count, store: store?.path) }
            let benchmark = Self.benchmark(of: file, inputs: inputs)
            var modules: [(name: String, bytes: [UInt8])] = []
            do {
                let bytes = try ProgramMeasurer.irBytes(of: file, triple: nil, clangArguments: [])
                if let limit = splitPromptsOver,
                   tokenCounter.count(PromptFormat.flagTuning(ir: try ServedModelPredictor.promptIR(bytes, name: file))) > limit {
                    let irPath = (scratch as NSString).appendingPathComponent("whole-\(index).ll")
                    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
                    try Data(bytes).write(to: URL(fileURLWithPath: irPath))
                    let split = try ModuleSplitter.split(irPath, into: (scratch as NSString).appendingPathComponent("pieces-\(index)"), budget: 0)
                    for piece in split.pieces {
                        modules.append(("\(file):\(piece.function)", [UInt8](try Data(contentsOf: URL(fileURLWithPath: piece.path)))))
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
                    let result = try tune(ir: module.bytes, handle: handle, name: module.name, budget: budget)
                    if stop?.isRequested == true { throw Interrupted(modulesFinished: results.count, store: store?.path) }
                    results.append(.init(benchmark: benchmark, result: result))
                    progress(String(format: "[%d/%d] %@: -Oz %d, predicted %@, result %d (%.2f%%), %d compilations, %.1f s", index + 1, files.count,
                                    module.name, result.ozBinarySize, result.predictedBinarySize.map(String.init) ?? "none",
                                    result.binarySize, result.reductionVsOz, result.compilations, result.seconds))
                } catch let error as MeasureError {
                    skipped.append(.init(input: module.name, reason: error.description))
                }
            }
        }
        return FlagTuningReport(measurementProtocol: measurementProtocol.name.rawValue, predictor: predictor.name, budget: budget,
                                results: results, skipped: skipped, seconds: Date().timeIntervalSince(started))
    }
}
