import Foundation
import Store

/// The autotuning report as one self-contained HTML page: summary, charts
/// drawn as inline SVG (per-program gains, pass frequencies, gain vs
/// budget), and the per-program table. No scripts, no external files.
public enum AutotuneHTML {
    public static func page(_ summary: AutotuneSummary, title: String = "PassLab autotuning report") -> String {
        let ozLabel = summary.ozPipeline.count > 40 ? "clang-19 -Oz's own pipeline" : summary.ozPipeline
        var body = "<h1>\(escape(title))</h1>\n"
        body += "<p>Protocol <b>\(escape(summary.protocolKey))</b>; sizes are text+data+bss of the object file; -Oz reference: <code>\(escape(ozLabel))</code>.</p>\n"
        body += table(header: ["programs", "geomean reduction vs -Oz", "improved", "mean best-list length", "compilations", "crashes", "time-outs"],
                      rows: [[String(summary.programs.count), String(format: "%.2f%%", summary.geomeanReductionVsOz),
                              String(format: "%.1f%%", 100 * summary.improvedShare), String(format: "%.2f", summary.meanListLength),
                              String(summary.compilations), String(summary.crashes), String(summary.timeouts)]])
        body += summary.validationRequired
            ? "<p>Every list shown passed validation (PassListEval on HumanEval-X); \(summary.listsRejectedByValidation) better lists failed it.</p>\n"
            : "<p><b>Includes lists not validated</b> (marked *); lists that failed validation are left out.</p>\n"
        body += "<h2>Per-program gain vs -Oz</h2>\n" + programChart(summary.programs)
        body += "<h2>Pass frequencies in the best lists</h2>\n" + frequencyChart(summary.passFrequencies)
        body += "<h2>Gain vs budget</h2>\n<p>Search progress: geomean reduction vs -Oz had every program stopped after its first <i>n</i> evaluations (before validation).</p>\n"
        body += budgetChart(summary.budgetCurve)
        body += "<h2>Programs</h2>\n"
        body += table(header: ["program", "-Oz bytes", "best bytes", "reduction", "passes", "compilations", "best list"],
                      rows: summary.programs.map { program in
                          [program.name + (program.validated ? "" : " *"), String(program.ozBinarySize), String(program.bestBinarySize), AutotuneReport.reductionText(program),
                           String(program.bestLength), String(program.compilations), "<code>" + escape(program.bestPipeline) + "</code>"]
                      }, escapeLast: false)
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
        table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
        td:first-child, td:last-child { text-align: left; } code { font-size: 12px; word-break: break-all; }
        svg text { font: 11px system-ui, sans-serif; fill: #333; }
        </style></head><body>
        \(body)
        </body></html>

        """
    }

    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    public static func table(header: [String], rows: [[String]], escapeLast: Bool = true) -> String {
        var html = "<table>\n<tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows {
            html += "<tr>" + row.enumerated().map { index, cell in
                "<td>\(index == row.count - 1 && !escapeLast ? cell : escape(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }

    /// Vertical bars, one per program, sorted by gain.
    static func programChart(_ programs: [AutotuneSummary.ProgramResult]) -> String {
        guard !programs.isEmpty else { return "<p>No programs.</p>\n" }
        let sorted = programs.sorted { $0.reductionVsOz > $1.reductionVsOz }
        let width = 1000.0, height = 260.0, left = 50.0, bottom = 20.0
        let top = max(1, sorted.map(\.reductionVsOz).max() ?? 1)
        let step = (width - left) / Double(sorted.count)
        var svg = axes(width: width, height: height, left: left, bottom: bottom, maximum: top, unit: "%")
        for (index, program) in sorted.enumerated() {
            let barHeight = (height - bottom - 10) * program.reductionVsOz / top
            let x = left + Double(index) * step
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#3b7dd8\"><title>%@: %d -> %d bytes (%.2f%%)</title></rect>\n",
                          x + step * 0.1, height - bottom - barHeight, max(0.5, step * 0.8), barHeight, escape(program.name) as NSString,
                          program.ozBinarySize, program.bestBinarySize, program.reductionVsOz)
        }
        svg += String(format: "<text x=\"%.0f\" y=\"%.0f\">%d programs, best first</text>\n", left, height - 4, sorted.count)
        return "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"per-program gain\">\n\(svg)</svg>\n"
    }

    /// Horizontal bars for the 30 most frequent passes.
    static func frequencyChart(_ frequencies: [String: Int]) -> String {
        let top = frequencies.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(30)
        guard let maximum = top.first?.value else { return "<p>No best lists.</p>\n" }
        let rowHeight = 16.0, left = 330.0, width = 1000.0
        let height = rowHeight * Double(top.count) + 10
        var svg = ""
        for (index, entry) in top.enumerated() {
            let y = 5 + Double(index) * rowHeight
            let barWidth = (width - left - 40) * Double(entry.value) / Double(maximum)
            svg += String(format: "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%@</text>", left - 6, y + 11, escape(String(entry.key.prefix(60))) as NSString)
            svg += String(format: "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#e07b39\"/>", left, y + 2, barWidth, rowHeight - 4)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\">%d</text>\n", left + barWidth + 4, y + 11, entry.value)
        }
        return "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"pass frequencies\">\n\(svg)</svg>\n"
    }

    /// A line over budgets on a log axis.
    static func budgetChart(_ curve: [AutotuneSummary.BudgetPoint]) -> String {
        guard let last = curve.last, last.compilations > 1 else { return "<p>Not enough evaluations for a curve.</p>\n" }
        let width = 1000.0, height = 280.0, left = 50.0, bottom = 30.0
        let top = max(1, curve.map(\.geomeanReductionVsOz).max() ?? 1)
        let span = log10(Double(last.compilations))
        func x(_ budget: Int) -> Double { left + (width - left - 20) * log10(Double(budget)) / span }
        func y(_ value: Double) -> Double { height - bottom - (height - bottom - 10) * value / top }
        var svg = axes(width: width, height: height, left: left, bottom: bottom, maximum: top, unit: "%")
        let points = curve.map { String(format: "%.1f,%.1f", x($0.compilations), y($0.geomeanReductionVsOz)) }.joined(separator: " ")
        svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"#2a9d5b\" stroke-width=\"2\"/>\n"
        for point in curve {
            svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#2a9d5b\"><title>%d evaluations: %.2f%%</title></circle>", x(point.compilations),
                          y(point.geomeanReductionVsOz), point.compilations, point.geomeanReductionVsOz)
            svg += String(format: "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%d</text>\n", x(point.compilations), height - bottom + 15, point.compilations)
        }
        return "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"gain vs budget\">\n\(svg)</svg>\n"
    }

    /// The y axis with four grid lines.
    static func axes(width: Double, height: Double, left: Double, bottom: Double, maximum: Double, unit: String) -> String {
        var svg = ""
        for tick in 0...4 {
            let value = maximum * Double(tick) / 4
            let y = height - bottom - (height - bottom - 10) * Double(tick) / 4
            svg += String(format: "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, y, width, y)
            svg += String(format: "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%.1f%@</text>\n", left - 4, y + 4, value, unit as NSString)
        }
        return svg
    }
}
