import CodeSize
import Foundation
import Pipelines
import Store
import Support

/// `passlab tune` run again on a store never ends larger than it ended
/// before. A rerun reads the first run's sizes and verdicts from the store,
/// so its first composition, the lists it validates and the result can
/// differ; the store keeps the smallest result per module, protocol, budget
/// and predictor (`StoredTuneResult`), and a rerun that ends larger ships
/// that one instead, once it measures the same again.
extension FlagTuner {
    /// The kept result of an earlier run with this module, protocol, budget
    /// and predictor (under this LLVM), when it is smaller than `result`,
    /// had the same -Oz size, and no list of it has failed validation since
    /// (a stricter suite run in between rejects it). Its lists and sizes are
    /// the earlier run's; `input`, the costs, what a served model answered
    /// and `thisRunBinarySize` are this run's. The caller measures it again
    /// before shipping it.
    public func earlierSmallerResult(than result: TuneResult, ir: [UInt8], budget: Int) -> TuneResult? {
        guard let store,
            let row = try? store.tuneResult(
                contentHash: SHA256.hex(ir), llvmVersion: PassCatalog.llvmVersion,
                protocolKey: measurementProtocol.storeKey, budget: budget, predictor: predictor.name),
            row.binarySize < result.binarySize,
            let earlier = try? JSONDecoder().decode(TuneResult.self, from: Data(row.resultJSON.utf8)),
            earlier.binarySize == row.binarySize, earlier.ozBinarySize == result.ozBinarySize
        else { return nil }
        let lists = [earlier.pipeline] + (earlier.perFunction?.lists ?? [])
        guard lists.allSatisfy({ verdicts?.verdict($0) != false }) else { return nil }
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
        return kept
    }

    /// Keeps `result` (the one shipped) for the next run of the same
    /// command: when the store has none for its key, a larger one, or
    /// `replacing` (an earlier result that no longer measures what it
    /// said). A result that is an earlier one kept changes nothing.
    public func keep(_ result: TuneResult, ir: [UInt8], budget: Int, replacing: Bool = false) throws {
        guard let store, result.thisRunBinarySize == nil else { return }
        let contentHash = SHA256.hex(ir)
        let key = (protocolKey: measurementProtocol.storeKey, predictor: predictor.name)
        if !replacing,
            let row = try store.tuneResult(
                contentHash: contentHash, llvmVersion: PassCatalog.llvmVersion, protocolKey: key.protocolKey,
                budget: budget, predictor: key.predictor), row.binarySize <= result.binarySize
        {
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try store.record(
            StoredTuneResult(
                contentHash: contentHash, llvmVersion: PassCatalog.llvmVersion, protocolKey: key.protocolKey,
                budget: budget, predictor: key.predictor, binarySize: result.binarySize,
                resultJSON: String(decoding: try encoder.encode(result), as: UTF8.self)))
    }
}
