import CodeSize
import Engine
import Foundation
@testable import Predictor
import Pipelines
import Testing
import TestSupport
import Toolchain
import Validation

/// "As is" counts validated lists only, and never beats "with backup":
/// real compilations of a fixture with hand-picked proposals, no validator,
/// so only lists marked trusted are validated.
@Suite(.serialized) struct FlagTunerAsIsTests {
    /// Proposes the same lists for every module.
    struct Proposals: PassListPredictor {
        var proposals: [Prediction.Proposal]
        var name: String { "hand-picked" }
        var maximumProposals: Int { proposals.count }
        func predict(_ request: PredictionRequest, count: Int) throws -> Prediction {
            Prediction(proposals: Array(proposals.prefix(count)))
        }
    }

    /// An engine with a fixture program (09_bits.c unless told) registered and loaded.
    static func loadedFixture(
        _ program: String = "09_bits.c"
    ) throws -> (
        engine: EvaluationEngine, input: String, bytes: [UInt8], handle: ModuleHandle
    ) {
        let configuration = EngineConfiguration(workerExecutable: Fixtures.passlabExecutable, jobs: 2)
        let engine = try EvaluationEngine(configuration: configuration)
        let input = Fixtures.programs + "/" + program
        let bytes = try ProgramMeasurer.irBytes(of: input, triple: nil, clangArguments: [])
        let handle = engine.register(ir: bytes, name: input)
        guard case .success = engine.load(handle) else { throw MeasureError.badInput("cannot load \(input)") }
        return (engine, input, bytes, handle)
    }

    /// `module(default<Os>)` (small) and the empty list (the unoptimized module), trusted as given.
    static func tune(
        osTrusted: Bool, emptyTrusted: Bool, strategy: FlagTuner.Strategy = .proposalsOnly,
        budget: Int = 2
    ) throws -> TuneResult {
        let (engine, input, bytes, handle) = try Self.loadedFixture()
        let predictor = Proposals(proposals: [
            .init(passes: ["module(default<Os>)"], validated: osTrusted),
            .init(passes: [], validated: emptyTrusted),
        ])
        let tuner = try FlagTuner(
            engine: engine, predictor: predictor, measurementProtocol: .shipping, validator: nil,
            store: nil)
        tuner.strategy = strategy
        return try tuner.tune(ir: bytes, handle: handle, name: input, budget: budget)
    }

    static func checkBackup(_ result: TuneResult) {
        #expect(result.binarySize == min(result.asIsBinarySize ?? result.ozBinarySize, result.ozBinarySize))
        #expect(result.asIsCountedBinarySize >= result.binarySize)
        #expect(SizeReduction.percent(result.asIsCountedBinarySize, vs: result.ozBinarySize) <= result.reductionVsOz)
        #expect(result.usedOzBackup == (result.binarySize == result.ozBinarySize))
    }

    /// A list that is only as small as a validated one is not validated: it
    /// could not make the result smaller, and PassListEval costs seconds.
    /// Here clang's -Oz with edits (smaller than -Oz itself on 09_bits.c) is
    /// proposed twice: with lower-expect appended (a pass that finds nothing
    /// left to lower; trusted) and alone (untrusted, shorter, so first).
    @Test func aListNoSmallerThanAValidatedOneIsNotValidated() throws {
        let directory = Fixtures.temporaryDirectory("tuner-equal-size")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (engine, input, bytes, handle) = try Self.loadedFixture()
        let suite = try Fixtures.humanEvalSubset(["CPP/2"], in: directory)
        let validator = PassListValidator(
            engine: engine, toolchain: try Toolchain.find(),
            configuration: ValidationConfiguration(humanEvalPath: suite, jobs: 2))
        let edits = try PassAction(
            parsing: "oz-edits: all no-speculate-blocks; append function(loop-simplify,loop-rotate); append mergefunc")
        let smaller = try edits.pipeline(editBase: PassCatalog.clangOz).passes
        let predictor = Proposals(proposals: [
            .init(passes: smaller + ["function(lower-expect)"], validated: true),
            .init(passes: smaller, validated: false),
        ])
        let tuner = try FlagTuner(
            engine: engine, predictor: predictor, measurementProtocol: .shipping, validator: validator,
            store: nil)
        tuner.strategy = .proposalsOnly
        let result = try tuner.tune(ir: bytes, handle: handle, name: input, budget: 2)
        let size = try #require(result.predictedBinarySize)
        #expect(size < result.ozBinarySize, "the fixture no longer has a list smaller than -Oz: pick another")
        #expect(result.asIsBinarySize == size, "both lists make the same object")
        #expect(result.validations == 0)
        #expect(result.pipeline.text.hasSuffix("lower-expect)"), "\(result.pipeline)")
        Self.checkBackup(result)
    }

