import CodeSize
import Engine
import Foundation
import LLVMBridge
import Pipelines
import Service
import TestSupport
import Testing

/// Sessions on a real module through a real engine: what CompilerGym's
/// reset/step/observe/fork give, with sizes the engine measures.
@Suite struct SessionTests {
    @Test func openStepObserveForkResetCloseOnARealModule() throws {
        let harness = try ServiceHarness()
        let opened = try harness.result("session.open", ["path": .string(ServiceFixtures.bits), "name": "bits"])
        let id = try #require(opened["session"]?.stringValue)
        #expect(opened["name"] == "bits")
        #expect(opened["protocol"] == "shipping")

        // The baselines and the initial size are the engine's own measurements of the module.
        let module = harness.engine.register(
            ir: try ProgramMeasurer.irBytes(of: ServiceFixtures.bits, triple: nil, clangArguments: []),
            name: "bits")
        func size(_ pipeline: String) throws -> Int {
            try #require(
                harness.engine.evaluate(
                    EvaluationJob(
                        module: module, pipeline: try Pipeline(parsing: pipeline), measurementProtocol: .shipping)
                )
                .measurement?.binarySize)
        }
        let unoptimized = try size("")
        let oz = try size(PassCatalog.clangOzPipeline)
        #expect(opened["baselines"] == ["oz": .int(oz), "unoptimized": .int(unoptimized)])
        #expect(opened["binarySize"]?.intValue == unoptimized)
        #expect(oz < unoptimized)

        // One step from the initial state is one evaluation of those passes on the initial module.
        let first = try harness.result(
            "session.step",
            [
                "session": .string(id), "passes": ["sroa", "instcombine"],
                "observe": ["Actions", "BinarySize", "IrInstructionCount"],
            ])
        let sroa = try #require(PassCatalog.entries.firstIndex { $0.name == "sroa" })
        let instcombine = try #require(PassCatalog.entries.firstIndex { $0.name == "instcombine" })
        let afterFirst = try size(PassCatalog.entries[sroa].pipeline + "," + PassCatalog.entries[instcombine].pipeline)
        #expect(first["outcome"] == "ok")
        #expect(first["binarySize"]?.intValue == afterFirst)
        #expect(first["reward"]?.intValue == unoptimized - afterFirst)
        #expect(first["rewardOz"]?.doubleValue == Double(unoptimized - afterFirst) / Double(unoptimized - oz))
        #expect(first["observations"]?["Actions"] == .array([.int(sroa), .int(instcombine)]))
        #expect(first["observations"]?["BinarySize"]?.intValue == afterFirst)
        #expect(afterFirst < unoptimized)

        // A second step applies to the current state; the reward is the change from it.
        let simplifycfg = try #require(PassCatalog.entries.firstIndex { $0.name == "simplifycfg" })
        let second = try harness.result("session.step", ["session": .string(id), "action": .int(simplifycfg)])
        let afterSecond = try #require(second["binarySize"]?.intValue)
        #expect(second["reward"]?.intValue == afterFirst - afterSecond)

        // Observations describe the current state; its IR, measured again, has the state's size.
        let observed = try harness.result(
            "session.observe",
            [
                "session": .string(id),
                "spaces": [
                    "Ir", "IrInstructionCount", "InstCount", "InstCountNames", "InstCountVector", "Autophase",
                    "BinarySize",
                    "Sections", "Baselines", "Actions", "Pipelines",
                ],
            ])["observations"]
        let count = try #require(observed?["IrInstructionCount"]?.intValue)
        #expect(count == second["instructionCount"]?.intValue)
        #expect(observed?["InstCount"]?["TotalInsts"]?.intValue == count)
        #expect(observed?["InstCount"]?["add"] != nil && observed?["InstCount"]?["freeze"] == 0)
        let names = try #require(observed?["InstCountNames"]?.arrayValue)
        let vector = try #require(observed?["InstCountVector"]?.arrayValue)
        #expect(names.count == 68 && vector.count == 68)
        #expect(vector.first?.intValue == count)
        let autophase = try #require(observed?["Autophase"])
        #expect(autophase["names"]?.arrayValue?.count == IRFeatures.names.count)
        let instructionsIndex = try #require(IRFeatures.names.firstIndex(of: "instructions"))
        #expect(autophase["values"]?.arrayValue?[instructionsIndex].intValue == count)
        let sections = try #require(observed?["Sections"]?.objectValue)
        #expect(sections[".text"]?.intValue ?? 0 > 0)
        #expect(observed?["Baselines"] == ["oz": .int(oz), "unoptimized": .int(unoptimized)])
        #expect(observed?["Actions"] == .array([.int(sroa), .int(instcombine), .int(simplifycfg)]))
        #expect(observed?["Pipelines"]?.arrayValue?.count == 2)
        let ir = try #require(observed?["Ir"]?.stringValue)
        let state = harness.engine.register(ir: Array(ir.utf8), name: "state.ll")
        let measuredAgain = harness.engine.evaluate(
            EvaluationJob(module: state, pipeline: "", measurementProtocol: .shipping))
        #expect(measuredAgain.measurement?.binarySize == afterSecond)
        #expect(observed?["BinarySize"]?.intValue == afterSecond)

