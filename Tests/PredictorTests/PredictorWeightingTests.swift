import Foundation
import LLVMBridge
import Pipelines
@testable import Predictor
import Testing

/// How the embedded predictor weighs its training programs: cross-validation
/// weighs every code base the same (a code base with many units must not
/// decide alone which choice of the grid ships), and the first pick can be
/// weighted otherwise than the ranking.
@Suite struct PredictorWeightingTests {
    /// `units` programs of `codeBase`, each `size` bytes under the one list
    /// of the pool and 100 bytes at -Oz, with the same features.
    static func programs(_ codeBase: String, units: Int, size: Int) -> [TrainingData.Program] {
        (0..<units).map {
            TrainingData.Program(
                name: "\(codeBase)/\($0).ll", codeBase: codeBase,
                features: IRFeatures(counts: [Double](repeating: 1, count: IRFeatures.names.count)), oz: 100,
                sizes: [size])
        }
    }

    @Test func everyCodeBaseWeighsTheSame() throws {
        let list = try Pipeline(parsing: "function(mem2reg)")
        let data = TrainingData(
            programs: Self.programs("large", units: 8, size: 90) + Self.programs("small", units: 2, size: 50),
            pool: [.passes(["function(mem2reg)"])], pipelines: [list], editBase: nil, origins: [[]])
        let model = PredictorTrainer().fit(
            data, measurementProtocol: .shipping, provenance: "test", validated: { _ in true })
        let budget1 = try #require(model.crossValidation.first { $0.budget == 1 })
        // The one list is every program's pick: 10% smaller on the large code base, 50% on the small one.
        let large = Foundation.log(100.0 / 90), small = Foundation.log(100.0 / 50)
        let perCodeBase = 100 * (1 - Foundation.exp(-(large + small) / 2))
        let perUnit = 100 * (1 - Foundation.exp(-(8 * large + 2 * small) / 10))
        #expect(abs(budget1.geomeanReductionVsOzWithBackup - perCodeBase) < 0.01)
        #expect(abs(budget1.oracleReductionVsOz - perCodeBase) < 0.01)
        #expect(abs(perCodeBase - perUnit) > 5)
    }

    /// Two lists on three training programs: A makes every one 15% smaller, B 30% smaller the program whose
    /// features are 0, and no other. The nearest program alone prefers B; all of them together prefer A.
    static func model() -> PredictorModel {
        let passes = PassCatalog.entries.prefix(2).map(\.pipeline)
        let small = Foundation.log(100.0 / 85), large = Foundation.log(100.0 / 70)
        let rows: [(features: Double, gains: [Double?])] = [(0, [small, large]), (5, [small, 0]), (9, [small, 0])]
        return PredictorModel(
            formatVersion: PredictorModel.formatVersion, protocolName: "shipping", protocolKey: "test",
            llvmVersion: PassCatalog.llvmVersion, provenance: "hand-made", featureNames: IRFeatures.names,
            featureMean: [Double](repeating: 0, count: IRFeatures.names.count),
            featureScale: [Double](repeating: 1, count: IRFeatures.names.count), neighbours: 1, priorWeight: 0,
            lists: passes.map { PredictorModel.PoolList(passes: [$0], validated: true) },
            programs: rows.enumerated().map { index, row in
                .init(
                    name: "p\(index)", codeBase: "c\(index)",
                    features: [Double](repeating: row.features, count: IRFeatures.names.count), gains: row.gains)
            },
            crossValidation: [])
    }

    @Test func theFirstPickFollowsItsOwnWeightingAndTheRankingCoversTheRest() throws {
        var model = Self.model()
        // Features transform as log1p: 0 stays 0, nearest to p0.
        let near = IRFeatures(counts: [Double](repeating: 0, count: IRFeatures.names.count))
        #expect(model.rankedLists(for: near, count: 1) == [model.lists[1]])
        #expect(model.rankedLists(for: near, count: 2) == [model.lists[1], model.lists[0]])
        model.firstPick = PredictorModel.Weighting(neighbours: 0, priorWeight: 1_000_000)
        #expect(model.rankedLists(for: near, count: 1) == [model.lists[0]])
        // The ranking's next pick is B: what p0 gains beyond what A covers.
        #expect(model.rankedLists(for: near, count: 2) == [model.lists[0], model.lists[1]])
        #expect(model.summary.contains("first pick (budget 1): every training program weighs the same"))
        // A model file without a first pick (as written before it existed) loads as the ranking's weighting.
        let data = try JSONEncoder().encode(Self.model())
        let decoded = try JSONDecoder().decode(PredictorModel.self, from: data)
        #expect(decoded.firstPick == nil && decoded.rankedLists(for: near, count: 1) == [model.lists[1]])
    }

    /// Composing, the picks start with budget 1's pick (the ranking's first), also when there is one (budget
    /// 2), so the tuner never ends larger than at budget 1, then follow the order.
    @Test func composedPicksStartWithBudgetOnesPick() throws {
        var model = Self.model()
        let near = IRFeatures(counts: [Double](repeating: 0, count: IRFeatures.names.count))
        model.compositionOrder = [0, 1]
        #expect(model.rankedLists(for: near, count: 1) == [model.lists[1]])
        #expect(model.compositionRankedLists(for: near, count: 1) == [model.lists[1]])
        #expect(model.compositionRankedLists(for: near, count: 2) == [model.lists[1], model.lists[0]])
        #expect(model.compositionRankedLists(for: near, count: 5) == [model.lists[1], model.lists[0]])
        #expect(model.compositionRankedLists(for: near, count: 0).isEmpty)
        // Budget 1's pick already first in the order: the order as it is.
        model.compositionOrder = [1, 0]
        #expect(model.compositionRankedLists(for: near, count: 2) == [model.lists[1], model.lists[0]])
    }
}
