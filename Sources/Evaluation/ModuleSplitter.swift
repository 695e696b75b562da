import Foundation
import LLVMBridge

/// Splits a module into one module per defined function, as the paper did
/// for prompts over its token budget (llvm-extract, one function each).
///
/// Extraction cannot crash on valid IR, so it runs in-process.
public enum ModuleSplitter {
    public struct Piece: Sendable, Codable {
        public var function: String
        public var path: String
        public var instructionCount: Int
    }

    public struct Result: Sendable, Codable {
        public var input: String
        public var instructionCount: Int
        /// False when the module is within the budget and was copied whole.
        public var split: Bool
        public var pieces: [Piece]
        /// The work of extraction: functions held by the modules extracted
        /// from, summed (about n log2 n; one extraction per function from the
        /// whole module would be n^2). Not part of the JSON.
        public var extractionWork = 0

        enum CodingKeys: String, CodingKey { case input, instructionCount, split, pieces }
    }

    /// Writes `DIR/<stem>.<function>.ll` for each defined function (or
    /// `DIR/<stem>.ll` when the module has at most `budget` instructions).
    public static func split(_ path: String, into directory: String, budget: Int = 0) throws -> Result {
        let context = Context()
        let module = try context.parseIRFile(path)
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let total = module.instructionCount
        guard total > budget else {
            let destination = (directory as NSString).appendingPathComponent(stem + ".ll")
            try module.write(to: destination)
            return Result(input: path, instructionCount: total, split: false,
                          pieces: [Piece(function: "", path: destination, instructionCount: total)])
        }
        var pieces: [Piece] = []
        let work = try forEachFunction(of: module) { index, function, piece in
            // Function names may hold characters a file name cannot.
            let safe = String(function.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." ? $0 : "_" }.prefix(100))
            let destination = (directory as NSString).appendingPathComponent("\(stem).\(String(format: "%04d", index)).\(safe).ll")
            try piece.write(to: destination)
            pieces.append(Piece(function: function, path: destination, instructionCount: piece.instructionCount))
        }
        return Result(input: path, instructionCount: total, split: true, pieces: pieces, extractionWork: work)
    }

    /// Hands `body` each defined function of `module` (its index and name)
    /// with the module `llvm-extract --func` makes of it, in module order,
    /// in O(n log n) for n functions. `module` is left as it was. Returns
    /// the work done (see `Result.extractionWork`).
    @discardableResult
    public static func forEachFunction(of module: Module, _ body: (Int, String, Module) throws -> Void) throws -> Int {
        let names = module.definedFunctionNames
        var work = 0
        try extract(module.clone(), names: names[...], wholeModule: true, work: &work) { index, piece in
            try body(index, names[index], piece)
        }
        return work
    }

    /// Hands `body` the extraction of each of `names` (by its index), in
    /// order. `module` (consumed) holds at least those functions; it is
    /// halved recursively, each half extracted from its parent, so every
    /// level of the recursion costs about one module: O(n log n) for n
    /// functions where extracting each from the whole module (a clone,
    /// ExtractGV and GlobalDCE over everything) is O(n^2): a module of
    /// 10,432 functions took 2.6 s per function that way.
    static func extract(_ module: Module, names: ArraySlice<String>, wholeModule: Bool, work: inout Int,
                        _ body: (Int, Module) throws -> Void) throws {
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
