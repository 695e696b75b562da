import Foundation

/// A line through points, with dots, titled axes and round ticks; the x
/// axis may be logarithmic (1, 2, 5, 10, 20, ...), as for gain vs budget.
public struct LineChart: Sendable {
    /// One dot of the line, joined to its neighbours in the order of `points`.
    public struct Point: Sendable {
        /// Position on the x axis; positive on a logarithmic axis.
        public var x: Double
        /// Position on the y axis, in the chart's `yUnit`.
        public var y: Double
        /// Hover text of the dot; nil shows "x: y" with the unit.
        public var detail: String?

        /// A point at (`x`, `y`).
        public init(x: Double, y: Double, detail: String? = nil) {
            self.x = x
            self.y = y
            self.detail = detail
        }
    }

    /// The points, drawn as a polyline in the order given (sort them by x first).
    public var points: [Point]
    /// The x axis title, with its unit ("evaluations per program (log scale)").
    public var xTitle: String
    /// The y axis title, with its unit ("geomean reduction vs -Oz (%)").
    public var yTitle: String
    /// Appended to y tick labels.
    public var yUnit: String
    /// A log-scale x axis with 1-2-5 ticks, for budgets and counts that grow geometrically.
    public var logarithmicX: Bool
    /// Text under the chart (escaped), nil for none.
    public var caption: String?

    /// A chart of `points`; y values are percentages (`yUnit` "%") and x linear unless told otherwise.
    public init(
        points: [Point], xTitle: String, yTitle: String, yUnit: String = "%", logarithmicX: Bool = false,
        caption: String? = nil
    ) {
        self.points = points
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.yUnit = yUnit
        self.logarithmicX = logarithmicX
        self.caption = caption
    }

    /// The chart as an inline SVG in a `<figure class="chart">`, ready for `ReportPage.append(html:)`;
    /// a "No data to chart." paragraph when there are no points.
    public var html: String {
        guard !points.isEmpty else { return "<p>No data to chart.</p>\n" }
        let width = 1000.0, height = 340.0
        let plotLeft = 80.0, plotRight = width - 30, plotTop = 15.0, plotBottom = height - 60
        let yScale = NiceScale(covering: points.map(\.y), ticks: 6)
        let xs = points.map(\.x)
        let xTicks: [Double], xPosition: (Double) -> Double
        if logarithmicX {
            let low = max(1e-12, xs.min() ?? 1)
            xTicks = NiceScale.logarithmicTicks(from: low, to: max(xs.max() ?? 1, low * 10))
            let first = log10(xTicks.first ?? 1), last = log10(xTicks.last ?? 10)
            xPosition = { (log10(max($0, 1e-12)) - first) / max(1e-12, last - first) }
        } else {
            let scale = NiceScale(covering: xs, ticks: 8)
            xTicks = scale.ticks
            xPosition = scale.position
        }
        func x(_ value: Double) -> Double { plotLeft + (plotRight - plotLeft) * xPosition(value) }
        func y(_ value: Double) -> Double { plotBottom - (plotBottom - plotTop) * yScale.position(value) }

        var svg = ""
        for tick in yScale.ticks {
            svg += SVG.line(plotLeft, y(tick), plotRight, y(tick), colour: tick == 0 ? "#444" : "#e2e2e2")
            svg +=
                SVG.text(
                    yScale.label(tick) + yUnit, x: plotLeft - 6, y: y(tick) + 4, anchor: "end",
                    className: "tick") + "\n"
        }
        for tick in xTicks {
            svg += SVG.line(x(tick), plotTop, x(tick), plotBottom, colour: "#e2e2e2")
            svg +=
                SVG.text(
                    String(format: "%g", tick), x: x(tick), y: plotBottom + 16, anchor: "middle",
                    className: "tick") + "\n"
        }
        svg += SVG.line(plotLeft, plotTop, plotLeft, plotBottom, colour: "#444") + "\n"
        let polyline = points.map { SVG.number(x($0.x)) + "," + SVG.number(y($0.y)) }.joined(separator: " ")
        svg +=
            "<polyline points=\"\(polyline)\" fill=\"none\" stroke=\"\(ReportPage.Colour.line)\" "
            + "stroke-width=\"2\"/>\n"
        for point in points {
            let hover = point.detail ?? String(format: "%g: %.2f", point.x, point.y) + yUnit
            svg +=
                SVG.circle(
                    x: x(point.x), y: y(point.y), radius: 3.5, fill: ReportPage.Colour.line,
                    hover: hover) + "\n"
        }
        svg += SVG.text(
            xTitle, x: (plotLeft + plotRight) / 2, y: plotBottom + 42, anchor: "middle",
            className: "axis-title")
        svg += SVG.text(
            yTitle, x: 18, y: (plotTop + plotBottom) / 2, anchor: "middle", className: "axis-title",
            rotated: true)
        return SVG.figure(svg + "\n", width: width, height: height, label: yTitle + " by " + xTitle, caption: caption)
    }
}
