import Foundation

/// One self-contained HTML page in PassLab's report style: a title, the
/// sections the report adds (text, tables, charts) and one shared style
/// sheet, so every report (autotune, flag-tuning evaluation, `passlab cc`)
/// reads the same. No scripts and no external files: a report opens
/// anywhere, offline, and can be mailed as one file.
public struct ReportPage: Sendable {
    /// The page's `<title>` and its `<h1>`, as plain text.
    public var title: String
    var body = ""

    /// An empty page titled `title`; sections are added in order by the mutating methods.
    public init(title: String) {
        self.title = title
    }

    /// A section heading.
    public mutating func heading(_ text: String) {
        body += "<h2>\(Self.escape(text))</h2>\n"
    }

    /// A paragraph of already-built HTML (escape any data with `escape`).
    public mutating func paragraph(html: String) {
        body += "<p>\(html)</p>\n"
    }

    /// A paragraph of plain text.
    public mutating func paragraph(_ text: String) {
        paragraph(html: Self.escape(text))
    }

    /// A block of already-built HTML: a table or a chart.
    public mutating func append(html: String) {
        body += html
    }

    /// Adds `table` at the end of the page.
    public mutating func append(_ table: HTMLTable) {
        body += table.html
    }

    /// Adds the bar chart at the end of the page.
    public mutating func append(_ chart: BarChart) {
        body += chart.html
    }

    /// Adds the line chart at the end of the page.
    public mutating func append(_ chart: LineChart) {
        body += chart.html
    }

    /// The whole document.
    public var html: String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        \(Self.styleSheet)
        </style></head><body>
        <h1>\(Self.escape(title))</h1>
        \(body)<footer id="report-end">PassLab</footer>
        </body></html>

        """
    }

    /// Escapes text for HTML content and attribute values.
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Colours shared by the charts, so one series has one colour everywhere.
    public enum Colour {
        /// Blue: a single series' bars at or above zero, and the second series of a bar chart.
        public static let primary = "#3b7dd8"
        /// Orange: the first series of a two-series bar chart.
        public static let secondary = "#e07b39"
        /// Red: a single-series bar below zero (larger than the reference).
        public static let negative = "#d83b3b"
        /// Green: line charts' line and dots, and a third bar series.
        public static let line = "#2a9d5b"
    }

    static let styleSheet = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1100px;
               padding: 0 1em; color: #222; }
        h1 { font-size: 1.6em; margin-bottom: 0.3em; } h2 { font-size: 1.25em; margin-top: 1.8em; }
        table { border-collapse: collapse; margin: 0.8em 0; }
        td, th { border: 1px solid #ccc; padding: 3px 8px; vertical-align: top; }
        th { background: #f3f3f3; text-align: left; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
        code { font-size: 12px; word-break: break-all; }
        td.long { max-width: 420px; }
        figure.chart { margin: 0.8em 0 1.2em; }
        figure.chart svg { max-width: 100%; height: auto; }
        figure.chart text { font: 12px system-ui, sans-serif; fill: #333; }
        figure.chart text.axis-title { font-weight: 600; }
        figure.chart figcaption { color: #555; font-size: 13px; }
        footer { margin-top: 3em; color: #999; font-size: 12px; }
        """
}
