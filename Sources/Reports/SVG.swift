import Foundation

/// The few SVG elements the charts draw, written once: coordinates with one
/// decimal, text escaped, an optional hover <title>.
enum SVG {
    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, colour: String) -> String {
        "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" "
            + "stroke=\"\(colour)\"/>"
    }

    static func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String,
        hover: String? = nil
    ) -> String {
        "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(width))\" height=\"\(number(height))\" "
            + "fill=\"\(fill)\">" + title(hover) + "</rect>"
    }

    static func circle(x: Double, y: Double, radius: Double, fill: String, hover: String? = nil) -> String {
        "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(radius))\" fill=\"\(fill)\">"
            + title(hover) + "</circle>"
    }

    /// Text anchored "start", "middle" or "end"; `className` "axis-title" sets it bold.
    static func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", className: String? = nil,
        rotated: Bool = false, hover: String? = nil
    ) -> String {
        var attributes = "x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\""
        if let className { attributes += " class=\"\(className)\"" }
        if rotated { attributes += " transform=\"rotate(-90 \(number(x)) \(number(y)))\"" }
        return "<text \(attributes)>" + title(hover) + ReportPage.escape(content) + "</text>"
    }

    static func title(_ hover: String?) -> String {
        hover.map { "<title>\(ReportPage.escape($0))</title>" } ?? ""
    }

    /// An SVG in a figure, scaled down to the page width, with an optional caption.
    static func figure(_ content: String, width: Double, height: Double, label: String, caption: String?) -> String {
        let size = "viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\""
        return "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" \(size) role=\"img\" "
            + "aria-label=\"\(ReportPage.escape(label))\">\n" + content + "</svg>"
            + (caption.map { "<figcaption>\(ReportPage.escape($0))</figcaption>" } ?? "") + "</figure>\n"
    }
}
