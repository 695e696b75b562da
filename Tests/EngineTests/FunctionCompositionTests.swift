import CodeSize
import Engine
import Foundation
import LLVMBridge
import Pipelines
import Testing
import TestSupport
import Toolchain

/// Per-function pass lists in one object: what is transplanted, what is
/// refused, and that the object runs and is reproduced exactly.
@Suite struct FunctionCompositionTests {
    static var library: String { Fixtures.compositionLibrary }
    static let main = """
        #include <stdio.h>
        int scaled(int x);
        int total(const int *values, int count);
        int main(void) {
            int values[5] = {1, 2, 3, 4, 5};
            if (scaled(4) != 29 || total(values, 5) != 30) { puts("wrong"); return 1; }
            puts("ok");
            return 0;
        }
        """
    static let base: Pipeline = "module(default<Oz>)"
    static let other: Pipeline = "function(sroa,instcombine)"

    static func libraryIR(in directory: String) throws -> [UInt8] {
        let source = directory + "/library.c"
        try library.write(toFile: source, atomically: true, encoding: .utf8)
        return try Frontend.emitIR(FrontendInvocation(source: source), toolchain: try Toolchain.find())
    }

    static func engine() throws -> EvaluationEngine {
        try EvaluationEngine(
            configuration: EngineConfiguration(workerExecutable: Fixtures.passlabExecutable, jobs: 1, timeout: 120))
    }

    /// Links `object` with `main` through clang-19 and runs it.
    static func run(_ object: [UInt8], in directory: String) throws -> (status: Int32, output: String) {
        try Data(object).write(to: URL(fileURLWithPath: directory + "/library.o"))
        try main.write(toFile: directory + "/main.c", atomically: true, encoding: .utf8)
        let link = try ProcessRunner.run(
            ProcessRequest(
                try Toolchain.findTool("clang-19", bare: "clang"),
                [directory + "/main.c", directory + "/library.o", "-o", directory + "/program"],
                timeout: 120))
        #expect(link.termination.succeeded, "\(link.stderrText)")
        let run = try ProcessRunner.run(ProcessRequest(directory + "/program", [], timeout: 60))
        return (run.termination.succeeded ? 0 : 1, run.stdoutText)
    }

