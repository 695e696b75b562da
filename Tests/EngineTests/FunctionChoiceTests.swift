import CodeSize
import Engine
import Foundation
import LLVMBridge
import Pipelines
import Testing
import TestSupport

/// The choice of per-function bodies the worker and `passlab cc` share:
/// which bodies are candidates and in what order, the greedy keep-if-smaller
/// walk, and trial modules built from real optimized copies.
@Suite struct FunctionChoiceTests {
    @Test func candidatesAreEveryListThatCompiledAFunctionSmallerMostBytesFirst() {
        let base = ["f": 100, "g": 50, "h": 10, "only": 7]
        let others = [["f": 60, "g": 50, "h": 12], ["f": 90, "g": 40, "extra": 1]]
        let candidates = FunctionChoice.candidates(base: base, others: others)
        #expect(
            candidates == [
                .init(name: "f", position: 1, saving: 40),
                .init(name: "f", position: 2, saving: 10),
                .init(name: "g", position: 2, saving: 10),
            ], "ties by name, then position; equal or larger bodies and functions the base lacks are no candidates")
    }

    @Test func aBodyIsKeptOnlyWhenTheWholeGetsSmallerAndAFunctionTakesOneBody() {
        let candidates: [FunctionChoice.Candidate] = [
            .init(name: "f", position: 1, saving: 40), .init(name: "f", position: 2, saving: 10),
            .init(name: "g", position: 2, saving: 10), .init(name: "h", position: 1, saving: 5),
        ]
        // f from list 1 is refused (no size); f from list 2 helps; g does not; h helps on top of f.
        var asked: [[String: Int]] = []
        let kept = FunctionChoice.choose(candidates, attempts: 10) { functions in
            asked.append(functions)
            switch functions {
            case [:]: return 1000
            case ["f": 1]: return nil
            case ["f": 2]: return 990
            case ["f": 2, "g": 2]: return 990
            case ["f": 2, "h": 1]: return 985
            default: return 2000
            }
        }
        #expect(kept == ["f": 2, "h": 1])
        #expect(asked == [[:], ["f": 1], ["f": 2], ["f": 2, "g": 2], ["f": 2, "h": 1]])
        // The attempts bound the trials; the base alone is not one of them.
        var trials = 0
        let bounded = FunctionChoice.choose(candidates, attempts: 2) { functions in
            trials += 1
            return functions.isEmpty ? 1000 : 999 - functions.count
        }
        #expect(bounded == ["f": 1, "g": 2] && trials == 3)
        // Without a size for the base, nothing is tried.
        #expect(FunctionChoice.choose(candidates, attempts: 10) { _ in nil } == [:])
    }

    /// Each trial generates the whole module's code: a large object gets fewer trials, in proportion, and
    /// never fewer than the minimum; every object up to the threshold gets them all.
    @Test func largeObjectsGetFewerTrialsInProportion() {
        let full = FunctionChoice.fullAttemptsUpTo
        #expect(FunctionChoice.attempts(forObjectOf: 0) == FunctionChoice.attempts)
        #expect(FunctionChoice.attempts(forObjectOf: 9_460) == 96, "the largest held-out unit's -Oz object")
        #expect(FunctionChoice.attempts(forObjectOf: full) == 96)
        #expect(FunctionChoice.attempts(forObjectOf: full * 2) == 48)
        #expect(FunctionChoice.attempts(forObjectOf: full * 8) == 12)
        #expect(FunctionChoice.attempts(forObjectOf: 733_415) == 4, "SQLite's amalgamation")
        #expect(FunctionChoice.attempts(forObjectOf: 100_000_000) == FunctionChoice.minimumAttempts)
        var last = Int.max
        for size in stride(from: 1_000, through: 2_000_000, by: 7_919) {
            let attempts = FunctionChoice.attempts(forObjectOf: size)
            #expect(attempts <= last && attempts >= FunctionChoice.minimumAttempts, "\(size)")
            last = attempts
        }
    }

    @Test func trialModulesTakeTheOtherListsBodiesAndMeasureAsTheirObjects() throws {
        let directory = Fixtures.temporaryDirectory("function-choice")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ir = try FunctionCompositionTests.libraryIR(in: directory)
        let context = Context()
        let machine = try TargetMachine(
            triple: "x86_64-unknown-linux-gnu", codeGenLevel: .O2, relocationModel: .pic)
        func optimized(_ list: Pipeline) throws -> Module {
            let module = try context.parseIR(ir, name: "library.c")
            try module.runPasses(list.text, targetMachine: machine)
            return module
        }
        let (base, other) = (
            try optimized(FunctionCompositionTests.base), try optimized(FunctionCompositionTests.other)
        )
        func sizes(_ module: Module) throws -> (Int, [String: Int]) {
            let object = try module.clone().emitObject(targetMachine: machine)
            return (try ELFObject.sizes(of: object).binarySize, try ELFObject.functionSizes(of: object))
        }
        let (baseSize, baseFunctions) = try sizes(base)
        let (_, otherFunctions) = try sizes(other)
        let trials = CompositionTrials(
            base: base, copy: { $0 == 1 ? other : nil }, passes: machine, codeGen: machine, finalization: nil)
        #expect(trials.size(with: [:]) == baseSize, "the base alone measures as its own object")
        #expect(trials.size(with: ["no_such_function": 1]) == nil)
        #expect(trials.size(with: ["scaled": 2]) == nil, "no list at that position")
        let candidates = FunctionChoice.candidates(base: baseFunctions, others: [otherFunctions])
        for candidate in candidates {
            // A body moved alone: the trial module holds that body (its symbol measures as in the other object).
            guard let module = trials.module(with: [candidate.name: 1]) else { continue }
            let (_, functions) = try sizes(module)
            #expect(functions[candidate.name] == otherFunctions[candidate.name], "\(candidate.name)")
        }
        let kept = FunctionChoice.choose(candidates, attempts: FunctionChoice.attempts, size: trials.size(with:))
        let keptSize = try #require(trials.size(with: kept))
        #expect(keptSize <= baseSize)
        #expect(kept.isEmpty == (keptSize == baseSize))
    }
}
