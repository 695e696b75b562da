import CodeSize
import Engine
import Foundation
import Pipelines
import Store
import Validation

/// PassListEval for the autotuner: the winners (each program's best list,
/// which covers the broadcast lists that won somewhere) are validated, and
/// a list that fails gives way to the program's next best one.
struct WinnerValidation {
    let validator: PassListValidator
    let store: ResultStore
    let measurementProtocol: MeasurementProtocol
    /// Lists tried per program before settling for -Oz.
    let attemptsPerProgram: Int

    /// Validates until each program's smallest surviving list passed (or
    /// `attemptsPerProgram` lists failed). Verdicts land in the store.
    func run(
        programs: [(name: String, program: StoredProgram, oz: Int)], ozPipeline: Pipeline,
        report: @Sendable (AutotuneEvent) -> Void, stop: () throws -> Void
    ) throws {
        let verdicts = VerdictLookup(store: store, measurementProtocol: measurementProtocol)
        for entry in programs {
            try stop()
            let stored = try store.measurements(of: entry.program, measurementProtocol: measurementProtocol)
            var candidates: [(pipeline: Pipeline, text: String, size: Int, length: Int)] = []
            for (pipeline, measurement) in stored where pipeline != ozPipeline {
                guard let size = measurement.binarySize, size < entry.oz else { continue }
                candidates.append((pipeline, pipeline.text, size, pipeline.elements.count))
            }
            candidates.sort { ($0.size, $0.length, $0.text) < ($1.size, $1.length, $1.text) }
            var attempts = 0
            var accepted: (pipeline: Pipeline, text: String, size: Int, length: Int)?
            for candidate in candidates where attempts < attemptsPerProgram {
                switch verdicts.verdict(candidate.pipeline) {
                case true?: accepted = candidate
                case false?: continue
                case nil:
                    try stop()
                    attempts += 1
                    let result = try validator.validate(
                        pipeline: candidate.pipeline, measurementProtocol: measurementProtocol)
                    verdicts.remember(candidate.pipeline, passed: result.passed)
                    if result.passed {
                        accepted = candidate
                    } else {
                        let counts = result.counts.filter { $0.key != "passed" && $0.value > 0 }.map {
                            "\($0.value) \($0.key)"
                        }.sorted()
                        report(
                            .line(
                                "\(entry.name): a \(candidate.size)-byte list failed validation (\(counts.joined(separator: ", "))); trying the next"
                            ))
                    }
                }
                if accepted != nil { break }
            }
            if let accepted {
                report(
                    .line(
                        String(
                            format: "%@: validated %d bytes (-Oz %d, %.2f%% smaller)", entry.name, accepted.size,
                            entry.oz,
                            SizeReduction.percent(accepted.size, vs: entry.oz))))
            } else if !candidates.isEmpty {
                report(.line("\(entry.name): no smaller list passed validation; the result is -Oz"))
            }
        }
    }
}

extension Autotuner {
    /// The summary as a user may see it: lists that failed validation never
    /// count; with `requireValidation`, neither do lists not validated yet.
    public static func summary(
        store: ResultStore, measurementProtocol: MeasurementProtocol, requireValidation: Bool
    ) throws -> AutotuneSummary {
        let verdicts = VerdictLookup(store: store, measurementProtocol: measurementProtocol)
        return try store.autotuneSummary(
            measurementProtocol: measurementProtocol, ozPipeline: PassCatalog.ozPipeline(for: measurementProtocol),
            verdict: verdicts.verdict, requireValidation: requireValidation)
    }
}

extension Autotuner {
    /// The protocol `report autotune` reports on: the one asked for, else
    /// the one the store holds when it holds one (shipping when it holds
    /// several and shipping is among them). Throws a usage error naming the
    /// protocols the store holds, and the flag to pass, when the choice
    /// finds nothing to report.
    public static func reportedProtocol(
        requested: MeasurementProtocol?,
        store: ResultStore
    ) throws -> MeasurementProtocol {
        let held = try store.storedProtocols()
        let list = held.map { held in
            "\(held.measurementProtocol) (\(held.programs) programs): --protocol "
                + held.measurementProtocol.name.rawValue + overrideFlags(held.measurementProtocol)
        }.joined(separator: "; ")
        guard !held.isEmpty else {
            throw MeasureError.usage(
                "\(store.path): the store holds no measurements; "
                    + "run `passlab autotune ... --db \(store.path)` first")
        }
        if let requested {
            guard held.contains(where: { $0.measurementProtocol == requested }) else {
                throw MeasureError.usage(
                    "\(store.path): no results under the \(requested) protocol; the store holds \(list)")
            }
            return requested
        }
        if held.count == 1 { return held[0].measurementProtocol }
        if held.contains(where: { $0.measurementProtocol == .shipping }) { return .shipping }
        throw MeasureError.usage("\(store.path): the store holds several protocols; choose one: \(list)")
    }

    /// `--codegen`/`--reloc`/`--triple` flags that select `measurementProtocol` beyond its name.
    static func overrideFlags(_ measurementProtocol: MeasurementProtocol) -> String {
        let plain = MeasurementProtocol(measurementProtocol.name)
        var flags = ""
        if measurementProtocol.codeGen != plain.codeGen {
            flags += " --codegen \(measurementProtocol.codeGen.rawValue)"
        }
        if measurementProtocol.reloc != plain.reloc { flags += " --reloc \(measurementProtocol.reloc.rawValue)" }
        if measurementProtocol.triple != plain.triple { flags += " --triple \(measurementProtocol.triple)" }
        return flags
    }
}
