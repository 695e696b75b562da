import LLVMBridge
import Pipelines
@testable import Predictor
import Testing

/// The baselines of `bench tuning` pick what their definitions say, on a
/// training matrix small enough to work out by hand.
struct BaselinesTests {
    /// Lists A, B, C, D (one catalog pass each) and E (a pass the catalog
    /// does not have), on four training programs; gains are ln(-Oz / size),
    /// nil where the list failed.
    ///
    /// Mean of max(0, gain): A 0.075, B 0.0625, C 0.15, D 0.025 (E is not
    /// eligible, however good). By mean raw gain C would be last (it fails on
    /// p2 and regresses on p1): the -Oz backup is what makes it the best bet.
    /// Greedy after C covers (0, 0, 0.3, 0.3): A adds 0.05, B 0.0625, D 0, so
    /// B, although A is the better single list; then A (0.025), then D.
    static func model() -> PredictorModel {
        let passes = PassCatalog.entries.prefix(4).map(\.pipeline)
        let lists =
            passes.enumerated().map { PredictorModel.PoolList(passes: [$1], validated: $0 != 1) }
            + [PredictorModel.PoolList(passes: ["no-such-pass"], validated: true)]
        let gains: [[Double?]] = [
            [0.10, 0.00, -0.05, nil, 1],
            [0.10, 0.25, nil, 0.00, 1],
            [-0.20, 0.00, 0.30, 0.05, 1],
            [0.10, 0.00, 0.30, 0.05, 1],
        ]
        return PredictorModel(
            formatVersion: PredictorModel.formatVersion, protocolName: "shipping", protocolKey: "test",
            llvmVersion: PassCatalog.llvmVersion, provenance: "hand-made", featureNames: IRFeatures.names,
            featureMean: [], featureScale: [], neighbours: 0, priorWeight: 0,
            lists: lists,
            programs: gains.enumerated().map { .init(name: "p\($0)", codeBase: "c\($0 % 2)", features: [], gains: $1) },
            crossValidation: [])
    }

    static func features(_ value: Double) -> IRFeatures {
        IRFeatures(counts: [Double](repeating: value, count: IRFeatures.names.count))
    }

    static let request = PredictionRequest(name: "m", ir: [], features: features(0))

    @Test func greedyOrderCountsTheBackupAndCoversWhatIsMissing() {
        let model = Self.model()
        #expect(Baselines.greedyCoresetOrder(of: model) == [2, 1, 0, 3])
        #expect(Baselines.greedyCoresetOrder(of: model, limit: 2) == [2, 1])
    }

    @Test func fixedListIsTheBestSingleListWithTheBackup() throws {
        let fixed = try FixedListPredictor(model: Self.model())
        #expect(fixed.list == Self.model().lists[2])
        #expect(fixed.maximumProposals == 1)
        // One list whatever the budget, with its training-time validation.
        let proposals = try fixed.predict(Self.request, count: 5).proposals
        #expect(proposals.map(\.passes) == [Self.model().lists[2].passes])
        #expect(proposals.map(\.validated) == [true])
        #expect(try fixed.predict(Self.request, count: 0).proposals.isEmpty)
    }

    @Test func greedyCoresetProposesTheFirstKListsForEveryModule() throws {
        let model = Self.model()
        let coreset = try GreedyCoresetPredictor(model: model, limit: 3)
        #expect(coreset.maximumProposals == 3)
        let three = try coreset.predict(Self.request, count: 5).proposals
        #expect(three.map(\.passes) == [2, 1, 0].map { model.lists[$0].passes })
        #expect(three.map(\.validated) == [true, false, true])
        // Budget 1 is the fixed list.
        #expect(try coreset.predict(Self.request, count: 1).proposals.map(\.passes) == [model.lists[2].passes])
        // No features: another module gets the same lists.
        let other = PredictionRequest(name: "other", ir: [1, 2, 3], features: Self.features(5))
        #expect(try coreset.predict(other, count: 2).proposals == Array(three.prefix(2)))
    }

    @Test func randomSearchBaselineProposesNothing() throws {
        let none = NoProposalPredictor()
        #expect(none.maximumProposals == 0 && none.name == "random-search")
        #expect(try none.predict(Self.request, count: 10).proposals.isEmpty)
    }
}
