import Foundation

/// Per-function pass lists in one module: `lists[0]`, the base, optimizes
/// the whole module; each function named in `functions` then takes the body
/// that `lists[index]` made of it in its own copy of the module. One module
/// finalization and one code generation follow, so the object measured is
/// one object, as with a single list.
///
/// A composition is only as trustworthy as its lists: every list in it must
/// have passed PassListEval (the -Oz pipeline, the reference, needs none).
public struct FunctionComposition: Codable, Sendable, Hashable {
    /// The pass lists: `lists[0]` is the base, the others are what named functions take their bodies
    /// from (JSON holds their text).
    public var lists: [Pipeline]
    /// Function name -> index into `lists` (never 0: the base's functions
    /// are not named).
    public var functions: [String: Int]

    /// A composition as given (not checked: an index out of `lists` is ignored by `usedLists` and
    /// `pruned()`).
    public init(lists: [Pipeline], functions: [String: Int]) {
        self.lists = lists
        self.functions = functions
    }

    /// The base list, which optimizes every function not in `functions`.
    public var base: Pipeline { lists.first ?? .empty }

    /// The lists a function takes its body from (the base excluded).
    public var usedLists: [Pipeline] {
        Set(functions.values).sorted().compactMap { lists.indices.contains($0) && $0 > 0 ? lists[$0] : nil }
    }

    /// The same composition without lists no function uses (indices renumbered).
    public func pruned() -> FunctionComposition {
        let used = Set(functions.values).sorted()
        var renumbered: [Int: Int] = [:]
        var kept = [base]
        for index in used where index > 0 && index < lists.count {
            renumbered[index] = kept.count
            kept.append(lists[index])
        }
        return FunctionComposition(lists: kept, functions: functions.compactMapValues { renumbered[$0] })
    }

    /// Canonical text (JSON, sorted keys): stored where a pipeline's text would be.
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// A one-line summary: "base + 3 functions from 2 other lists".
    public var summary: String {
        let others = usedLists.count
        return functions.isEmpty
            ? "one list"
            : "\(functions.count) function\(functions.count == 1 ? "" : "s") from "
                + "\(others) other list\(others == 1 ? "" : "s")"
    }
}
