import Foundation

/// A point of PassLab's action space: a list of catalog passes (the
/// paper's space), or the -Oz pipeline with edits (`PipelineEdit`).
///
/// Text form (one line of an actions file, `passlab predictor matrix
/// --actions`): a catalog list as `opt -p` text (`module(globaldce),function(gvn)`;
/// `(no passes)` or nothing for the empty list), or `oz-edits: EDIT; EDIT` (`oz-edits: all no-speculate-blocks; del 15.0.2.19`).
public enum PassAction: Hashable, Sendable, TextCodable {
    /// A catalog list: the text of each top-level element, in order (a catalog entry with its
    /// adaptor, `function(gvn)`); empty for no passes.
    case passes([String])
    /// Edits of the -Oz base pipeline; parsing and `combined(with:)` sort them by their text, so that
    /// equal sets compare equal.
    case edits([PipelineEdit])

    /// The prefix that marks an edit action's text form: `oz-edits: EDIT; EDIT`.
    public static let editPrefix = "oz-edits:"
    /// The text form of the empty catalog list.
    public static let noPasses = "(no passes)"

    /// Parses one line of the text form; catalog text is checked against the catalog's pass names
    /// (`PassCatalog.parse`, aliases such as `clang-Oz` accepted). Throws on bad syntax or unknown names.
    public init(parsing line: String) throws(PipelineError) {
        let text = line.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix(Self.editPrefix) {
            var edits: [PipelineEdit] = []
            for part in text.dropFirst(Self.editPrefix.count).split(separator: ";") {
                let trimmed = part.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { edits.append(try PipelineEdit(parsing: trimmed)) }
            }
            self = .edits(edits.sorted())
        } else if text == Self.noPasses {
            self = .passes([])
        } else {
            let pipeline = try PassCatalog.parse(text)
            self = .passes(pipeline.elements.map(\.text))
        }
    }

    /// The text form, which `init(parsing:)` reads back: passes joined by commas, or `oz-edits: ` and
    /// the edits joined by `; `.
    public var description: String {
        switch self {
        case .passes(let passes): passes.isEmpty ? Self.noPasses : passes.joined(separator: ",")
        case .edits(let edits): Self.editPrefix + " " + edits.map(\.description).joined(separator: "; ")
        }
    }

    /// The pipeline: the passes in order, or `editBase` with the edits applied.
    public func pipeline(editBase: Pipeline?) throws(PipelineError) -> Pipeline {
        switch self {
        case .passes(let passes):
            return try Pipeline(passes: passes)
        case .edits(let edits):
            guard let editBase else {
                throw .syntax(
                    pipeline: description, position: 0,
                    message: "an edit action needs a base pipeline, and none is given")
            }
            return try PipelineEdit.apply(edits, to: editBase)
        }
    }

    /// Passes in a catalog list, edits in an edit action (ties between
    /// equally small lists go to the shorter).
    public var length: Int {
        switch self {
        case .passes(let passes): passes.count
        case .edits(let edits): edits.count
        }
    }

    /// The union of two edit actions (nil unless both are edits).
    public func combined(with other: PassAction) -> PassAction? {
        guard case .edits(let mine) = self, case .edits(let theirs) = other else { return nil }
        return .edits(Array(Set(mine).union(theirs)).sorted())
    }

}
