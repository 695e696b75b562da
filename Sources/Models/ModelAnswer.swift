import Pipelines

/// Reading a served model's answer. Answers are untrusted text: they are
/// parsed tolerantly (the released models' literal sentences were not
/// published), a pass list must map onto catalog passes before anything
/// runs it, and nothing from an answer ever reaches a shell.
public enum ModelAnswer {
    /// Why an answer gave no usable pass list; each is counted by the
    /// evaluations and makes `tune` fall back to -Oz.
    public enum Rejection: Error, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The server could not be reached or kept failing (after retries).
        case serverError(String)
        /// The prompt exceeds the model's prompt budget (tokens).
        case promptTooLong(tokens: Int, limit: Int)
        /// No `-p '...'` (or `-passes=...`) in the answer.
        case noPipeline
        /// The quoted text is not `opt -p` syntax.
        case malformedPipeline(String)
        /// A pass that is not in PassLab's searchable catalog.
        case unknownPass(String)
        /// More passes than any sensible list (the model looped).
        case tooManyPasses(Int)
        /// No `<code>` block where one was required.
        case noCode
        /// The server sent more than `ServedModel.responseLimit` bytes; reading stopped there.
        case responseTooLarge(limit: Int)

        /// The reason as one line for reports; quoted answer text is cut
        /// short and escaped, so a model's output cannot drive the terminal.
        public var description: String {
            switch self {
            case .serverError(let message): "server error: \(message)"
            case .promptTooLong(let tokens, let limit): "prompt too long: \(tokens) tokens, the limit is \(limit)"
            case .noPipeline: "no pass list in the answer"
            case .malformedPipeline(let text):
                "not an opt -p pipeline: '\(String(text.prefix(200)).escapedForTerminal(keepingLines: false))'"
            case .unknownPass(let name):
                "not a catalog pass: '\(String(name.prefix(100)).escapedForTerminal(keepingLines: false))'"
            case .tooManyPasses(let count): "\(count) passes; at most \(ModelAnswer.maximumPasses) are accepted"
            case .responseTooLarge(let limit):
                "the response is over \(limit) bytes (ServedModel.responseLimit); the model looped"
            case .noCode: "no <code> block in the answer"
            }
        }

