import CodeSize
import Engine
import Foundation
import Pipelines
@testable import Predictor
import Testing
import TestSupport

/// With a search, the first composition starts as soon as the picks are
/// measured and runs on one worker beside the search: `tune` ends with the
/// same result as when it composes after the search.
@Suite(.serialized) struct EarlyCompositionTests {
    static func tune(_ program: String, budget: Int, early: Bool) throws -> (TuneResult, used: Int) {
        let (engine, input, bytes, handle) = try FlagTunerAsIsTests.loadedFixture(program)
        let tuner = try FlagTuner(
            engine: engine, predictor: EmbeddedPredictor(model: try PredictorModel.bundled(.shipping)),
            measurementProtocol: .shipping, validator: nil, store: nil)
        tuner.composesEarly = early
        let result = try tuner.tune(ir: bytes, handle: handle, name: input, budget: budget)
        return (result, tuner.earlyCompositionsUsed)
    }

    @Test(arguments: ["16_base64.c", "09_bits.c"])
    func theFirstCompositionMadeBesideTheSearchIsTheOneMadeAfterIt(program: String) throws {
        let (early, used) = try Self.tune(program, budget: 40, early: true)
        let (late, notUsed) = try Self.tune(program, budget: 40, early: false)
        #expect(used == 1, "the lists known after the picks are the lists composed: the early composition is used")
        #expect(notUsed == 0)
        #expect(early.binarySize == late.binarySize && early.pipeline == late.pipeline)
        #expect(early.perFunction == late.perFunction)
        #expect(early.compilations == late.compilations && early.compilations == 40)
        // Without a search (budget 10: the picks, then the composition) nothing is composed early.
        #expect(try Self.tune(program, budget: 10, early: true).used == 0)
    }
}
