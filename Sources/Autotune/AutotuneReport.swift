import Foundation
import Pipelines
import Store

/// The plain-text form of an autotuning summary.
public enum AutotuneReport {
    /// The report as lines: protocol and -Oz reference, headline figures, validation note, each program's sizes and
    /// best list (`*`: not validated), and the ten most frequent passes.
    public static func text(_ summary: AutotuneSummary) -> String {
        var lines = [
            "protocol \(summary.provenance); -Oz reference: \(PassCatalog.displayName(of: summary.ozPipeline))",
            "reductions are percent smaller than -Oz (text + data); each program's best list follows its line",
            String(
                format:
                    "programs %d, geomean reduction vs -Oz %.2f%%, improved %.1f%%, mean best-list length %.2f, compilations %d, crashes %d, time-outs %d",
                summary.programs.count, summary.geomeanReductionVsOz, 100 * summary.improvedShare,
                summary.meanListLength,
                summary.compilations, summary.crashes, summary.timeouts),
        ]
        lines.append(
            summary.validationRequired
                ? "validated lists only (PassListEval on HumanEval-X); \(summary.listsRejectedByValidation) better lists failed validation"
                : "includes lists NOT validated (marked *); \(summary.listsRejectedByValidation) lists that failed validation are left out"
        )
        for program in summary.programs {
            lines.append(
                String(
                    format: "  %@: -Oz %d -> %d (%@) with %d passes%@", program.name, program.ozBinarySize,
                    program.bestBinarySize, reductionText(program), program.bestLength, program.validated ? "" : " *"))
            lines.append("      best list: " + PassCatalog.displayName(of: program.bestPipeline))
        }
        let excluded = summary.programs.filter(\.excludedFromGeomean).count
        if excluded > 0 {
            lines.append(
                "\(excluded) program(s) of 0 bytes have no ratio to -Oz: listed, not counted in the geomean or the improved share"
            )
        }
        if summary.programsWithUnvalidatedBetterLists > 0 {
            lines.append(
                "\(summary.programsWithUnvalidatedBetterLists) programs have smaller lists not validated yet: run autotune again without --no-validate (or see them with --unvalidated)"
            )
        }
        let top = summary.passFrequencies.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10)
        if !top.isEmpty {
            lines.append(
                "most frequent passes in best lists: " + top.map { "\($0.key) x\($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// "4.20%", or why there is no ratio (a size of 0 bytes).
    static func reductionText(_ program: AutotuneSummary.ProgramResult) -> String {
        program.excludedFromGeomean ? "0 bytes: not in the geomean" : String(format: "%.2f%%", program.reductionVsOz)
    }
}
