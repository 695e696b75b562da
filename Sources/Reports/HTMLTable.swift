/// A report table: a header row and rows of cells; numbers align right,
/// code is set in monospace, so every report's tables read alike.
public struct HTMLTable: Sendable {
    /// One `<td>`: plain text (a string literal), a right-aligned number or monospace code; escaped
    /// when rendered.
    public struct Cell: Sendable, ExpressibleByStringLiteral {
        enum Kind: Sendable { case text, number, code }
        var content: String
        var kind: Kind

        /// A plain-text cell from a string literal, so rows can be written `["name", .number(3)]`.
        public init(stringLiteral value: String) {
            self.init(value)
        }

        /// A plain-text cell, left-aligned.
        public init(_ text: String) {
            content = text
            kind = .text
        }

        init(content: String, kind: Kind) {
            self.content = content
            self.kind = kind
        }

        /// A right-aligned cell with tabular digits, for an already formatted number ("-3.25%").
        public static func number(_ text: String) -> Cell { Cell(content: text, kind: .number) }
        /// A right-aligned cell holding `value` in decimal.
        public static func number(_ value: Int) -> Cell { Cell(content: String(value), kind: .number) }
        /// A monospace cell that wraps anywhere, for pass lists and paths (at most 420 px wide).
        public static func code(_ text: String) -> Cell { Cell(content: text, kind: .code) }

        var html: String {
            switch kind {
            case .text: return "<td>\(ReportPage.escape(content))</td>"
            case .number: return "<td class=\"number\">\(ReportPage.escape(content))</td>"
            case .code: return "<td class=\"long\"><code>\(ReportPage.escape(content))</code></td>"
            }
        }
    }

    /// Column titles, as plain text (escaped when rendered).
    public var header: [String]
    /// The body rows, each a list of cells, normally one per header column (not checked).
    public var rows: [[Cell]]

    /// A table with `header` columns and `rows`.
    public init(header: [String], rows: [[Cell]]) {
        self.header = header
        self.rows = rows
    }

    /// The `<table>` element, ready for `ReportPage.append(_:)` or `append(html:)`.
    public var html: String {
        var html = "<table>\n<tr>" + header.map { "<th>\(ReportPage.escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows {
            html += "<tr>" + row.map(\.html).joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }
}
