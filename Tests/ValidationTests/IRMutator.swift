import Foundation

/// Mutation operators on textual LLVM IR, applied to the solution's own
/// functions (not `main`, not library code instantiated from headers): each
/// is a miscompilation a validator must catch.
struct IRMutator {
    enum Operator: String, CaseIterable {
        /// `icmp slt` -> `icmp sge` (and fcmp likewise): the branch goes the
        /// other way. Pointer equality is skipped: after -Oz it is mostly
        /// inlined std::string bookkeeping (is the buffer the local one?) whose
        /// negation only changes which free path runs.
        case negateComparison
        /// An integer constant operand of a store, return, select or
        /// arithmetic instruction replaced by its complement, ~c (i1: true <->
        /// false). Compares are left to `negateComparison`: an off-by-one
        /// bound is a boundary mutant that tests rarely pin down.
        case changeConstant
        /// A store of a computed value removed. Stores of constants are
        /// skipped: they are mostly initialisations that later code or a
        /// zeroed buffer makes redundant (equivalent mutants).
        case dropStore
    }

    struct Mutation {
        var mutatedIR: String
        var function: String
        var before: String
        var after: String
    }

    static let inverse: [String: String] = [
        "eq": "ne", "ne": "eq", "slt": "sge", "sge": "slt", "sgt": "sle", "sle": "sgt",
        "ult": "uge", "uge": "ult", "ugt": "ule", "ule": "ugt",
        "oeq": "une", "une": "oeq", "one": "ueq", "ueq": "one", "olt": "uge", "ogt": "ule", "ole": "ugt", "oge": "ult",
    ]

    /// A site: line index and whether it is in the function's entry block
    /// (always executed when the function is called).
    struct Site {
        var line: Int
        var function: String
        var inEntryBlock: Bool
    }

    /// The solution's functions: external definitions other than main, the
    /// test harness's `issame` and the static constructors; linkonce_odr and
    /// internal code comes from headers.
    ///
    /// Only functions still called from another function count: after -Oz a
    /// small solution is often inlined into main or folded away, and its
    /// out-of-line copy is dead code no test can reach.
    static func solutionSites(_ lines: [Substring]) -> [Site] {
        let called = calledFromElsewhere(lines)
        var sites: [Site] = []
        var function: String?
        var inEntry = false
        for (index, line) in lines.enumerated() {
            if line.hasPrefix("define ") {
                let name = line.split(separator: "@", maxSplits: 1).last?.prefix { $0 != "(" }.description ?? ""
                let library =
                    line.contains(" linkonce_odr ") || line.contains(" internal ")
                    || line.contains(" available_externally ")
                function =
                    (library || !called.contains(name) || name == "main" || name.hasPrefix("_Z6issame")
                        || name.hasPrefix("_GLOBAL__") || name.hasPrefix("__cxx")) ? nil : name
                inEntry = true
                continue
            }
            if line.hasPrefix("}") { function = nil; continue }
            guard let function else { continue }
            // Inside a body, a line at column 0 that is no comment is a block label.
            if !line.isEmpty && !line.hasPrefix(" ") && !line.hasPrefix(";") { inEntry = false }
            if line.hasPrefix("  ") { sites.append(Site(line: index, function: function, inEntryBlock: inEntry)) }
        }
        return sites
    }

    /// Names of functions called (or invoked) from a function other than themselves.
    static func calledFromElsewhere(_ lines: [Substring]) -> Set<String> {
        var called: Set<String> = []
        var current = ""
        for line in lines {
            if line.hasPrefix("define ") {
                current = line.split(separator: "@", maxSplits: 1).last?.prefix { $0 != "(" }.description ?? ""
                continue
            }
            guard line.contains("call ") || line.contains("invoke ") else { continue }
            for piece in line.split(separator: "@").dropFirst() {
                let name = String(piece.prefix { $0 != "(" && $0 != " " && $0 != "," })
                if piece.dropFirst(name.count).first == "(", name != current { called.insert(name) }
            }
        }
        return called
    }

    /// Applies `op` at one site chosen by `choice` among the sites it can
    /// mutate, preferring the entry block; nil when the solution has none.
    static func mutate(_ ir: String, with op: Operator, choice: Int) -> Mutation? {
        var lines = ir.split(separator: "\n", omittingEmptySubsequences: false)
        let candidates = solutionSites(lines).compactMap { site -> (Site, String)? in
            apply(op, to: String(lines[site.line])).map { (site, $0) }
        }
        guard !candidates.isEmpty else { return nil }
        let entry = candidates.filter { $0.0.inEntryBlock }
        let pool = entry.isEmpty ? candidates : entry
        let (site, replacement) = pool[choice % pool.count]
        let before = String(lines[site.line])
        lines[site.line] = Substring(replacement)
        return Mutation(
            mutatedIR: lines.joined(separator: "\n"), function: site.function, before: before, after: replacement)
    }

    /// The mutated line, or nil when the operator does not apply to it.
    static func apply(_ op: Operator, to line: String) -> String? {
        let words = line.split(separator: " ").map(String.init)
        switch op {
        case .negateComparison:
            guard let at = words.firstIndex(where: { $0 == "icmp" || $0 == "fcmp" }), at + 1 < words.count,
                let flipped = inverse[words[at + 1]], at + 2 < words.count, words[at + 2] != "ptr"
            else { return nil }
            var changed = words
            changed[at + 1] = flipped
            return "  " + changed.joined(separator: " ")
        case .changeConstant:
            guard let opcode = words.first(where: { !$0.hasPrefix("%") && $0 != "=" }),
                ["store", "ret", "add", "sub", "mul", "and", "or", "xor", "shl", "select"].contains(opcode)
            else { return nil }
            var changed = words
            for index in changed.indices.reversed() where index > 0 {
                let word = changed[index]
                let bare = word.hasSuffix(",") ? String(word.dropLast()) : word
                let suffix = word.hasSuffix(",") ? "," : ""
                if bare == "true" || bare == "false" {
                    changed[index] = (bare == "true" ? "false" : "true") + suffix
                    return "  " + changed.joined(separator: " ")
                }
                if let value = Int64(bare), changed[index - 1] != "align" {
                    changed[index] = String(~value) + suffix
                    return "  " + changed.joined(separator: " ")
                }
            }
            return nil
        case .dropStore:
            guard words.first == "store", !line.contains("volatile"), words.count > 2, words[2].hasPrefix("%") else {
                return nil
            }
            return ""
        }
    }
}
