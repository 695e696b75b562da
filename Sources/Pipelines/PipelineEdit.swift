/// One change to a base pipeline (clang-19's -Oz): PassLab's second action
/// space beside catalog lists.
///
/// Under the shipping protocol -Oz is strong and short catalog lists rarely
/// beat it; what does is often -Oz itself with one pass dropped or one of
/// its options flipped (`simplifycfg<no-speculate-blocks>` everywhere, no
/// late `gvn`, no `indvars`). Edits name positions in the base pipeline's
/// tree, so they compose: an action is a set of edits, and two actions that
/// each win can be tried together.
///
/// Text forms (one edit; paths are child indices from the root, joined by `.`):
/// - `del 15.0.2.19`: drop that pass (adaptors left empty are dropped too);
/// - `set 23.9 no-switch-to-lookup`: in that pass's first `<...>` group,
///   replace the option the parameter conflicts with (`x`/`no-x`, `k=v`,
///   `modify-cfg`/`preserve-cfg`), or add it to an empty group (`gvn<>`);
/// - `all no-speculate-blocks`: the same in every pass that has the option;
/// - `append module(mergefunc)`: a pipeline (catalog text) after the base.
public enum PipelineEdit: Hashable, Sendable, TextCodable, Comparable {
    /// `del PATH`: remove the element at `path` (child indices from the root).
    case delete(path: [Int])
    /// `set PATH PARAMETER`: put `parameter` in the first `<...>` group of the leaf pass at `path`.
    case set(path: [Int], parameter: String)
    /// `all PARAMETER`: replace the conflicting option in every leaf pass that has one.
    case setEverywhere(parameter: String)
    /// `append PIPELINE`: catalog text run after the edited base.
    case append(String)

    /// The text form, which `init(parsing:)` reads back ("del 15.0.2.19", "all no-speculate-blocks").
    public var description: String {
        switch self {
        case .delete(let path): "del \(Self.text(path))"
        case let .set(path, parameter): "set \(Self.text(path)) \(parameter)"
        case .setEverywhere(let parameter): "all \(parameter)"
        case .append(let pipeline): "append \(pipeline)"
        }
    }