    /// A size-only evaluation can return each function's size: what the object's symbol table says,
    /// the same when the worker answers from its memo (a composition reads them instead of compiling).
    @Test func functionSizesComeWithTheMeasurementAndFromTheMemo() throws {
        let directory = Fixtures.temporaryDirectory("function-sizes")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let engine = try Self.engine()
        let handle = engine.register(ir: try Self.libraryIR(in: directory), name: "library.ll")
        let job = { (outputs: OutputKinds) in
            EvaluationJob(module: handle, pipeline: Self.other, measurementProtocol: .shipping, outputs: outputs)
        }
        let object = try #require(engine.evaluate(job(.object)).output)
        let expected = try ELFObject.functionSizes(of: object)
        #expect(expected.keys.contains("total") && expected.keys.contains("scaled"))
        // The first size-only request compiles (the object request bypasses the memo); the second is a memo hit.
        for _ in 0..<2 {
            let outcome = engine.evaluate(job(.functionSizes))
            let sizes = try JSONDecoder().decode([String: Int].self, from: Data(try #require(outcome.output)))
            #expect(sizes == expected)
            #expect(outcome.measurement?.binarySize == (try ELFObject.sizes(of: object)).binarySize)
        }
    }

    @Test func aFunctionTakesItsListsBodyAndTheObjectRunsAndIsReproducedExactly() throws {
        let directory = Fixtures.temporaryDirectory("composition")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let engine = try Self.engine()
        let handle = engine.register(ir: try Self.libraryIR(in: directory), name: "library.ll")
        let asked = FunctionComposition(lists: [Self.base, Self.other], functions: ["scaled": 1, "total": 1])
        let composed = engine.compose(
            handle, lists: [], composition: asked, measurementProtocol: .shipping, outputs: .object)
        let object = try #require(composed.outcome.output)
        let applied = try #require(composed.composition)
        // `scaled` from the other list calls `helper`, which -Oz inlined away: refused. `total` moves.
        #expect(applied.functions == ["total": 1])
        #expect(applied.lists == [Self.base, Self.other])
        #expect(try #require(composed.outcome.measurement).binarySize == (try ELFObject.sizes(of: object)).binarySize)

        // `total` is the other list's code, `scaled` -Oz's.
        let alone = { (pipeline: Pipeline) throws -> [String: Int] in
            let outcome = engine.evaluate(
                EvaluationJob(module: handle, pipeline: pipeline, measurementProtocol: .shipping, outputs: .object))
            return try ELFObject.functionSizes(of: try #require(outcome.output))
        }
        let functions = try ELFObject.functionSizes(of: object)
        let baseFunctions = try alone(Self.base), otherFunctions = try alone(Self.other)
        #expect(
            otherFunctions["total"] != baseFunctions["total"],
            "the lists must differ on total for this test to mean anything")
        #expect(functions["total"] == otherFunctions["total"])
        #expect(functions["scaled"] == baseFunctions["scaled"])
        #expect(functions["helper"] == nil)

        // The object links and runs; composing the applied composition again gives the same bytes.
        let result = try Self.run(object, in: directory)
        #expect(result.status == 0 && result.output == "ok\n")
        let again = engine.compose(
            handle, lists: [], composition: applied, measurementProtocol: .shipping, outputs: .object)
        #expect(again.outcome.output == object)
        #expect(again.composition == applied)
    }

    @Test func withoutACompositionTheSmallestObjectIsTheBaseAndFunctionsGoWhereTheyAreSmallest() throws {
        let directory = Fixtures.temporaryDirectory("composition-choice")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let engine = try Self.engine()
        let handle = engine.register(ir: try Self.libraryIR(in: directory), name: "library.ll")
        let lists: [Pipeline] = [Self.other, Self.base, "function(sroa)"]
        let sizes = lists.map {
            engine.evaluate(EvaluationJob(module: handle, pipeline: $0, measurementProtocol: .shipping)).measurement?
                .binarySize
        }
        let composed = engine.compose(handle, lists: lists, measurementProtocol: .shipping, outputs: .object)
        let applied = try #require(composed.composition)
        let smallest = lists[sizes.indices.min { (sizes[$0] ?? .max, $0) < (sizes[$1] ?? .max, $1) }!]
        #expect(applied.base == smallest)
        let object = try #require(composed.outcome.output)
        if applied.functions.isEmpty {
            #expect(composed.outcome.measurement?.binarySize == sizes[lists.firstIndex(of: smallest)!])
        }
        #expect(try Self.run(object, in: directory).output == "ok\n")
    }

    @Test func theBridgeRefusesABodyThatUsesWhatTheBaseDropped() throws {
        let directory = Fixtures.temporaryDirectory("composition-bridge")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ir = try Self.libraryIR(in: directory)
        let context = Context()
        let machine = try TargetMachine(triple: "x86_64-unknown-linux-gnu", codeGenLevel: .O2, relocationModel: .pic)
        let base = try context.parseIR(ir, name: "library.ll"), other = try context.parseIR(ir, name: "library.ll")
        try base.runPasses(Self.base.text, targetMachine: machine)
        try other.runPasses(Self.other.text, targetMachine: machine)
        let before = base.printIR()
        #expect(
            throws: BridgeError.transplantRefused(
                function: "scaled", reason: "it calls or uses @helper, which the base list does not keep")
        ) {
            try base.transplantFunction("scaled", from: other)
        }
        #expect(base.printIR() == before, "a refused transplant leaves the module as it was")
        try base.transplantFunction("total", from: other)
        #expect(base.verify() == nil)
        #expect(throws: BridgeError.self) { try base.transplantFunction("nothing", from: other) }
    }
}
