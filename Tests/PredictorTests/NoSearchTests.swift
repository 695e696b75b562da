import CodeSize
import Engine
import Foundation
import Pipelines
@testable import Predictor
import Testing
import TestSupport

/// `FlagTuner.searches` off (`tune --no-search`): the whole budget goes to the predictor's picks, composed per
/// function, nothing searched and so nothing composed beside a search.
@Suite(.serialized) struct NoSearchTests {
    @Test func theWholeBudgetGoesToThePicks() throws {
        let (engine, input, bytes, handle) = try FlagTunerAsIsTests.loadedFixture("16_base64.c")
        let model = try PredictorModel.bundled(.shipping)
        let tuner = try FlagTuner(
            engine: engine, predictor: EmbeddedPredictor(model: model), measurementProtocol: .shipping,
            validator: nil, store: nil)
        #expect(tuner.poolPicks(budget: 100) == 30 && tuner.poolPicks(budget: 10) == 10)
        tuner.searches = false
        #expect(tuner.poolPicks(budget: 100) == 100 && tuner.poolPicks(budget: 10) == 10)
        #expect(tuner.poolPicks(budget: 1000) == model.lists.count)

        // With a search this module's first composition is made beside it (EarlyCompositionTests); without one
        // there is nothing to make it beside, and every compilation is a pool list.
        let result = try tuner.tune(ir: bytes, handle: handle, name: input, budget: 40)
        #expect(tuner.earlyCompositionsUsed == 0)
        #expect(result.compilations == 40 && result.validations == 0 && result.binarySize <= result.ozBinarySize)
        let pool = Set(try model.lists.map { try model.pipeline(of: $0) } + [PassCatalog.clangOz])
        let lists = result.perFunction?.lists ?? [result.pipeline]
        #expect(lists.allSatisfy(pool.contains), "\(lists.map(\.text))")
    }

    /// A predictor with fewer lists than the budget: without the search, what its picks leave is not searched
    /// either (nor reserved for a second composition).
    @Test func whatThePicksLeaveIsNotSearched() throws {
        let (engine, input, bytes, handle) = try FlagTunerAsIsTests.loadedFixture("16_base64.c")
        let model = try PredictorModel.bundled(.shipping)
        let tuner = try FlagTuner(
            engine: engine, predictor: GreedyCoresetPredictor(model: model, limit: 3), measurementProtocol: .shipping,
            validator: nil, store: nil)
        tuner.searches = false
        #expect(!tuner.searchFollows(picks: tuner.poolPicks(budget: 40), budget: 40))
        let result = try tuner.tune(ir: bytes, handle: handle, name: input, budget: 40)
        #expect(result.refinedCompilations == 0 && result.validations == 0)
        #expect(result.binarySize <= result.ozBinarySize)
        tuner.searches = true
        #expect(tuner.searchFollows(picks: tuner.poolPicks(budget: 40), budget: 40))
    }
}