    /// Parses one edit's text form; throws `PipelineError.syntax` for an unknown verb, a wrong word count
    /// or a path that is not dot-separated non-negative integers. Paths are not checked against a base.
    public init(parsing text: String) throws(PipelineError) {
        let words = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        func bad(_ message: String) -> PipelineError { .syntax(pipeline: text, position: 0, message: message) }
        guard let verb = words.first else { throw bad("an empty edit") }
        func path(_ word: String) throws(PipelineError) -> [Int] {
            let parts = word.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0! >= 0 }) else {
                throw bad("'\(word)' is not a path like 15.0.2")
            }
            return parts.map { $0! }
        }
        switch (verb, words.count) {
        case ("del", 2): self = .delete(path: try path(words[1]))
        case ("set", 3): self = .set(path: try path(words[1]), parameter: words[2])
        case ("all", 2): self = .setEverywhere(parameter: words[1])
        case ("append", 2...): self = .append(words.dropFirst().joined(separator: " "))
        default: throw bad("expected 'del PATH', 'set PATH PARAMETER', 'all PARAMETER' or 'append PIPELINE'")
        }
    }

    /// Orders edits by their text form: the canonical order of an action's edits.
    public static func < (lhs: PipelineEdit, rhs: PipelineEdit) -> Bool { lhs.description < rhs.description }

    static func text(_ path: [Int]) -> String { path.map(String.init).joined(separator: ".") }

    /// Applies `edits` to `base`: option changes first (they keep every
    /// path valid), then deletions (deepest and last first, so earlier
    /// paths still point where they did), then appends in order.
    public static func apply(_ edits: [PipelineEdit], to base: Pipeline) throws(PipelineError) -> Pipeline {
        var elements = base.elements
        func fail(_ message: String) -> PipelineError {
            .syntax(pipeline: base.description, position: 0, message: message)
        }
        for edit in edits {
            switch edit {
            case let .set(path, parameter):
                guard try update(&elements, at: path[...], { Self.setting(parameter, in: &$0, addingToEmpty: true) })
                else {
                    throw fail("edit '\(edit)': the pass at \(text(path)) has no option '\(parameter)' can replace")
                }
            case .setEverywhere(let parameter):
                var changed = false
                forEachLeaf(&elements) { changed = Self.setting(parameter, in: &$0) || changed }
                guard changed else { throw fail("edit '\(edit)': no pass has an option '\(parameter)' can replace") }
            default: break
            }
        }
        let deletions = edits.compactMap { if case .delete(let path) = $0 { path } else { nil } }
        for path in Set(deletions).sorted(by: { $0.lexicographicallyPrecedes($1) }).reversed() {
            guard remove(&elements, at: path[...]) else { throw fail("edit 'del \(text(path))': no pass at that path") }
        }
        elements = pruned(elements)
        var result = Pipeline(elements: elements)
        for edit in edits {
            if case .append(let text) = edit { result = result + (try PassCatalog.parse(text)) }
        }
        return result
    }

    /// Sets `parameter` in the element's first `<...>` group: replaces the
    /// option it conflicts with; false when the element has no such option.
    /// Only an edit of one pass adds an option to an empty group (`gvn<>`):
    /// `all` would put it on passes that do not take it.
    static func setting(_ parameter: String, in element: inout Pipeline.Element, addingToEmpty: Bool = false) -> Bool {
        guard element.children == nil, let group = element.parameters.first else { return false }
        let key = Self.conflictKey(parameter)
        // Most passes have no such option: not splitting their options
        // keeps an edit of every pass of -Oz cheap (loading a model checks
        // hundreds of them).
        guard group.isEmpty || Self.contains(group, key) else { return false }
        var options = group.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        if options == [""], addingToEmpty {
            // An empty group (`gvn<>`): the option is added.
            options = [parameter]
        } else {
            guard let index = options.firstIndex(where: { Self.conflictKey($0) == key }) else { return false }
            options[index] = parameter
        }
        element.parameters[0] = options.joined(separator: ";")
        return true
    }

    /// Whether `part` occurs in `text`, byte for byte (Foundation's
    /// `contains` goes through NSString and cost more than the rest of the
    /// edit; the standard library's generic `text.utf8.contains(part.utf8)`
    /// made loading the shipped model 2.5 times slower than this loop).
    static func contains(_ text: String, _ part: String) -> Bool {
        var text = text, part = part
        return text.withUTF8 { text in
            part.withUTF8 { part in
                guard !part.isEmpty else { return true }
                guard part.count <= text.count else { return false }
                for start in 0...(text.count - part.count) where text[start] == part[0] {
                    if (1..<part.count).allSatisfy({ text[start + $0] == part[$0] }) { return true }
                }
                return false
            }
        }
    }

    /// Options that exclude each other share a key: `x` and `no-x`, `k=1`
    /// and `k=4`, sroa's `modify-cfg` and `preserve-cfg`.
    static func conflictKey(_ option: String) -> String {
        if let equals = option.firstIndex(of: "=") { return String(option[..<equals]) + "=" }
        if option == "modify-cfg" || option == "preserve-cfg" { return "cfg" }
        return option.hasPrefix("no-") ? String(option.dropFirst(3)) : option
    }

    static func update(
        _ elements: inout [Pipeline.Element], at path: ArraySlice<Int>,
        _ change: (inout Pipeline.Element) -> Bool
    ) throws(PipelineError) -> Bool {
        guard let index = path.first, elements.indices.contains(index) else { return false }
        if path.count == 1 { return change(&elements[index]) }
        guard var children = elements[index].children else { return false }
        let changed = try update(&children, at: path.dropFirst(), change)
        elements[index].children = children
        return changed
    }

    static func forEachLeaf(_ elements: inout [Pipeline.Element], _ body: (inout Pipeline.Element) -> Void) {
        for index in elements.indices {
            if var children = elements[index].children {
                // Taken out first, so that changing it does not copy it.
                elements[index].children = nil
                forEachLeaf(&children, body)
                elements[index].children = children
            } else {
                body(&elements[index])
            }
        }
    }

    static func remove(_ elements: inout [Pipeline.Element], at path: ArraySlice<Int>) -> Bool {
        guard let index = path.first, elements.indices.contains(index) else { return false }
        if path.count == 1 {
            elements.remove(at: index)
            return true
        }
        guard var children = elements[index].children else { return false }
        let removed = remove(&children, at: path.dropFirst())
        elements[index].children = children
        return removed
    }

    /// Adaptors whose nested pipeline became empty are dropped (opt rejects `function()`).
    static func pruned(_ elements: [Pipeline.Element]) -> [Pipeline.Element] {
        elements.compactMap { element in
            guard let children = element.children else { return element }
            let kept = pruned(children)
            if kept.isEmpty { return nil }
            var copy = element
            copy.children = kept
            return copy
        }
    }

    /// Every single edit of `base`: each pass dropped (analysis requests
    /// aside), each flag of each pass flipped, each flag set everywhere,
    /// and each of `appends` after the base; each distinct pipeline once.
    /// The candidates an edit search and the training matrix start from.
    public static func candidates(of base: Pipeline, appends: [String] = []) -> [PipelineEdit] {
        var result: [PipelineEdit] = []
        var everywhere: [String] = []
        func walk(_ elements: [Pipeline.Element], _ prefix: [Int]) {
            for (index, element) in elements.enumerated() {
                let path = prefix + [index]
                if let children = element.children {
                    walk(children, path)
                    continue
                }
                if element.name == "require" || element.name == "invalidate" { continue }
                result.append(.delete(path: path))
                for option in element.parameters.first?.split(separator: ";").map(String.init) ?? [] {
                    guard let flipped = flip(option) else { continue }
                    result.append(.set(path: path, parameter: flipped))
                    for value in [option, flipped] where !everywhere.contains(value) { everywhere.append(value) }
                }
            }
        }
        walk(base.elements, [])
        result += everywhere.map { .setEverywhere(parameter: $0) } + appends.map { .append($0) }
        // One edit per distinct pipeline, and only edits that change something
        // (`all x` where one pass has x is that pass's `set`).
        var seen: Set<Pipeline> = [base]
        return result.filter { edit in (try? apply([edit], to: base)).map { seen.insert($0).inserted } ?? false }
    }

    /// Flags whose value changes code size (simplifycfg's switch, hoisting,
    /// sinking and speculation choices, loop rotation's header duplication,
    /// licm's speculation, sroa's CFG changes); others (verification,
    /// loop-info use) change nothing a user ships.
    static let flippable: Set<String> = [
        "forward-switch-cond", "switch-range-to-icmp", "switch-to-lookup", "keep-loops", "hoist-common-insts",
        "sink-common-insts", "speculate-blocks", "simplify-cond-branch", "speculate-unpredictables",
        "header-duplication", "allowspeculation",
    ]

    /// The opposite of a size-relevant flag option (nil for anything else).
    static func flip(_ option: String) -> String? {
        if option == "modify-cfg" { return "preserve-cfg" }
        if option == "preserve-cfg" { return "modify-cfg" }
        let bare = option.hasPrefix("no-") ? String(option.dropFirst(3)) : option
        guard flippable.contains(bare) else { return nil }
        return option.hasPrefix("no-") ? bare : "no-" + bare
    }
}
