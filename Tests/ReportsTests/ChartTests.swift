import Foundation
import Reports
import Testing

/// The shared charts name their bars and axes in visible text.
struct ChartTests {
    @Test func barsCarryTheirNamesAxisTitlesAndRoundTicks() {
        let chart = BarChart(
            bars: [
                .init(label: "09_bits.c", value: 3.7), .init(label: "26_collatz.c", value: 12.1),
                .init(label: "worse.c", value: -2.5),
            ],
            categoryTitle: "program", valueTitle: "reduction in text+data vs -Oz (%)")
        let visible = ReportText.visibleSVGText(chart.html)
        for text in [
            "09_bits.c", "26_collatz.c", "worse.c", "program", "reduction in text+data vs -Oz (%)", "-4%", "0%", "2%",
            "10%", "14%",
            "12.10%", "-2.50%",
        ] {
            #expect(visible.contains(text), "\(text) not visible")
        }
        // The negative bar is drawn in the negative colour, left of zero.
        #expect(chart.html.contains(ReportPage.Colour.negative))
    }

    @Test func twoSeriesGetALegend() {
        let chart = BarChart(
            bars: [.init(label: "a.c", values: [-1, 0]), .init(label: "b.c", values: [4, 4])],
            series: ["as is", "with -Oz backup"], categoryTitle: "module", valueTitle: "reduction (%)")
        let visible = ReportText.visibleSVGText(chart.html)
        #expect(
            visible.contains("as is") && visible.contains("with -Oz backup") && visible.contains("a.c")
                && visible.contains("b.c"))
        #expect(chart.html.components(separatedBy: "<rect").count - 1 == 4 + 2, "four bars and two legend keys")
    }

    @Test func lineChartTitlesBothAxes() {
        let chart = LineChart(
            points: [.init(x: 1, y: 0), .init(x: 10, y: 3.2), .init(x: 100, y: 7.9)],
            xTitle: "evaluations per program (log scale)", yTitle: "geomean reduction vs -Oz (%)", logarithmicX: true)
        let visible = ReportText.visibleSVGText(chart.html)
        for text in [
            "evaluations per program (log scale)", "geomean reduction vs -Oz (%)", "1", "10", "100", "0%", "2%", "8%",
        ] {
            #expect(visible.contains(text), "\(text) not visible")
        }
    }

    @Test func textIsEscaped() {
        var page = ReportPage(title: "a <b> & \"c\"")
        page.append(HTMLTable(header: ["x<y"], rows: [["<script>"]]))
        #expect(
            !page.html.contains("<script>") && page.html.contains("&lt;script&gt;")
                && page.html.contains("a &lt;b&gt; &amp;"))
    }
}