    @Test func anUntrustedSmallerListDoesNotCountAsIs() throws {
        let result = try Self.tune(osTrusted: false, emptyTrusted: true)
        let unoptimized = try #require(result.unoptimizedBinarySize)
        #expect(result.compilations == 2)
        // The smallest list compiled is -Os; only the unoptimized module was trusted.
        #expect((result.predictedBinarySize ?? .max) < unoptimized)
        #expect(result.asIsBinarySize == unoptimized)
        #expect(unoptimized > result.ozBinarySize && result.usedOzBackup && result.binarySize == result.ozBinarySize)
        Self.checkBackup(result)
    }

    @Test func theSmallestTrustedListCountsAsIs() throws {
        let result = try Self.tune(osTrusted: true, emptyTrusted: true)
        #expect(result.asIsBinarySize == result.predictedBinarySize)
        #expect(result.asIsReductionVsOz == result.predictedReductionVsOz)
        Self.checkBackup(result)
    }

    @Test func noValidatedListCountsUnoptimizedAsIs() throws {
        let result = try Self.tune(osTrusted: false, emptyTrusted: false)
        #expect(result.asIsBinarySize == nil && result.asIsReductionVsOz == nil)
        #expect(result.asIsCountedBinarySize == max(try #require(result.unoptimizedBinarySize), result.ozBinarySize))
        #expect(result.usedOzBackup)
        Self.checkBackup(result)
    }

    @Test func randomSearchSpendsTheBudgetWithoutProposalsAndIsNeverTrusted() throws {
        let result = try Self.tune(osTrusted: true, emptyTrusted: true, strategy: .randomSearch, budget: 3)
        #expect(result.compilations == 3 && result.refinedCompilations == 3)
        // Its lists are new, so with no validator none counts as is.
        #expect(result.asIsBinarySize == nil && result.usedOzBackup)
        Self.checkBackup(result)
    }

    /// Remembers whether each request said the lists would be composed per function.
    final class ComposingRecorder: PassListPredictor, @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [Bool] = []
        var name: String { "recorder" }
        var maximumProposals: Int { 2 }
        var requests: [Bool] { lock.withLock { seen } }
        func predict(_ request: PredictionRequest, count: Int) throws -> Prediction {
            lock.withLock { seen.append(request.composing) }
            return Prediction(
                proposals: [
                    .init(passes: ["module(default<Os>)"], validated: true),
                    .init(passes: ["module(default<O1>)"], validated: true),
                ].prefix(count).map { $0 })
        }
    }

    /// The predictor is told when its lists will be composed per function and nothing else follows
    /// them (budgets above 1 with per-function lists on, and no search), so that it can propose lists
    /// that complement each other.
    @Test func thePredictorIsToldWhenItsListsWillBeComposed() throws {
        let (engine, input, bytes, handle) = try Self.loadedFixture()
        let recorder = ComposingRecorder()
        let tuner = try FlagTuner(
            engine: engine, predictor: recorder, measurementProtocol: .shipping, validator: nil, store: nil)
        tuner.minimumPoolPicks = 2
        let single = try tuner.tune(ir: bytes, handle: handle, name: input, budget: 1)
        let composed = try tuner.tune(ir: bytes, handle: handle, name: input, budget: 3)
        tuner.minimumPoolPicks = 1
        tuner.poolShare = 0.25
        _ = try tuner.tune(ir: bytes, handle: handle, name: input, budget: 5)
        tuner.perFunction = false
        _ = try tuner.tune(ir: bytes, handle: handle, name: input, budget: 3)
        #expect(recorder.requests == [false, true, false, false])
        #expect(single.compilations == 1 && composed.compilations == 3)
    }
}
