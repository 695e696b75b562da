import Support
/// An `opt -p` pipeline as a value: a list of passes, each a name with
/// optional `<parameters>` and an optional nested pipeline in parentheses
/// (an adaptor such as `function(...)`).
///
/// Parsing and printing round-trip: `Pipeline(parsing: text).description`
/// is the canonical text (no spaces).
///
/// PassLab's APIs pass pipelines as this value; text appears only at the
/// edges: command lines, JSON (a pipeline encodes as its canonical text, so
/// JSON files hold the same strings as before), store columns and the
/// worker's wire protocol. A string literal in code is a pipeline too
/// (`let gvn: Pipeline = "function(gvn)"`); text from anywhere else goes
/// through `init(parsing:)` or `PassCatalog.parse(_:)`, which throw.
public struct Pipeline: Sendable, Hashable, TextCodable, ExpressibleByStringLiteral {
    /// One pass or adaptor of a pipeline: `name<params>(children)`.
    public struct Element: Sendable, Hashable, Codable {
        /// The pass or adaptor name without parameters ("simplifycfg", "function", "default").
        public var name: String
        /// Each `<...>` group after the name, without the brackets.
        public var parameters: [String]
        /// Nested pipeline for adaptors (`function(...)`), nil for a leaf pass.
        public var children: [Element]?

        /// An element as given (not checked against the catalog; see `PassCatalog.validate`).
        public init(name: String, parameters: [String] = [], children: [Element]? = nil) {
            self.name = name
            self.parameters = parameters
            self.children = children
        }

        /// The element's canonical `opt -p` text: name, each `<group>`, then `(children)` joined by commas.
        public var text: String {
            var result = name + parameters.map { "<\($0)>" }.joined()
            if let children { result += "(" + children.map(\.text).joined(separator: ",") + ")" }
            return result
        }

        /// Every element in this subtree, depth first.
        public var flattened: [Element] {
            [self] + (children ?? []).flatMap(\.flattened)
        }
    }

    /// The top-level passes and adaptors, in the order they run.
    public var elements: [Element]

    /// A pipeline of these top-level elements.
    public init(elements: [Element]) {
        self.elements = elements
    }

    /// The empty pipeline: no passes at all.
    public static let empty = Pipeline(elements: [])

    /// Parses `opt -p` syntax, ignoring whitespace anywhere; throws `PipelineError.syntax` on malformed text
    /// (unbalanced brackets, a missing name, a stray character). Names are not checked here (see `PassCatalog.parse`), and aliases such
    /// as `clang-Oz` are not expanded.
    public init(parsing text: String) throws(PipelineError) {
        // ASCII first: Unicode's whitespace property is a table lookup per
        // character, and pipelines are ASCII but for a user's stray character.
        let kept = text.unicodeScalars.filter { scalar in
            scalar.isASCII ? !(scalar == " " || ("\t"..."\r").contains(scalar)) : !scalar.properties.isWhitespace
        }
        var parser = Parser(text: Array(kept), original: text)
        elements = try parser.parseList(closing: nil)
    }

    /// A pipeline written in code; an alias such as `clang-Oz` stands for its pipeline, as on command lines.
    /// Malformed literal text is a programming error and traps; text from users and files goes through
    /// `init(parsing:)` or `PassCatalog.parse(_:)`.
    public init(stringLiteral text: String) {
        do {
            try self.init(parsing: PassCatalog.aliases[text] ?? text)
        } catch {
            preconditionFailure("malformed pipeline literal: \(error)")
        }
    }

    /// The canonical `opt -p` text: top-level elements joined by commas, no spaces ("" when empty).
    public var description: String { elements.map(\.text).joined(separator: ",") }

    /// The canonical `opt -p` text (`description`): what the engine's workers, `opt-19 -p` and store
    /// columns take.
    public var text: String { description }

    /// The top-level elements' texts: a catalog list's passes, each with its adaptor
    /// (`function(gvn)`), in order.
    public var passes: [String] { elements.map(\.text) }

    /// A pipeline of catalog passes given as text (each a catalog entry with its adaptor); throws
    /// on malformed text.
    public init(passes: [String]) throws(PipelineError) {
        try self.init(parsing: passes.joined(separator: ","))
    }

    /// True for the pipeline with no passes, which leaves a module as the frontend made it.
    public var isEmpty: Bool { elements.isEmpty }

