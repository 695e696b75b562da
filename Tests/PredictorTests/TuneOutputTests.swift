import Autotune
import CodeSize
import Engine
import Foundation
@testable import Predictor
import Pipelines
import Store
import Testing
import TestSupport

/// At budget 1 `tune` writes the output of the compilation that measured
/// the result (no third compilation): the same bytes as compiling the
/// result again, and only when it was compiled now as one list.
@Suite(.serialized) struct TuneOutputTests {
    /// -Os, trusted: smaller than -Oz on no fixture, so -Oz (the backup) wins.
    static let os = Prediction.Proposal(passes: ["module(default<Os>)"], validated: true)
    /// clang's -Oz with edits: smaller than -Oz on 09_bits.c, so it wins.
    static func edited() throws -> Prediction.Proposal {
        let edits = try PassAction(
            parsing: "oz-edits: all no-speculate-blocks; append function(loop-simplify,loop-rotate); append mergefunc")
        return .init(passes: try edits.pipeline(editBase: PassCatalog.clangOz).passes, validated: true)
    }

    static func tuner(
        _ engine: EvaluationEngine, _ proposal: Prediction.Proposal, store: ResultStore? = nil
    ) throws -> FlagTuner {
        try FlagTuner(
            engine: engine, predictor: FlagTunerAsIsTests.Proposals(proposals: [proposal]),
            measurementProtocol: .shipping, validator: nil, store: store)
    }

    @Test func budgetOneGivesTheBytesOfTheCompilationThatMeasuredTheResult() throws {
        let (engine, input, bytes, handle) = try FlagTunerAsIsTests.loadedFixture()
        let measurer = ProgramMeasurer(engine: engine)
        for (proposal, winsOverOz) in [(try Self.edited(), true), (Self.os, false)] {
            for kind: OutputKinds in [.object, .exactIRText, .bitcode] {
                let (result, output) = try Self.tuner(engine, proposal).tune(
                    ir: bytes, handle: handle, name: input, budget: 1, output: kind)
                #expect(result.usedOzBackup == !winsOverOz, "\(proposal.passes.prefix(2))")
                let written = try #require(output, "budget 1 compiled the result now: its output is kept")
                let (again, compiledAgain) = try measurer.measure(
                    handle, pipeline: result.pipeline, measurementProtocol: .shipping, outputs: kind)
                #expect(written == compiledAgain, "the same bytes as a compilation of the result (\(kind))")
                #expect(again.binarySize == result.binarySize)
                if kind == .object { #expect(try ELFObject.sizes(of: written).binarySize == result.binarySize) }
            }
        }
    }

    /// Without `measuresUnoptimized` (`tune` at budget 1) the empty list is
    /// not compiled: two compilations, not three, the same result, and the
    /// unoptimized size only when a store already has it.
    @Test func budgetOneWithoutTheUnoptimizedModuleCompilesTwoListsAndReportsAStoredSize() throws {
        let directory = Fixtures.temporaryDirectory("tune-unoptimized")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (engine, input, bytes, handle) = try FlagTunerAsIsTests.loadedFixture()
        let edited = try Self.edited()
        func tuned(measuring: Bool, store: ResultStore? = nil) throws -> (TuneResult, evaluations: Int) {
            let before = engine.statistics.evaluations
            let tuner = try Self.tuner(engine, edited, store: store)
            tuner.measuresUnoptimized = measuring
            let result = try tuner.tune(ir: bytes, handle: handle, name: input, budget: 1, output: .object).result
            return (result, engine.statistics.evaluations - before)
        }
        let (measured, three) = try tuned(measuring: true)
        let (skipped, two) = try tuned(measuring: false)
        #expect(three == 3 && two == 2)
        #expect(skipped.unoptimizedBinarySize == nil && measured.unoptimizedBinarySize != nil)
        #expect(skipped.binarySize == measured.binarySize && skipped.pipeline == measured.pipeline)
        #expect(skipped.compilations == measured.compilations)
        // A store that has the unoptimized size (an earlier run measured it) gives it without a compilation.
        let store = try ResultStore(path: directory + "/tune.sqlite")
        _ = try tuned(measuring: true, store: store)
        let (fromStore, none) = try tuned(measuring: false, store: store)
        #expect(none == 0)
        #expect(fromStore.unoptimizedBinarySize == measured.unoptimizedBinarySize)
    }

    /// The objective keeps the output of each list it compiles, not the
    /// unoptimized reference's (measured, never written).
    @Test func theObjectiveKeepsEachListsOutputButNotTheUnoptimizedReferences() throws {
        let (engine, _, _, handle) = try FlagTunerAsIsTests.loadedFixture()
        let objective = try EngineObjective(engine: engine, handle: handle, measurementProtocol: .shipping)
        objective.keptOutputs = .object
        let oz = PassCatalog.ozPipeline(for: .shipping)
        let sizes = objective.cost(ofPipelines: [.empty, oz])
        #expect(sizes.allSatisfy { $0 != nil })
        #expect(objective.artifact(of: .empty) == nil)
        let object = try #require(objective.artifact(of: oz))
        #expect(try ELFObject.sizes(of: object).binarySize == sizes[1])
    }

    @Test func noOutputIsKeptAboveBudgetOneOrForSizesReadBackFromTheStore() throws {
        let directory = Fixtures.temporaryDirectory("tune-output")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (engine, input, bytes, handle) = try FlagTunerAsIsTests.loadedFixture()
        let edited = try Self.edited()
        // Budget 2 composes: the result may be a composition, measured in a worker of its own.
        let composed = try Self.tuner(engine, edited).tune(
            ir: bytes, handle: handle, name: input, budget: 2, output: .object)
        #expect(composed.result.compilations == 2)
        #expect(composed.output == nil)
        // No output kind asked for: nothing kept.
        let plain = try Self.tuner(engine, edited).tune(
            ir: bytes, handle: handle, name: input, budget: 1, output: [])
        #expect(plain.output == nil)
        // A second run on the same store reads the sizes back and compiles nothing: no output to give.
        let store = try ResultStore(path: directory + "/tune.sqlite")
        let first = try Self.tuner(engine, edited, store: store).tune(
            ir: bytes, handle: handle, name: input, budget: 1, output: .object)
        #expect(first.output != nil)
        let second = try Self.tuner(engine, edited, store: store).tune(
            ir: bytes, handle: handle, name: input, budget: 1, output: .object)
        #expect(second.result.binarySize == first.result.binarySize)
        #expect(second.output == nil)
    }
}
