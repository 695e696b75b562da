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