    /// Concatenation; valid for catalog entries because each carries its adaptor.
    public static func + (lhs: Pipeline, rhs: Pipeline) -> Pipeline {
        Pipeline(elements: lhs.elements + rhs.elements)
    }

    /// Names of the passes and adaptors used anywhere in the pipeline.
    public var allNames: [String] { elements.flatMap(\.flattened).map(\.name) }
}

/// Errors in pipeline text. A user mistake: the CLI exits 64.
public enum PipelineError: UserFacingError, CustomStringConvertible, Equatable {
    /// The text is not `opt -p` syntax (or not an edit or action text form); `position` is the 0-based
    /// index in `pipeline` (in Unicode scalars, whitespace included) where parsing stopped (0 for edits and actions).
    case syntax(pipeline: String, position: Int, message: String)
    /// `pass` is no name the pass builder accepts; `suggestions` are the nearest known names (up to three).
    case unknownPass(pipeline: String, pass: String, suggestions: [String])

    /// A user mistake (64): the pipeline given does not parse or names an unknown pass.
    public var exitCode: Int32 { 64 }

    /// The message a user sees, with the pipeline and names quoted and control characters made visible.
    public var description: String {
        switch self {
        case let .syntax(pipeline, position, message):
            return
                "invalid pipeline '\(pipeline.escapedForTerminal(keepingLines: false))' at character \(position + 1): "
                + message.escapedForTerminal(keepingLines: false)
        case let .unknownPass(pipeline, pass, suggestions):
            var text =
                "unknown pass '\(pass.escapedForTerminal(keepingLines: false))' in pipeline "
                + "'\(pipeline.escapedForTerminal(keepingLines: false))'"
            if !suggestions.isEmpty {
                text += "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?"
            }
            return text + "\n`passlab passes` lists the searchable catalog for LLVM \(PassCatalog.llvmVersion)."
        }
    }
}

private struct Parser {
    let text: [Unicode.Scalar]
    let original: String
    var position = 0

    init(text: [Unicode.Scalar], original: String) {
        self.text = text
        self.original = original
    }

    /// A syntax error at the current position, counted in `original` (whitespace included), so that
    /// "at character N" points into the text the message quotes.
    func error(_ message: String) -> PipelineError {
        var seen = 0
        var index = 0
        for scalar in original.unicodeScalars {
            if !scalar.properties.isWhitespace {
                if seen == position { break }
                seen += 1
            }
            index += 1
        }
        return .syntax(pipeline: original, position: index, message: message)
    }

    mutating func parseList(closing: Unicode.Scalar?) throws(PipelineError) -> [Pipeline.Element] {
        var elements: [Pipeline.Element] = []
        if position == text.count || text[position] == closing {
            if closing != nil && position == text.count { throw error("missing ')'") }
            return elements
        }
        while true {
            elements.append(try parseElement())
            guard position < text.count else {
                if closing != nil { throw error("missing ')'") }
                return elements
            }
            if text[position] == "," {
                position += 1
                if position == text.count || text[position] == ")" { throw error("expected a pass name after ','") }
                continue
            }
            if let closing, text[position] == closing { return elements }
            throw error("unexpected '\(text[position])'")
        }
    }

    mutating func parseElement() throws(PipelineError) -> Pipeline.Element {
        let start = position
        while position < text.count, !"(),<>".unicodeScalars.contains(text[position]) { position += 1 }
        guard position > start else { throw error("expected a pass name") }
        var element = Pipeline.Element(name: String(String.UnicodeScalarView(text[start..<position])))
        while position < text.count, text[position] == "<" {
            element.parameters.append(try parseAngle())
        }
        if position < text.count, text[position] == "(" {
            position += 1
            element.children = try parseList(closing: ")")
            position += 1
        }
        return element
    }

    /// Balanced `<...>`, returning the inside.
    mutating func parseAngle() throws(PipelineError) -> String {
        var depth = 0
        let start = position + 1
        while position < text.count {
            if text[position] == "<" { depth += 1 }
            if text[position] == ">" {
                depth -= 1
                if depth == 0 {
                    let inside = String(String.UnicodeScalarView(text[start..<position]))
                    position += 1
                    return inside
                }
            }
            position += 1
        }
        throw error("missing '>'")
    }
}
