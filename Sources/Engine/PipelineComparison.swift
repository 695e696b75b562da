import CodeSize
import Foundation
import Pipelines

/// Several pipelines on one module, side by side, against -Oz.
///
/// `compare --json` writes it as one object: the module, its provenance,
/// the -Oz reference's size, the rows and the best row.
public struct PipelineComparison: Sendable, Encodable {
    /// One pipeline's result on the module.
    public struct Row: Sendable, Codable {
        /// The pipeline's short name ("unoptimized", "default<Oz>", "clang
        /// -Oz", or the user's).
        public var label: String
        /// The exact `opt -p` text (clang's -Oz pipeline in full; text output names it).
        public var pipeline: Pipeline
        /// IR instructions after the pipeline; nil when it was not measured.
        public var instructionCount: Int?
        /// Bytes of Berkeley text + data of the object; nil when not measured.
        public var binarySize: Int?
        /// Percent smaller than the -Oz reference (negative: larger).
        public var reductionVsOz: Double?
        /// "measured", or why not ("crashed: ...").
        public var outcome: String
    }

    /// The module's path as given (the JSON's `module`).
    public var file: String
    /// The protocol as measured, with the module's own triple (not in the JSON:
    /// `provenance` carries it).
    public var measurementProtocol: MeasurementProtocol
    /// What made the numbers: protocol, codegen, relocation model, triple, LLVM
    /// and PassLab versions.
    public var provenance: Provenance
    /// The -Oz reference: what clang-19 -Oz -c ships (`clang-Oz`).
    public var ozBinarySize: Int?
    /// One row per pipeline asked for, in the order given (the -Oz reference is
    /// not a row).
    public var rows: [Row]
    /// Index of the smallest measured row.
    public var best: Int?

    enum CodingKeys: String, CodingKey {
        case file = "module", provenance, ozPipeline, ozBinarySize, rows, best
    }

    /// The JSON of `compare --json`: `module`, `provenance`, `ozPipeline`
    /// (always "clang-Oz"), `ozBinarySize`, `rows` and `best` as the best row's
    /// label.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(provenance, forKey: .provenance)
        try container.encode("clang-Oz", forKey: .ozPipeline)
        try container.encode(ozBinarySize, forKey: .ozBinarySize)
        try container.encode(rows, forKey: .rows)
        try container.encode(best.map { rows[$0].label }, forKey: .best)
    }

    /// The default set: no passes, every `default<...>` pipeline, and
    /// clang-19's own -Oz pipeline.
    public static let defaultPipelines: [(label: String, pipeline: Pipeline)] =
        [("unoptimized", Pipeline.empty)]
        + CatalogRules.defaultPipelines.map { ($0, Pipeline(stringLiteral: "module(\($0))")) } + [
            ("clang -Oz", PassCatalog.clangOz)
        ]

    /// Measures every pipeline on the registered `handle`, plus clang's -Oz
    /// pipeline as the reference, in one parallel batch on `engine`. A pipeline
    /// that fails or crashes gets a row that says so; nothing throws.
    public static func run(
        file: String, handle: ModuleHandle, pipelines: [(label: String, pipeline: Pipeline)],
        measurementProtocol: MeasurementProtocol, engine: EvaluationEngine
    ) -> PipelineComparison {
        let all = pipelines + [("reference -Oz", PassCatalog.clangOz)]
        let outcomes = engine.evaluate(
            all.map { EvaluationJob(module: handle, pipeline: $0.pipeline, measurementProtocol: measurementProtocol) })
        let oz = outcomes.last?.measurement?.binarySize
        var rows: [Row] = []
        for (entry, outcome) in zip(pipelines, outcomes) {
            let size = outcome.measurement?.binarySize
            var reduction: Double?
            if let size, let oz, SizeReduction.isMeasurable(size, vs: oz) {
                reduction = SizeReduction.percent(size, vs: oz)
            }
            let status: String =
                switch outcome {
                case .measured: "measured"
                case .failed(let failure): "failed: \(failure.message)"
                case .crashed(let report): "crashed: \(report)"
                case .timedOut(let seconds): "timed out after \(Int(seconds)) s"
                case .brokenModule: "broken module"
                }
            rows.append(
                Row(
                    label: entry.label, pipeline: entry.pipeline,
                    instructionCount: outcome.measurement?.instructionCount,
                    binarySize: size, reductionVsOz: reduction, outcome: status))
        }
        let best = rows.indices.filter { rows[$0].binarySize != nil }.min {
            rows[$0].binarySize! < rows[$1].binarySize!
        }
        // Report the protocol as measured (with the module's own triple).
        let measurement = outcomes.compactMap(\.measurement).first
        let measured = measurement?.measurementProtocol ?? measurementProtocol
        return PipelineComparison(
            file: file, measurementProtocol: measured,
            provenance: Provenance(measured, llvmVersion: measurement?.llvmVersion ?? PassCatalog.llvmVersion),
            ozBinarySize: oz, rows: rows, best: best)
    }

    /// The terminal table: a provenance line, the -Oz reference, then one line
    /// per row with instructions, size, reduction and the best marked.
    public var rendered: String {
        var lines = [
            "\(file): \(provenance); binary size = Berkeley text + data",
            "  -Oz reference: clang -Oz, \(ozBinarySize.map { "\($0) bytes" } ?? "did not compile"); "
                + "reduction = percent smaller than -Oz (negative: larger)",
        ]
        let width = max(14, rows.map(\.label.count).max() ?? 0)
        lines.append(
            "  " + "pipeline".padding(toLength: width, withPad: " ", startingAt: 0)
                + "  instructions  binary size  reduction")
        for (index, row) in rows.enumerated() {
            let label = row.label.padding(toLength: width, withPad: " ", startingAt: 0)
            guard let size = row.binarySize, let count = row.instructionCount else {
                lines.append("  \(label)  \(row.outcome)")
                continue
            }
            let change = row.reductionVsOz.map { String(format: "%.2f%%", $0) } ?? "n/a"
            let mark = index == best ? "  <- best" : ""
            lines.append(
                "  \(label)  " + String(count).leftPadded(12) + "  " + String(size).leftPadded(11) + "  "
                    + change.leftPadded(9) + mark)
        }
        return lines.joined(separator: "\n")
    }
}
