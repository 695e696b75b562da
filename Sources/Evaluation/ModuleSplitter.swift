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
        for (index, function) in module.definedFunctionNames.enumerated() {
            let piece = try module.extractingFunction(function)
            // Function names may hold characters a file name cannot.
            let safe = String(function.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." ? $0 : "_" }.prefix(100))
            let destination = (directory as NSString).appendingPathComponent("\(stem).\(String(format: "%04d", index)).\(safe).ll")
            try piece.write(to: destination)
            pieces.append(Piece(function: function, path: destination, instructionCount: piece.instructionCount))
        }
        return Result(input: path, instructionCount: total, split: true, pieces: pieces)
    }
}