        /// A short name for counting (JSON keys, report rows).
        public var kind: String {
            switch self {
            case .serverError: "serverError"
            case .promptTooLong: "promptTooLong"
            case .noPipeline: "noPipeline"
            case .malformedPipeline: "malformedPipeline"
            case .unknownPass: "unknownPass"
            case .tooManyPasses: "tooManyPasses"
            case .noCode: "noCode"
            case .responseTooLarge: "responseTooLarge"
            }
        }
    }

    /// Longer answers are treated as a model that looped.
    public static let maximumPasses = 200

    /// The first pipeline given after `-p`, `-passes=` or `--passes=`:
    /// quoted with ', " or `, or else up to the next whitespace.
    public static func pipelineText(in answer: String) -> String? {
        let scalars = Array(answer.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard let afterFlag = flagEnd(scalars, at: index) else { index += 1; continue }
            var cursor = afterFlag
            while cursor < scalars.count, scalars[cursor] == " " || scalars[cursor] == "=" { cursor += 1 }
            guard cursor < scalars.count else { return nil }
            let quote = scalars[cursor]
            if quote == "'" || quote == "\"" || quote == "`" {
                guard let close = scalars[(cursor + 1)...].firstIndex(of: quote) else { index = cursor + 1; continue }
                return String(String.UnicodeScalarView(scalars[(cursor + 1)..<close]))
            }
            var end = cursor
            while end < scalars.count, !scalars[end].properties.isWhitespace { end += 1 }
            let text = String(String.UnicodeScalarView(scalars[cursor..<end]))
            // A bare word ending a sentence ("... with -p instcombine.")
            return text.hasSuffix(".") || text.hasSuffix(",") ? String(text.dropLast()) : text
        }
        return nil
    }

    /// Where a `-p`/`-passes`/`--passes` flag ends, if one starts at `index`
    /// (a flag starts a word: not inside `foo-p`).
    private static func flagEnd(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        guard scalars[index] == "-", index == 0 || !isWordScalar(scalars[index - 1]) else { return nil }
        for flag in ["--passes", "-passes", "-p"] {
            let flagScalars = Array(flag.unicodeScalars)
            guard index + flagScalars.count <= scalars.count,
                Array(scalars[index..<(index + flagScalars.count)]) == flagScalars
            else { continue }
            let end = index + flagScalars.count
            if end < scalars.count, isWordScalar(scalars[end]) { continue }
            return end
        }
        return nil
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "-" || scalar == "_"
    }

    /// The text inside the first `<code>...</code>` block (to the end of the
    /// answer when the closing tag is missing, as in a truncated answer).
    public static func firstCodeBlock(in answer: String) -> String? {
        guard let open = answer.range(of: "<code>") else { return nil }
        let rest = answer[open.upperBound...]
        if let close = rest.range(of: "</code>") { return String(rest[..<close.lowerBound]) }
        return String(rest)
    }

    /// Every integer written right before "bytes", in order.
    public static func byteCounts(in answer: String) -> [Int] {
        integers(in: answer, before: "bytes")
    }

    /// The integer after "instruction count", if any.
    public static func instructionCount(in answer: String) -> Int? {
        guard let range = answer.range(of: "instruction count") else { return nil }
        let digits = answer[range.upperBound...].drop { $0 == " " || $0 == ":" || $0 == "=" || $0 == "o" || $0 == "f" }
            .prefix { $0.isASCII && $0.isNumber }
        return Int(digits)
    }

    private static func integers(in text: String, before word: String) -> [Int] {
        var found: [Int] = []
        var searchStart = text.startIndex
        while let range = text.range(of: word, range: searchStart..<text.endIndex) {
            let before = text[text.startIndex..<range.lowerBound].reversed().drop { $0 == " " }
            let digits = String(before.prefix { ($0.isASCII && $0.isNumber) || $0 == "," }.reversed())
                .replacingOccurrences(of: ",", with: "")
            if let value = Int(digits) { found.append(value) }
            searchStart = range.upperBound
        }
        return found
    }

    /// The catalog entries (their `opt -p` text, adaptor included) of a
    /// model's pass list. Adaptors in the answer are only structure: each
    /// pass is looked up by name (`instcombine`, `default<Oz>`, `licm`) and
    /// takes its catalog adaptor, so any concatenation stays valid.
    public static func catalogPasses(of pipelineText: String) -> Result<[String], Rejection> {
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(parsing: pipelineText)
        } catch {
            return .failure(.malformedPipeline(pipelineText))
        }
        var passes: [String] = []
        func visit(_ element: Pipeline.Element) -> Rejection? {
            if let children = element.children, adaptors.contains(element.name), element.parameters.isEmpty {
                for child in children { if let rejection = visit(child) { return rejection } }
                return nil
            }
            guard let entry = catalogByPassText[element.text] ?? catalogByPassText[element.name],
                element.children == nil
            else {
                return .unknownPass(element.text)
            }
            passes.append(entry)
            return nil
        }
        for element in pipeline.elements {
            if let rejection = visit(element) { return .failure(rejection) }
        }
        // Counted whole, so the message gives the answer's real length.
        if passes.count > maximumPasses { return .failure(.tooManyPasses(passes.count)) }
        guard !passes.isEmpty else { return .failure(.noPipeline) }
        return .success(passes)
    }

    /// The pass list in `answer`, as catalog entries.
    public static func passList(in answer: String) -> Result<[String], Rejection> {
        guard let text = pipelineText(in: answer) else { return .failure(.noPipeline) }
        return catalogPasses(of: text)
    }

    static let adaptors: Set<String> = ["module", "cgscc", "function", "loop", "loop-mssa"]

    /// Catalog pipelines by the text of their innermost pass (and by the
    /// entry's name: `instcombine` for `instcombine<no-verify-fixpoint>`).
    static let catalogByPassText: [String: String] = {
        var table: [String: String] = [:]
        for entry in PassCatalog.entries {
            if table[entry.name] == nil { table[entry.name] = entry.pipeline }
            if let pipeline = try? Pipeline(parsing: entry.pipeline), let leaf = pipeline.elements.first.map(innermost),
                table[leaf.text] == nil
            {
                table[leaf.text] = entry.pipeline
            }
        }
        return table
    }()

    private static func innermost(_ element: Pipeline.Element) -> Pipeline.Element {
        if let child = element.children?.first, element.children?.count == 1 { return innermost(child) }
        return element
    }
}

extension ModelAnswer.Rejection {
    /// The rejection a failed request stands for: a response over the
    /// limit is counted apart from a server that could not answer.
    public init(_ error: ModelError) {
        switch error {
        case .responseTooLarge(_, let limit): self = .responseTooLarge(limit: limit)
        case .configuration, .server: self = .serverError(error.description)
        }
    }
}
