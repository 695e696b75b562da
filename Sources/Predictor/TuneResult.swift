import CodeSize
import Foundation
import Pipelines

/// What `passlab tune` found for one module.
public struct TuneResult: Codable, Sendable {
    /// The module's name as given to `FlagTuner.tune` (its path; `file:function` for a piece of a split module).
    public var input: String
    /// Protocol, codegen level, relocation model, triple, LLVM and PassLab versions.
    public var provenance: Provenance
    /// The chosen pipeline (JSON holds its exact text, clang's -Oz pipeline
    /// in full when nothing beat it; text output names it `clang -Oz`).
    public var pipeline: Pipeline
    /// The chosen pipeline as an edit of clang's -Oz (`oz-edits: all
    /// no-speculate-blocks; del 15.0.2.19`), when it is one.
    public var edits: String?
    /// Bytes (text + data) of the module compiled with the empty pipeline; nil when that failed, or when the tuner
    /// did not measure it (`FlagTuner.measuresUnoptimized`) and no earlier run had.
    public var unoptimizedBinarySize: Int?
    /// Bytes (Berkeley text + data) at the protocol's -Oz pipeline: the reference.
    public var ozBinarySize: Int
    /// The result: the chosen pipeline's size, never above -Oz's.
    public var binarySize: Int
    /// Percent smaller than -Oz (with the -Oz backup: never negative).
    public var reductionVsOz: Double
    /// The smallest list compiled, whatever its validation: its size and its
    /// reduction vs -Oz. For information only (what validation cost); no
    /// report counts it.
    public var predictedBinarySize: Int?
    /// Percent by which `predictedBinarySize` is smaller than -Oz (negative when larger).
    public var predictedReductionVsOz: Double?
    /// "As is": the smallest compiled list that is validated (trusted from
    /// training, or passed PassListEval here or before), even when larger
    /// than -Oz; nil when no compiled list is validated (reports then count
    /// `asIsCountedBinarySize`). With the backup the result is the smaller of
    /// this and -Oz (`binarySize`), so as is never beats with backup. Lists
    /// not smaller than -Oz are never validated for it: only verdicts
    /// already known count.
    public var asIsBinarySize: Int?
    /// Percent by which `asIsBinarySize` is smaller than -Oz (negative when larger).
    public var asIsReductionVsOz: Double?
    /// Per-function pass lists, when they won: `pipeline` is the base list
    /// and the functions named here take their bodies from the other lists
    /// (every list in it validated), in one object of `binarySize` bytes.
    public var perFunction: FunctionComposition?
    /// True when the result is the -Oz pipeline itself.
    public var usedOzBackup: Bool
    /// True when the chosen pipeline passed PassListEval under the protocol
    /// (the -Oz pipeline needs none: it is the reference).
    public var validated: Bool
    /// Lists evaluated for this module: the budget spent (the -Oz reference
    /// and the unoptimized size not included; sizes already in the store
    /// are read back, not compiled, but still count).
    public var compilations: Int
    /// Of which, lists found by local search beyond the predictor's pool.
    public var refinedCompilations: Int
    /// PassListEval runs made here for this module, at most `FlagTuner.validationAttempts` (known verdicts cost none).
    public var validations: Int
    /// Wall-clock seconds of those validations (part of `seconds`).
    public var validationSeconds: Double
    /// Wall-clock seconds of the whole tune, validations included.
    public var seconds: Double
    /// Who proposed the lists (`embedded`, a model file, `llm:NAME`).
    public var predictor: String?
    /// A served model's answer that gave no list, and why (kind, then the
    /// detail): the module fell back (to -Oz at budget 1).
    public var modelFallback: String?
    /// The rejection's one-line description (`ModelAnswer.Rejection.description`).
    public var modelFallbackDetail: String?
    /// Seconds spent waiting for a served model.
    public var modelSeconds: Double?
    /// A served model's own list: its measured size, and the sizes its
    /// answer stated (for the paper's size-prediction MAPE).
    public var modelListBinarySize: Int?
    /// The unoptimized size the served model's answer stated; nil when it stated none or no served model was asked.
    public var modelStatedUnoptimizedBinarySize: Int?
    /// The size the served model's answer stated for its own list; nil when it stated none.
    public var modelStatedBinarySize: Int?
    /// Set when an earlier run of the same command (module, protocol,
    /// budget, predictor) had shipped a smaller object and it was kept
    /// (`FlagTuner.earlierResult(comparedWith:ir:budget:)`): what this run found. The lists
    /// and sizes are the earlier run's, the costs this run's.
    public var thisRunBinarySize: Int?
}

extension TuneResult {
    /// The size "as is" counts: the validated list's, else (no compiled list
    /// validated: nothing the method can ship without the backup) the
    /// unoptimized module's, the empty pipeline, correct by definition; -Oz's
    /// where that is larger or unknown, so as is never beats with backup. Not
    /// validating never helps as is.
    public var asIsCountedBinarySize: Int {
        asIsBinarySize ?? max(unoptimizedBinarySize ?? ozBinarySize, ozBinarySize)
    }
}
