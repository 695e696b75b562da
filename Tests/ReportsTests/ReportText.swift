import Foundation

/// Text a reader sees in a page's charts: the text of every <svg> with the
/// hover-only <title> elements removed, one piece per line.
enum ReportText {
    static func visibleSVGText(_ html: String) -> [String] {
        var pieces: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg"),
            let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex)
        {
            var svg = String(rest[start.lowerBound..<end.upperBound])
            svg = svg.replacingOccurrences(of: "<title>[^<]*</title>", with: "", options: .regularExpression)
            pieces += svg.replacingOccurrences(of: "<[^>]*>", with: "\n", options: .regularExpression).split(
                separator: "\n"
            )
            .map { unescape(String($0)).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            rest = rest[end.upperBound...]
        }
        return pieces
    }

    /// All text of the page outside tags (tables, paragraphs, charts).
    static func text(_ html: String) -> String {
        unescape(html.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression))
            .replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}

extension ReportText {
    /// The tick labels of each axis of each chart, as numbers (unit dropped),
    /// in drawing order: one group per chart and text anchor.
    static func tickGroups(_ html: String) -> [[Double]] {
        var groups: [[Double]] = []
        for svg in html.components(separatedBy: "<svg").dropFirst() {
            var byAnchor: [String: [Double]] = [:]
            let pattern = try! NSRegularExpression(pattern: "<text ([^>]*class=\"tick\"[^>]*)>([^<]*)</text>")
            for match in pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)) {
                guard let attributes = Range(match.range(at: 1), in: svg),
                    let label = Range(match.range(at: 2), in: svg)
                else { continue }
                let anchor = svg[attributes].contains("text-anchor=\"end\"") ? "end" : "middle"
                if let value = Double(svg[label].replacingOccurrences(of: "%", with: "")) {
                    byAnchor[anchor, default: []].append(value)
                }
            }
            groups += byAnchor.keys.sorted().compactMap { byAnchor[$0] }
        }
        return groups
    }

    /// 1, 2 or 5 times a power of ten.
    static func isRound(_ value: Double) -> Bool {
        guard value > 0 else { return false }
        let power = pow(10, log10(value).rounded(.down))
        return [1.0, 2, 5, 10].contains { abs(value / power - $0) < 1e-6 }
    }

    /// An axis has round ticks: evenly spaced by a round step (linear), or
    /// each tick itself 1, 2 or 5 times a power of ten (logarithmic).
    static func hasRoundTicks(_ ticks: [Double]) -> Bool {
        guard ticks.count >= 2 else { return false }
        let steps = zip(ticks, ticks.dropFirst()).map { abs($1 - $0) }
        let even = steps.allSatisfy { abs($0 - steps[0]) < steps[0] * 1e-3 }
        return even ? isRound(steps[0]) : ticks.allSatisfy(isRound)
    }
}
