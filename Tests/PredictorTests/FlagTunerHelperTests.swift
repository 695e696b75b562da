import Autotune
import CodeSize
import Engine
import Foundation
import Pipelines
@testable import Predictor
import Testing
import TestSupport
import Toolchain
import Validation

/// Lists a search found that are no smaller alone than the composition but
/// compile some function smaller than every composed list ("helpers") are
/// validated and composed in: real compilations of 16_base64.c, where
/// `function(mem2reg,instcombine,simplifycfg)` compiles `b64_encode`
/// smaller than -Oz and -Os do, and is far larger than both alone.
@Suite(.serialized) struct FlagTunerHelperTests {
    static let trusted: [String] = ["module(default<Os>)"]
    static let helper: [String] = ["function(mem2reg)", "function(instcombine)", "function(simplifycfg)"]

    static func loaded() throws -> (engine: EvaluationEngine, input: String, bytes: [UInt8], handle: ModuleHandle) {
        try FlagTunerAsIsTests.loadedFixture("16_base64.c")
    }

    /// Budget 5 with two pool picks: one list for the search, two compositions.
    static func tune(helperShare: Double?, in directory: String) throws -> (TuneResult, withoutHelper: Int) {
        let (engine, input, bytes, handle) = try loaded()
        let suite = try Fixtures.humanEvalSubset(["CPP/2"], in: directory)
        let validator = PassListValidator(
            engine: engine, toolchain: try Toolchain.find(),
            configuration: ValidationConfiguration(humanEvalPath: suite, jobs: 2))
        let predictor = FlagTunerAsIsTests.Proposals(proposals: [
            .init(passes: trusted, validated: true), .init(passes: helper, validated: false),
        ])
        let tuner = try FlagTuner(
            engine: engine, predictor: predictor, measurementProtocol: .shipping, validator: validator, store: nil)
        tuner.minimumPoolPicks = 2
        tuner.poolShare = 0.1
        tuner.helperShare = helperShare
        let result = try tuner.tune(ir: bytes, handle: handle, name: input, budget: 5)
        let oz = PassCatalog.ozPipeline(for: .shipping)
        let composed = engine.compose(
            handle, lists: [oz, Pipeline(elements: try trusted.flatMap { try Pipeline(parsing: $0).elements })],
            measurementProtocol: .shipping)
        let ozSize = result.ozBinarySize
        return (result, min(composed.outcome.measurement?.binarySize ?? ozSize, ozSize))
    }

    @Test func aListThatHelpsTheCompositionIsValidatedAndComposedIn() throws {
        let directory = Fixtures.temporaryDirectory("tuner-helper")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (result, withoutHelper) = try Self.tune(helperShare: 0, in: directory)
        let helper = try Pipeline(parsing: Self.helper.joined(separator: ","))
        #expect(result.compilations == 5)
        #expect(result.validations >= 1)
        let lists = try #require(result.perFunction, "the helper's body should have been composed in").lists
        #expect(lists.contains(helper), "\(lists.map(\.text))")
        #expect(result.binarySize < withoutHelper, "composing the helper in must pay")
        #expect(result.binarySize < result.ozBinarySize)
    }

    /// Without helpers, a list no smaller alone than the composition is not validated: nothing of it is composed.
    @Test func withoutHelpersOnlySmallerListsAreValidated() throws {
        let directory = Fixtures.temporaryDirectory("tuner-no-helper")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (result, withoutHelper) = try Self.tune(helperShare: nil, in: directory)
        let helper = try Pipeline(parsing: Self.helper.joined(separator: ","))
        #expect(result.perFunction?.lists.contains(helper) != true)
        #expect(result.binarySize <= withoutHelper)
    }

    /// The estimate that picks helpers: per function, what a candidate's body is smaller than the smallest of the
    /// composed lists' bodies; functions it compiles larger, and ones no composed list defines, count nothing.
    @Test func helpersAreWeighedByTheBytesTheirFunctionsSave() {
        let components = [
            MeasuredObject(binarySize: 100, functions: ["f": 40, "g": 30]),
            MeasuredObject(binarySize: 110, functions: ["f": 35, "g": 45]),
        ]
        let savings = FlagTuner.functionSavings(
            of: [
                ("smaller f and g", MeasuredObject(binarySize: 120, functions: ["f": 30, "g": 28])),
                ("larger everywhere", MeasuredObject(binarySize: 130, functions: ["f": 50, "g": 40])),
                ("a function of its own", MeasuredObject(binarySize: 90, functions: ["f": 35, "h": 1])),
                ("did not compile", nil),
            ], over: components)
        #expect(savings.map(\.saving) == [7, 0, 0, 0])
        #expect(
            savings.map(\.candidate) == [
                "smaller f and g", "larger everywhere", "a function of its own", "did not compile",
            ])
    }

    /// The objective keeps the function sizes of what it compiles, and asks the engine for the rest: the same
    /// sizes either way.
    @Test func theObjectiveKeepsFunctionSizesOfWhatItCompiled() throws {
        let (engine, _, _, handle) = try Self.loaded()
        let objective = try EngineObjective(engine: engine, handle: handle, measurementProtocol: .shipping)
        objective.keepsObjects = true
        let compiled: Pipeline = "module(default<Os>)"
        let other: Pipeline = "function(sroa)"
        let size = try #require(objective.cost(ofPipelines: [compiled]).first ?? nil)
        let objects = objective.objects(of: [compiled, other])
        #expect(
            objective.compilations == 1, "objects of lists not compiled here come from the engine, not the objective")
        let kept = try #require(objects[0]), fetched = try #require(objects[1])
        #expect(kept.binarySize == size)
        #expect(kept.functions["b64_encode"] != nil)
        let direct = engine.objects(handle, lists: [compiled, other], measurementProtocol: .shipping)
        #expect(direct == [kept, fetched])
    }
}
