import Foundation
import Pipelines
import Reports
import Store

/// The autotuning report as one self-contained HTML page in the shared
/// report style: summary, charts (per-program gains, pass frequencies, gain
/// vs budget) with named bars and titled axes, and the per-program table.
public enum AutotuneHTML {
    /// The page for `summary`: headline table, validation note, per-program reduction, pass frequency and
    /// gain-vs-budget charts, and the per-program table; `title` heads it.
    public static func page(_ summary: AutotuneSummary, title: String = "PassLab autotuning report") -> String {
        var page = ReportPage(title: title)
        page.paragraph(
            html:
                "Protocol <b>\(ReportPage.escape(summary.protocolKey))</b>. Sizes are Berkeley text + data of the "
                + "object file (what <code>llvm-size</code> reports as text plus data; bss takes no space in the "
                + "file). Reference: <code>\(ReportPage.escape(ozName(summary.ozPipeline)))</code>; a reduction is "
                + "the percentage by which the best list's object is smaller than the reference's.")
        page.append(
            HTMLTable(
                header: [
                    "programs", "geomean reduction vs -Oz", "improved", "mean best-list length", "compilations",
                    "crashes", "time-outs",
                ],
                rows: [
                    [
                        .number(summary.programs.count),
                        .number(String(format: "%.2f%%", summary.geomeanReductionVsOz)),
                        .number(String(format: "%.1f%%", 100 * summary.improvedShare)),
                        .number(String(format: "%.2f", summary.meanListLength)),
                        .number(summary.compilations), .number(summary.crashes), .number(summary.timeouts),
                    ]
                ]))
        page.paragraph(
            html: summary.validationRequired
                ? "Every list shown passed validation (PassListEval on HumanEval-X); "
                    + "\(summary.listsRejectedByValidation) better lists failed it."
                : "<b>Includes lists not validated</b> (marked *); lists that failed validation are left out.")

        page.heading("Per-program reduction vs -Oz")
        let sorted = summary.programs.sorted { ($0.reductionVsOz, $1.name) > ($1.reductionVsOz, $0.name) }
        let prefix = CommonDirectory.prefix(of: sorted.map(\.name))
        func name(_ program: AutotuneSummary.ProgramResult) -> String {
            CommonDirectory.strip(prefix, from: program.name) + (program.validated ? "" : " *")
        }
        page.append(
            BarChart(
                bars: sorted.map { program in
                    .init(
                        label: name(program), value: program.reductionVsOz,
                        detail: "-Oz \(program.ozBinarySize) bytes, best \(program.bestBinarySize) bytes")
                },
                categoryTitle: "program", valueTitle: "reduction in text+data vs -Oz (%)",
                caption: "\(sorted.count) programs, largest reduction first"
                    + (prefix.isEmpty ? "." : "; names relative to \(prefix)")))

        page.heading("Pass frequencies in the best lists")
        let frequent = summary.passFrequencies.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(30)
        page.append(
            BarChart(
                bars: frequent.map { .init(label: $0.key, value: Double($0.value)) },
                categoryTitle: "pass", valueTitle: "occurrences in the programs' best lists", unit: "", integral: true,
                caption: frequent.count < summary.passFrequencies.count
                    ? "The 30 most frequent of \(summary.passFrequencies.count) passes." : nil))

        page.heading("Gain vs budget")
        if let last = summary.budgetCurve.last, last.compilations > 1 {
            page.append(
                LineChart(
                    points: summary.budgetCurve.map {
                        .init(
                            x: Double($0.compilations), y: $0.geomeanReductionVsOz,
                            detail: String(format: "%d evaluations: %.2f%%", $0.compilations, $0.geomeanReductionVsOz))
                    },
                    xTitle: "evaluations per program (log scale)", yTitle: "geomean reduction vs -Oz (%)",
                    logarithmicX: true,
                    caption: "Search progress: the geomean reduction had every program stopped after its first n "
                        + "evaluations (before validation)."))
        } else {
            page.paragraph("Not enough evaluations for a curve.")
        }

        page.heading("Programs")
        page.append(
            HTMLTable(
                header: ["program", "-Oz bytes", "best bytes", "reduction", "passes", "compilations", "best list"],
                rows: sorted.map { program in
                    [
                        .init(name(program)), .number(program.ozBinarySize),
                        .number(program.bestBinarySize),
                        .number(AutotuneReport.reductionText(program)), .number(program.bestLength),
                        .number(program.compilations),
                        .code(
                            program.bestPipeline == summary.ozPipeline
                                ? ozName(summary.ozPipeline) : program.bestPipeline.text),
                    ]
                }))
        return page.html
    }

    /// The -Oz reference by name: clang's expanded pipeline is 4,000 characters.
    static func ozName(_ pipeline: Pipeline) -> String {
        let text = pipeline.text
        return pipeline == PassCatalog.clangOz || text.count > 40 ? "clang -Oz" : text
    }
}