        // A fork is independent: stepping it leaves the original where it was.
        let fork = try #require(try harness.result("session.fork", ["session": .string(id)])["session"]?.stringValue)
        #expect(fork != id)
        let forked = try harness.result(
            "session.step", ["session": .string(fork), "passes": ["default<Oz>"], "observe": ["Actions"]])
        #expect(forked["observations"]?["Actions"]?.arrayValue?.count == 4)
        let original = try harness.result(
            "session.observe", ["session": .string(id), "spaces": ["BinarySize", "Actions"]])
        #expect(original["observations"]?["BinarySize"]?.intValue == afterSecond)
        #expect(original["observations"]?["Actions"]?.arrayValue?.count == 3)

        // Reset: back to the initial state, the same result as open.
        let reset = try harness.result("session.reset", ["session": .string(id)])
        #expect(reset == opened)
        let afterReset = try harness.result(
            "session.observe", ["session": .string(id), "spaces": ["Actions", "BinarySize"]])
        #expect(afterReset["observations"] == ["Actions": [], "BinarySize": .int(unoptimized)])

        // Close: the session is gone, its fork is not.
        #expect(try harness.result("session.close", ["session": .string(id)]) == [:])
        #expect(try harness.errorCode("session.step", ["session": .string(id), "action": 0]) == "unknown_session")
        #expect(
            try harness.result("session.observe", ["session": .string(fork), "spaces": ["Actions"]])["observations"]
                != nil)
        #expect(harness.server.sessionCount == 1)
    }

    @Test func aCrashingListMidSessionIsAnOutcomeAndTheSessionGoesOn() throws {
        let harness = try ServiceHarness()
        let opened = try harness.result("session.open", ["ir": .string(ServiceFixtures.loopIR)])
        let id = try #require(opened["session"]?.stringValue)
        let gvn = try #require(PassCatalog.entries.firstIndex { $0.name == "gvn" })
        let before = try harness.result("session.step", ["session": .string(id), "action": .int(gvn)])
        let size = try #require(before["binarySize"]?.intValue)

        let crashed = try harness.result(
            "session.step", ["session": .string(id), "pipeline": .string(ServiceFixtures.crashingPipeline)])
        #expect(crashed["outcome"] == "crashed")
        #expect(crashed["detail"]?.stringValue?.contains("LICM requires MemorySSA") == true)
        #expect(crashed["binarySize"]?.intValue == size)
        #expect(crashed["reward"] == 0)
        #expect(harness.engine.statistics.crashes == 1)

        // The state is as before the crash, and the next step works on it.
        let state = try harness.result(
            "session.observe", ["session": .string(id), "spaces": ["Actions", "BinarySize"]])
        #expect(state["observations"] == ["Actions": [.int(gvn)], "BinarySize": .int(size)])
        let licm = try #require(PassCatalog.entries.firstIndex { $0.pipeline == "function(loop-mssa(licm))" })
        let after = try harness.result(
            "session.step", ["session": .string(id), "action": .int(licm), "observe": ["Actions"]])
        #expect(after["outcome"] == "ok")
        #expect(after["observations"]?["Actions"] == [.int(gvn), .int(licm)])
        #expect(try harness.result("hello")["protocolVersion"] == 1)
    }

    @Test func aHangingListTimesOutAndTheSessionGoesOn() throws {
        let harness = try ServiceHarness(jobs: 1, timeout: 1)
        let id = try #require(
            try harness.result("session.open", ["path": .string(ServiceFixtures.bits)])["session"]?.stringValue)
        let endless = try harness.result(
            "session.step", ["session": .string(id), "pipeline": .string(ServiceFixtures.slowPipeline)])
        #expect(endless["outcome"] == "timed_out")
        #expect(endless["reward"] == 0)
        #expect(try harness.result("session.step", ["session": .string(id), "passes": ["sroa"]])["outcome"] == "ok")
    }

    @Test func evaluateGivesTheEnginesSizesInOrderWithOutcomesForBadLists() throws {
        let harness = try ServiceHarness()
        let lists: [JSONValue] = [
            [], ["default<Oz>"], [0, "function(sroa)", "gvn"], "clang-Oz", .string(ServiceFixtures.crashingPipeline),
            "no-such-pass", "module(globaldce),function(instcombine)",
        ]
        let result = try harness.result("evaluate", ["ir": .string(ServiceFixtures.loopIR), "lists": .array(lists)])
        let results = try #require(result["results"]?.arrayValue)
        #expect(results.count == lists.count)
        let module = harness.engine.register(ir: Array(ServiceFixtures.loopIR.utf8), name: "loop.ll")
        let gvn = PassCatalog.entries.first { $0.name == "gvn" }!.pipeline
        let pipelines = [
            "", "module(default<Oz>)", "module(default<O0>),function(sroa)," + gvn, PassCatalog.clangOzPipeline,
        ]
        for (index, pipeline) in pipelines.enumerated() {
            let expected = harness.engine.evaluate(
                EvaluationJob(module: module, pipeline: try Pipeline(parsing: pipeline), measurementProtocol: .shipping)
            )
            #expect(results[index]["outcome"] == "ok", "list \(index)")
            #expect(results[index]["binarySize"]?.intValue == expected.measurement?.binarySize, "list \(index)")
            #expect(
                results[index]["instructionCount"]?.intValue == expected.measurement?.instructionCount, "list \(index)")
        }
        #expect(results[4]["outcome"] == "crashed")
        #expect(results[5]["outcome"] == "invalid_pipeline")
        #expect(results[5]["detail"]?.stringValue?.contains("no-such-pass") == true)
        #expect(results[6]["outcome"] == "ok")

        // The paper protocol measures with codegen O0: larger than shipping's O2.
        let paper = try harness.result(
            "evaluate", ["ir": .string(ServiceFixtures.loopIR), "protocol": "paper", "lists": [[]]])
        #expect(paper["results"]?[0]?["binarySize"]?.intValue ?? 0 > results[0]["binarySize"]?.intValue ?? .max)
    }

    @Test func evaluateOnASessionUsesItsInitialOrCurrentState() throws {
        let harness = try ServiceHarness()
        let opened = try harness.result("session.open", ["ir": .string(ServiceFixtures.loopIR)])
        let id = try #require(opened["session"]?.stringValue)
        let stepped = try harness.result("session.step", ["session": .string(id), "passes": ["default<Oz>"]])
        let initial = try harness.result("evaluate", ["session": .string(id), "lists": [[]]])
        #expect(initial["results"]?[0]?["binarySize"] == opened["binarySize"])
        let current = try harness.result("evaluate", ["session": .string(id), "state": "current", "lists": [[]]])
        #expect(current["results"]?[0]?["binarySize"] == stepped["binarySize"])
    }

    @Test func evaluateStartsNoListAfterTheRequestTimeout() throws {
        let harness = try ServiceHarness(jobs: 1, timeout: 2, limits: ServiceLimits(requestTimeout: 1))
        let lists: [JSONValue] = [.string(ServiceFixtures.slowPipeline), [], []]
        let results = try #require(
            try harness.result("evaluate", ["path": .string(ServiceFixtures.bits), "lists": .array(lists)])["results"]?
                .arrayValue)
        #expect(results[0]["outcome"] == "timed_out")
        #expect(results[1]["outcome"] == "timed_out")
        #expect(results[1]["detail"]?.stringValue?.contains("--request-timeout") == true)
    }

    @Test func helloAndPassesDescribeTheCatalog() throws {
        let harness = try ServiceHarness(jobs: 1)
        let hello = try harness.result("hello")
        #expect(hello["protocolVersion"] == 1)
        #expect(hello["llvmVersion"]?.stringValue == PassCatalog.llvmVersion)
        #expect(hello["catalogSize"]?.intValue == PassCatalog.entries.count)
        #expect(hello["protocols"] == ["shipping", "paper"])
        #expect(hello["observationSpaces"]?.arrayValue?.contains("Autophase") == true)
        let passes = try #require(try harness.result("passes")["passes"]?.arrayValue)
        #expect(passes.count == PassCatalog.entries.count)
        for (index, entry) in PassCatalog.entries.enumerated() {
            #expect(
                passes[index] == [
                    "index": .int(index), "name": .string(entry.name), "pipeline": .string(entry.pipeline),
                    "level": .string(entry.level.rawValue),
                ])
        }
    }
}
