/// A report table: a header row and rows of cells; numbers align right,
/// code is set in monospace, so every report's tables read alike.
public struct HTMLTable: Sendable {
    public struct Cell: Sendable, ExpressibleByStringLiteral {
        enum Kind: Sendable { case text, number, code }
        var content: String
        var kind: Kind

        public init(stringLiteral value: String) {
            self.init(value)
        }

        public init(_ text: String) {
            content = text
            kind = .text
        }

        init(content: String, kind: Kind) {
            self.content = content
            self.kind = kind
        }

        public static func number(_ text: String) -> Cell { Cell(content: text, kind: .number) }
        public static func number(_ value: Int) -> Cell { Cell(content: String(value), kind: .number) }
        public static func code(_ text: String) -> Cell { Cell(content: text, kind: .code) }

        var html: String {
            switch kind {
            case .text: return "<td>\(ReportPage.escape(content))</td>"
            case .number: return "<td class=\"number\">\(ReportPage.escape(content))</td>"
            case .code: return "<td class=\"long\"><code>\(ReportPage.escape(content))</code></td>"
            }
        }
    }

    public var header: [String]
    public var rows: [[Cell]]

    public init(header: [String], rows: [[Cell]]) {
        self.header = header
        self.rows = rows
    }

    public var html: String {
        var html = "<table>\n<tr>" + header.map { "<th>\(ReportPage.escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows {
            html += "<tr>" + row.map(\.html).joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }
}
