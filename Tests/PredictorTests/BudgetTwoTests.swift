import CodeSize
import Engine
import Foundation
import LLVMBridge
import Pipelines
@testable import Predictor
import Testing
import TestSupport

/// Budget 2 (one pick and the per-function composition) with the shipped shipping predictor: its pick is budget
/// 1's, so it never ends larger than budget 1 (until 2026-12-08 it picked the composition order's first list and
/// ended larger than budget 1 on 30 of the 98 held-out units).
@Suite(.serialized) struct BudgetTwoTests {
    @Test(arguments: ["06_bytecode_vm.c", "16_base64.c", "22_lzss.c", "28_sha256.c"])
    func budgetTwoComposesBudgetOnesPick(program: String) throws {
        let (engine, input, bytes, handle) = try FlagTunerAsIsTests.loadedFixture(program)
        let predictor = EmbeddedPredictor(model: try PredictorModel.bundled(.shipping))
        let tuner = try FlagTuner(
            engine: engine, predictor: predictor, measurementProtocol: .shipping, validator: nil, store: nil)
        let one = try tuner.tune(ir: bytes, handle: handle, name: input, budget: 1)
        let two = try tuner.tune(ir: bytes, handle: handle, name: input, budget: 2)
        #expect(one.compilations == 1 && two.compilations == 2)
        #expect(two.binarySize <= one.binarySize, "budget 2: \(two.binarySize) bytes, budget 1: \(one.binarySize)")
        // What budget 2 ships is budget 1's pick, -Oz, or their composition.
        let features = try Context().parseIR(bytes, name: input).features
        let pick = try #require(
            try predictor.predict(PredictionRequest(name: input, ir: bytes, features: features), count: 1).proposals
                .first?.pipeline)
        let lists = two.perFunction?.lists ?? [two.pipeline]
        #expect(
            Set(lists).isSubset(of: [pick, PassCatalog.clangOz]), "\(lists.count) lists, not only the pick and -Oz")
    }
}
