import CodeSize
import Foundation
import Pipelines
import Store
import Support

// `passlab tune` run again on a store never ends larger than it ended
// before. A rerun reads the first run's sizes and verdicts from the store,
// so its first composition, the lists it validates and the result can
// differ; the store keeps the smallest result per module, protocol, budget
// and predictor (`StoredTuneResult`), and a rerun that ends larger ships
// that one instead, once it measures the same again.
/// What the store keeps from an earlier run of the same `tune` command,
/// compared with this run's result.
public enum EarlierTuneResult: Sendable {
    /// None kept, or one no smaller than this run's.
    case none
    /// A smaller one, ready to be measured again and shipped: its lists and
    /// sizes are the earlier run's; `input`, the costs, what a served model
    /// answered and `thisRunBinarySize` are this run's.
    case smaller(TuneResult)
    /// A smaller one that must not be shipped (it no longer decodes, its
    /// -Oz size differs, or one of its lists has failed validation since,
    /// under a stricter suite): this run's result replaces it.
    case unusable
}

extension FlagTuner {
    /// The key's predictor: its name, and whether lists may be composed per
    /// function (`--no-per-function` keeps its own results).
    var keptResultPredictor: String { perFunction ? predictor.name : predictor.name + " without per-function lists" }

    /// The result an earlier run with this module, protocol, budget and
    /// predictor (under this LLVM) shipped, compared with `result`.
    public func earlierResult(comparedWith result: TuneResult, ir: [UInt8], budget: Int) -> EarlierTuneResult {
        guard let row = try? keptRow(contentHash: SHA256.hex(ir), budget: budget),
            row.binarySize < result.binarySize
        else { return .none }
        guard let earlier = try? JSONDecoder().decode(TuneResult.self, from: Data(row.resultJSON.utf8)),
            earlier.binarySize == row.binarySize, earlier.ozBinarySize == result.ozBinarySize,
            perFunction || earlier.perFunction == nil
        else { return .unusable }
        let lists = [earlier.pipeline] + (earlier.perFunction?.lists ?? [])
        guard lists.allSatisfy({ verdicts?.verdict($0) != false }) else { return .unusable }
        var kept = earlier
        kept.input = result.input
        kept.compilations = result.compilations
        kept.refinedCompilations = result.refinedCompilations
        kept.validations = result.validations
        kept.validationSeconds = result.validationSeconds
        kept.seconds = result.seconds
        kept.predictor = result.predictor
        kept.modelSeconds = result.modelSeconds
        kept.modelFallback = result.modelFallback
        kept.modelFallbackDetail = result.modelFallbackDetail
        kept.modelListBinarySize = result.modelListBinarySize
        kept.modelStatedUnoptimizedBinarySize = result.modelStatedUnoptimizedBinarySize
        kept.modelStatedBinarySize = result.modelStatedBinarySize
        kept.thisRunBinarySize = result.binarySize
        return .smaller(kept)
    }

    /// Keeps `result` (the one shipped) for the next run of the same
    /// command: when the store has none for its key, a larger one, or
    /// `replacing` (an earlier result that is unusable or no longer measures
    /// what it said). A result that is an earlier one kept changes nothing.
    public func keep(_ result: TuneResult, ir: [UInt8], budget: Int, replacing: Bool = false) throws {
        guard let store, result.thisRunBinarySize == nil else { return }
        let contentHash = SHA256.hex(ir)
        if !replacing, let row = try keptRow(contentHash: contentHash, budget: budget),
            row.binarySize <= result.binarySize
        {
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try store.record(
            StoredTuneResult(
                contentHash: contentHash, llvmVersion: PassCatalog.llvmVersion,
                protocolKey: measurementProtocol.storeKey, budget: budget, predictor: keptResultPredictor,
                binarySize: result.binarySize, resultJSON: String(decoding: try encoder.encode(result), as: UTF8.self)))
    }

    /// The store's row for the module's key under this tuner (nil without a store or a row).
    private func keptRow(contentHash: String, budget: Int) throws -> StoredTuneResult? {
        try store?.tuneResult(
            contentHash: contentHash, llvmVersion: PassCatalog.llvmVersion, protocolKey: measurementProtocol.storeKey,
            budget: budget, predictor: keptResultPredictor)
    }
}
