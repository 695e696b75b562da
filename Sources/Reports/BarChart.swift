import Foundation

/// Horizontal bars, one row per item, its name written beside it: a reader
/// sees which program or module each bar is without hovering. The value
/// axis has round ticks (`NiceScale`) and a title; with several series
/// (say "as is" and "with -Oz backup") each row holds one bar per series
/// and a legend names them. Negative values extend left of the zero line.
public struct BarChart: Sendable {
    /// One row of the chart: a name and one value per series.
    public struct Bar: Sendable {
        /// The row's name, written left of its bars (past 56 characters, an ellipsis and its end) and in
        /// full on hover.
        public var label: String
        /// One value per series; nil draws no bar (unknown).
        public var values: [Double?]
        /// Shown on hover with the label, e.g. the sizes behind a percentage.
        public var detail: String?

        /// A row with one value per series, in `series` order.
        public init(label: String, values: [Double?], detail: String? = nil) {
            self.label = label
            self.values = values
            self.detail = detail
        }

        /// A row of a single-series chart (nil: "n/a", no bar).
        public init(label: String, value: Double?, detail: String? = nil) {
            self.init(label: label, values: [value], detail: detail)
        }
    }

    /// The rows, top to bottom, in the order given.
    public var bars: [Bar]
    /// Series names for the legend, one per value of each bar; a single series (the default `[""]`)
    /// draws no legend and colours negative bars red.
    public var series: [String]
    /// What the rows are ("program", "module", "pass"): written above the names.
    public var categoryTitle: String
    /// The value axis title, with its unit, e.g. "reduction in text+data vs -Oz (%)".
    public var valueTitle: String
    /// Appended to value labels ("%" or "").
    public var unit: String
    /// Counts: integer ticks and labels.
    public var integral: Bool
    /// Text under the chart (escaped), nil for none.
    public var caption: String?

    /// A chart of `bars`; values are percentages (`unit` "%") unless told otherwise.
    public init(
        bars: [Bar], series: [String] = [""], categoryTitle: String, valueTitle: String, unit: String = "%",
        integral: Bool = false, caption: String? = nil
    ) {
        self.bars = bars
        self.series = series
        self.categoryTitle = categoryTitle
        self.valueTitle = valueTitle
        self.unit = unit
        self.integral = integral
        self.caption = caption
    }

    static let width = 1000.0
    static let characterWidth = 6.8
    static let longestLabel = 56

    /// Labels longer than `longestLabel` keep their end (the file name).
    static func shortened(_ label: String) -> String {
        label.count <= longestLabel ? label : "…" + label.suffix(longestLabel - 1)
    }

    func formatted(_ value: Double) -> String {
        integral ? String(Int(value.rounded())) + unit : String(format: "%.2f", value) + unit
    }

    /// The chart as an inline SVG in a `<figure class="chart">`, ready for `ReportPage.append(html:)`;
    /// a "No data to chart." paragraph when there are no bars.
    public var html: String {
        guard !bars.isEmpty else { return "<p>No data to chart.</p>\n" }
        let seriesCount = max(1, series.count)
        let labels = bars.map { Self.shortened($0.label) }
        let labelWidth = min(400, max(60, Double(labels.map(\.count).max() ?? 0) * Self.characterWidth))
        let plotLeft = labelWidth + 16, plotRight = Self.width - 80
        let plotTop = (seriesCount > 1 ? 22.0 : 0) + 24
        // A bar is as tall as its value's text, so labels of a row's bars never overlap.
        let barHeight = seriesCount == 1 ? 14.0 : 15.0
        let barsHeight = barHeight * Double(seriesCount)
        let rowHeight = barsHeight + (seriesCount == 1 ? 7 : 10)
        let plotBottom = plotTop + rowHeight * Double(bars.count)
        // About one tick per 90 px: rounding to 1/2/5 steps gives at most 1.5 times that many, so labels never touch.
        let tickCount = max(3, min(8, Int((plotRight - plotLeft) / 90)))
        let values = bars.flatMap { $0.values.compactMap { $0 } }
        let scale = NiceScale(covering: values, ticks: tickCount, integral: integral)
        func x(_ value: Double) -> Double { plotLeft + (plotRight - plotLeft) * scale.position(value) }

        var svg = ""
        if seriesCount > 1 {
            var legendX = plotLeft
            for (index, name) in series.enumerated() {
                let colour = Self.colour(series: index, of: seriesCount, value: 0)
                svg += SVG.rect(x: legendX, y: 4, width: 12, height: 12, fill: colour)
                svg += SVG.text(name, x: legendX + 16, y: 14) + "\n"
                legendX += 16 + Double(name.count) * Self.characterWidth + 24
            }
        }
        for tick in scale.ticks {
            svg += SVG.line(x(tick), plotTop - 4, x(tick), plotBottom, colour: "#e2e2e2")
            svg +=
                SVG.text(
                    scale.label(tick) + unit, x: x(tick), y: plotBottom + 16, anchor: "middle",
                    className: "tick") + "\n"
        }
        svg += SVG.text(categoryTitle, x: labelWidth + 8, y: plotTop - 8, anchor: "end", className: "axis-title") + "\n"
        for (row, bar) in bars.enumerated() {
            let top = plotTop + Double(row) * rowHeight + (rowHeight - barsHeight) / 2
            let hover = bar.label + (bar.detail.map { ": " + $0 } ?? "")
            svg += SVG.text(labels[row], x: labelWidth + 8, y: top + barsHeight / 2 + 4, anchor: "end", hover: hover)
            for (index, value) in bar.values.enumerated() {
                let y = top + Double(index) * barHeight
                guard let value else {
                    svg += SVG.text("n/a", x: x(0) + 4, y: y + barHeight / 2 + 3.5)
                    continue
                }
                let colour = Self.colour(series: index, of: seriesCount, value: value)
                svg += SVG.rect(
                    x: min(x(0), x(value)), y: y, width: max(abs(x(value) - x(0)), 0.5),
                    height: barHeight - 1, fill: colour, hover: hover)
                svg += SVG.text(formatted(value), x: max(x(0), x(value)) + 4, y: y + barHeight / 2 + 3.5)
            }
            svg += "\n"
        }
        svg += SVG.line(x(0), plotTop - 4, x(0), plotBottom, colour: "#444")
        svg += SVG.line(plotLeft, plotBottom, plotRight, plotBottom, colour: "#444") + "\n"
        svg += SVG.text(
            valueTitle, x: (plotLeft + plotRight) / 2, y: plotBottom + 40, anchor: "middle",
            className: "axis-title")
        return SVG.figure(
            svg + "\n", width: Self.width, height: plotBottom + 52,
            label: valueTitle + " by " + categoryTitle, caption: caption)
    }

    /// The one series' colour, red when a single series goes below zero;
    /// two series are secondary then primary; more take the next colours
    /// of `palette` (a method comparison: one colour per method).
    static func colour(series index: Int, of count: Int, value: Double) -> String {
        if count == 1 { return value < 0 ? ReportPage.Colour.negative : ReportPage.Colour.primary }
        return palette[index % palette.count]
    }

    static let palette = [
        ReportPage.Colour.secondary, ReportPage.Colour.primary, ReportPage.Colour.line,
        "#8e5bb5", "#7a7a7a",
    ]
}
