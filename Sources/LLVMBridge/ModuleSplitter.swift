import Foundation

/// Splits a module into one module per defined function, as the paper did
/// for prompts over its token budget (llvm-extract, one function each).
///
/// Extraction cannot crash on valid IR, so it runs in-process.
public enum ModuleSplitter {
    /// One module written by `split`.
    public struct Piece: Sendable, Codable {
        /// The function the piece holds; "" when the module was copied whole.
        public var function: String
        /// The .ll file written.
        public var path: String
        /// IR instructions in the piece (the whole module's for a copy).
        public var instructionCount: Int
    }

    /// A defined function that has no piece, and why.
    public struct Skipped: Sendable, Codable, Equatable {
        /// The function's name ("" for an unnamed one).
        public var function: String
        /// Why it has no piece (`availableExternallyReason` or
        /// `unnamedReason`).
        public var reason: String

        /// A skipped `function` and the `reason`.
        public init(function: String, reason: String) {
            self.function = function
            self.reason = reason
        }
    }

    /// What `split` did with one input; `passlab split --json` prints it.
    public struct Result: Sendable, Codable {
        /// The IR file split, as given.
        public var input: String
        /// IR instructions in the whole input module.
        public var instructionCount: Int
        /// False when the module is within the budget and was copied whole.
        public var split: Bool
        /// The files written, in module order (one when `split` is false).
        public var pieces: [Piece]
        /// Defined functions that `llvm-extract --func` cannot make a piece
        /// of (see `plan(of:)`), in module order.
        public var skipped: [Skipped] = []
        /// The work of extraction: functions held by the modules extracted
        /// from, summed (about n log2 n; one extraction per function from the
        /// whole module would be n^2). Not part of the JSON.
        public var extractionWork = 0

        enum CodingKeys: String, CodingKey { case input, instructionCount, split, pieces, skipped }

        /// One line per reason ("skipped 12 functions (a, b, c, ...): why"),
        /// in module order: a C++ unit skips dozens of functions.
        public var skippedSummary: [String] {
            var reasons: [String] = [], functions: [String: [String]] = [:]
            for skip in skipped {
                if functions[skip.reason] == nil { reasons.append(skip.reason) }
                functions[skip.reason, default: []].append(skip.function)
            }
            return reasons.map { reason in
                let names = functions[reason, default: []]
                let shown =
                    names.prefix(3).map { $0.isEmpty ? "<unnamed>" : $0 }.joined(separator: ", ")
                    + (names.count > 3 ? ", ..." : "")
                return "skipped \(names.count) function\(names.count == 1 ? "" : "s") (\(shown)): \(reason)"
            }
        }
    }

    /// What `forEachFunction` did beyond handing out pieces.
    public struct Walk: Sendable {
        /// Defined functions with no piece, and why, in module order.
        public var skipped: [Skipped]
        /// See `Result.extractionWork`.
        public var work: Int
    }

    /// Why an available_externally function has no piece.
    public static let availableExternallyReason =
        "available_externally: a copy of a definition another object "
        + "provides, there only for inlining; it has no code of its own and llvm-extract-19 --func drops it (GlobalDCE)"
    /// Why an unnamed function has no piece.
    public static let unnamedReason = "unnamed: llvm-extract-19 --func cannot name it"

    /// The defined functions that get a piece, and the others with why.
    /// ExtractGV makes every kept function non-discardable (local ones
    /// external, linkonce ones weak) except available_externally ones, which
    /// it leaves as they are; GlobalDCE then deletes such a function unless
    /// another kept function calls it. So llvm-extract-19 --func gives a
    /// module without it, and halving (`extract`) would lose it in any half
    /// without a caller, before its own extraction. Nothing is lost by
    /// skipping it: code generation emits nothing for it, and a piece that
    /// calls it holds a declaration of it, as llvm-extract makes that piece.
    public static func plan(of module: Module) -> (names: [String], skipped: [Skipped]) {
        let availableExternally = Set(module.availableExternallyFunctionNames)
        var names: [String] = [], skipped: [Skipped] = []
        for name in module.definedFunctionNames {
            if name.isEmpty {
                skipped.append(Skipped(function: name, reason: unnamedReason))
            } else if availableExternally.contains(name) {
                skipped.append(Skipped(function: name, reason: availableExternallyReason))
            } else {
                names.append(name)
            }
        }
        return (names, skipped)
    }

    /// Writes `DIR/<stem>.<NNNN>.<function>.ll` for each function `plan(of:)`
    /// keeps (NNNN its 4-digit index; characters other than letters, digits,
    /// `_` and `.` in the name become `_`, at most 100 kept), or
    /// `DIR/<stem>.ll` when the module has at most `budget` instructions.
    public static func split(_ path: String, into directory: String, budget: Int = 0) throws -> Result {
        let context = Context()
        let module = try context.parseIRFile(path)
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let total = module.instructionCount
        guard total > budget else {
            let destination = (directory as NSString).appendingPathComponent(stem + ".ll")
            try module.write(to: destination)
            return Result(
                input: path, instructionCount: total, split: false,
                pieces: [Piece(function: "", path: destination, instructionCount: total)])
        }
        var pieces: [Piece] = []
        let walk = try forEachFunction(of: module) { index, function, piece in
            // Function names may hold characters a file name cannot.
            let safe = String(
                function.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." ? $0 : "_" }
                    .prefix(100))
            let file = "\(stem).\(String(format: "%04d", index)).\(safe).ll"
            let destination = (directory as NSString).appendingPathComponent(file)
            try piece.write(to: destination)
            pieces.append(Piece(function: function, path: destination, instructionCount: piece.instructionCount))
        }
        return Result(
            input: path, instructionCount: total, split: true, pieces: pieces, skipped: walk.skipped,
            extractionWork: walk.work)
    }

    /// Hands `body` each function of `module` that `plan(of:)` keeps (its
    /// index among those and its name) with the module `llvm-extract --func`
    /// makes of it, in module order, in O(n log n) for n functions. `module`
    /// is left as it was. Returns the functions skipped and the work done.
    @discardableResult
    public static func forEachFunction(of module: Module, _ body: (Int, String, Module) throws -> Void) throws -> Walk {
        let (names, skipped) = plan(of: module)
        var work = 0
        try extract(module.clone(), names: names[...], wholeModule: true, work: &work) { index, piece in
            try body(index, names[index], piece)
        }
        return Walk(skipped: skipped, work: work)
    }

    /// Hands `body` the extraction of each of `names` (by its index), in
    /// order. `module` (consumed) holds at least those functions; it is
    /// halved recursively, each half extracted from its parent, so every
    /// level of the recursion costs about one module: O(n log n) for n
    /// functions where extracting each from the whole module (a clone,
    /// ExtractGV and GlobalDCE over everything) is O(n^2): a module of
    /// 10,432 functions took 2.6 s per function that way.
    static func extract(
        _ module: Module, names: ArraySlice<String>, wholeModule: Bool, work: inout Int,
        _ body: (Int, Module) throws -> Void
    ) throws {
        guard !names.isEmpty else { return }
        work += names.count
        if names.count == 1 {
            // A piece is always an extraction, even of a one-function module.
            if wholeModule { try module.extractFunctions(Array(names)) }
            try body(names.startIndex, module)
            return
        }
        let middle = names.startIndex + names.count / 2
        let first = module.clone()
        try first.extractFunctions(Array(names[..<middle]))
        try extract(first, names: names[..<middle], wholeModule: false, work: &work, body)
        try module.extractFunctions(Array(names[middle...]))
        try extract(module, names: names[middle...], wholeModule: false, work: &work, body)
    }
}
