import CodeSize
import Engine
import Foundation
import Pipelines
import Testing
import TestSupport

/// The worker-process engine: results, crash and time-out containment.
@Suite struct EngineTests {
    /// A loop that LICM would touch (`Fixtures.licmLoopIR`).
    static var loopIR: String { Fixtures.licmLoopIR }

    static func engine(jobs: Int = 2, timeout: Double = 120) throws -> EvaluationEngine {
        try EvaluationEngine(
            configuration: EngineConfiguration(
                workerExecutable: Fixtures.passlabExecutable, jobs: jobs, timeout: timeout))
    }

    @Test func measuresAndReportsEverythingThatMadeTheNumber() throws {
        let engine = try Self.engine()
        let handle = engine.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        let loaded = try engine.load(handle).get()
        #expect(loaded.instructionCount == 12)
        #expect(loaded.triple == "x86_64-unknown-linux-gnu")
        let outcome = engine.evaluate(
            EvaluationJob(module: handle, pipeline: "module(default<Oz>)", measurementProtocol: .shipping))
        let measurement = try #require(outcome.measurement)
        #expect(measurement.binarySize == measurement.text + measurement.data)
        #expect(measurement.llvmVersion.hasPrefix("19."))
        #expect(measurement.measurementProtocol.codeGen == .O2)
        #expect(measurement.pipeline == "module(default<Oz>)")
        #expect(measurement.bss == 400, "@g: 400 zero-initialised bytes in .bss, not counted in the binary size")
    }

    @Test func abortingPipelineIsAContainedCrashAndTheWorkerIsReplaced() throws {
        let engine = try Self.engine(jobs: 1)
        let handle = engine.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        let crash = engine.evaluate(
            EvaluationJob(module: handle, pipeline: "function(licm,gvn)", measurementProtocol: .paper))
        guard case .crashed(let report) = crash else { Issue.record("expected a crash, got \(crash)"); return }
        #expect(report.message.contains("LICM requires MemorySSA"))
        // The next evaluation runs in a fresh worker.
        let after = engine.evaluate(
            EvaluationJob(module: handle, pipeline: "function(loop-mssa(licm),gvn)", measurementProtocol: .paper))
        #expect(after.measurement != nil)
        #expect(engine.statistics.crashes == 1)
        #expect(engine.statistics.workersStarted == 2)
    }

    @Test func segfaultingPassNamesThePass() throws {
        let engine = try Self.engine(jobs: 1)
        let handle = engine.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        let crash = engine.evaluate(
            EvaluationJob(module: handle, pipeline: "function(codegenprepare)", measurementProtocol: .shipping))
        guard case .crashed(let report) = crash else { Issue.record("expected a crash, got \(crash)"); return }
        #expect(report.signal == 11)
        #expect(report.message.contains("codegenprepare"))
    }

    @Test func aPipelineThatBreaksTheModuleIsABrokenModuleNeverASize() throws {
        let engine = try Self.engine(jobs: 1)
        let handle = engine.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        // trigger-verifier-error puts a terminator in the middle of a block: opt-19 says "Broken module found".
        let broken = engine.evaluate(
            EvaluationJob(module: handle, pipeline: "function(trigger-verifier-error)", measurementProtocol: .shipping))
        guard case .brokenModule(let message) = broken else {
            Issue.record("expected a broken module, got \(broken)"); return
        }
        #expect(message.contains("Terminator found in the middle of a basic block"), "\(message)")
        #expect(broken.measurement == nil)
        #expect(broken.label == "brokenModule")
        // A verifier failure costs no worker: the next evaluation runs in the same one.
        #expect(
            engine.evaluate(EvaluationJob(module: handle, pipeline: "function(sroa)", measurementProtocol: .shipping))
                .measurement != nil)
        #expect(engine.statistics.workersStarted == 1)
    }

    @Test func hangingEvaluationTimesOutAndTheRunGoesOn() throws {
        let engine = try Self.engine(jobs: 1, timeout: 1)
        let handle = engine.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        let started = Date()
        // Thousands of full -O3 runs: far past a one-second limit.
        let endless = try Pipeline(
            parsing: Array(repeating: "module(default<O3>)", count: 20000).joined(separator: ","))
        let slow = engine.evaluate(EvaluationJob(module: handle, pipeline: endless, measurementProtocol: .shipping))
        #expect(slow == .timedOut(seconds: 1))
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(
            engine.evaluate(EvaluationJob(module: handle, pipeline: "", measurementProtocol: .shipping)).measurement
                != nil)
    }

    @Test func aWorkerKilledFromOutsideRunsTheEvaluationAgainAndTwiceIsACrash() throws {
        let engine = try Self.engine(jobs: 1)
        let handle = engine.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        _ = try engine.load(handle).get()
        // Long enough (seconds, not milliseconds) that the kills land while the worker runs it.
        let slow = try Pipeline(parsing: Array(repeating: "module(default<O3>)", count: 3000).joined(separator: ","))
        let job = EvaluationJob(module: handle, pipeline: slow, measurementProtocol: .shipping)
        /// SIGKILLs the next `count` workers, each 0.3 s after it is seen running.
        func killWorkers(_ count: Int) -> DispatchGroup {
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                var killed: Set<pid_t> = []
                let deadline = Date().addingTimeInterval(120)
                while killed.count < count, Date() < deadline {
                    if let pid = engine.workerProcessIDs.first, !killed.contains(pid) {
                        usleep(300_000)
                        kill(pid, SIGKILL)
                        killed.insert(pid)
                    }
                    usleep(5_000)
                }
            }
            return group
        }
        // Killed once (the out-of-memory killer, a user): not a crash of the list; it runs again.
        var killer = killWorkers(1)
        let once = engine.evaluate(job)
        killer.wait()
        #expect(once.measurement != nil, "\(once)")
        #expect(engine.statistics.killedAndRetried == 1)
        #expect(engine.statistics.crashes == 0)
        #expect(engine.statistics.evaluations == 1)
        #expect(engine.statistics.workersStarted == 2)
        // Killed again in the fresh worker: reported as the crash it then looks like.
        killer = killWorkers(2)
        let twice = engine.evaluate(job)
        killer.wait()
        guard case .crashed(let report) = twice else { Issue.record("expected a crash, got \(twice)"); return }
        #expect(report.signal == SIGKILL)
        #expect(report.description.contains("SIGKILL"), "\(report)")
        #expect(engine.statistics.killedAndRetried == 2)
        #expect(engine.statistics.crashes == 1)
        #expect(engine.statistics.evaluations == 2)
        #expect(engine.statistics.workersStarted == 3, "a fresh worker starts at the next use")
    }

    @Test func invalidPipelineAndBadIRAreFailuresNotCrashes() throws {
        let engine = try Self.engine(jobs: 1)
        let handle = engine.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        let invalid = engine.evaluate(
            EvaluationJob(module: handle, pipeline: "function(globaldce)", measurementProtocol: .shipping))
        guard case .failed(let failure) = invalid else { Issue.record("expected failure, got \(invalid)"); return }
        #expect(failure.kind == .invalidPipeline)
        let bad = engine.register(ir: Array("define i32 @f( {".utf8), name: "bad.ll")
        guard case .failure(let parse) = engine.load(bad) else { Issue.record("expected a parse failure"); return }
        #expect(parse.kind == .malformedIR)
        #expect(parse.message.contains("bad.ll:1:"))
        #expect(engine.statistics.crashes == 0)
    }

    @Test func unregisteredModulesAreDroppedEverywhere() throws {
        let engine = try Self.engine(jobs: 1)
        let handle = engine.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        #expect(
            engine.evaluate(EvaluationJob(module: handle, pipeline: "", measurementProtocol: .shipping)).measurement
                != nil)
        engine.unregister(handle)
        let after = engine.evaluate(EvaluationJob(module: handle, pipeline: "", measurementProtocol: .shipping))
        guard case .failed(let failure) = after else { Issue.record("expected a failure, got \(after)"); return }
        #expect(failure.kind == .unknownModule)
        let fresh = engine.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        #expect(
            engine.evaluate(EvaluationJob(module: fresh, pipeline: "", measurementProtocol: .shipping)).measurement
                != nil)
        #expect(engine.statistics.workersStarted == 1, "unloading does not restart the worker")
    }

    /// `startWorkers` starts every slot's worker before any work (`tune`
    /// boots them while its predictor loads); the first use then starts none.
    @Test func workersStartedBeforeAnyUseServeTheFirstEvaluations() throws {
        let engine = try Self.engine(jobs: 2)
        #expect(engine.workerProcessIDs.isEmpty, "nothing starts when the engine is made")
        engine.startWorkers()
        let started = engine.workerProcessIDs
        #expect(started.count == 2)
        #expect(engine.statistics.workersStarted == 2)
        engine.startWorkers()
        #expect(engine.statistics.workersStarted == 2, "a second call starts nothing")
        let handle = engine.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        let outcomes = engine.evaluate(
            ["", "module(default<Oz>)", "function(sroa)", "module(default<O2>)"].map {
                EvaluationJob(module: handle, pipeline: $0, measurementProtocol: .shipping)
            })
        #expect(outcomes.allSatisfy { $0.measurement != nil })
        #expect(engine.statistics.workersStarted == 2)
        #expect(Set(engine.workerProcessIDs) == Set(started), "the same two workers did the work")
    }

    @Test func loadingEverywhereParsesTheModuleOnceInEachWorker() throws {
        let engine = try Self.engine(jobs: 3)
        let handle = engine.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        let loaded = engine.loadEverywhere(handle)
        #expect(try loaded.get().instructionCount > 0)
        #expect(engine.statistics.loads == 3)
        #expect(engine.workerProcessIDs.count == 3)
        // The evaluations that follow, on every worker, parse nothing again.
        let outcomes = engine.evaluate(
            [
                "", "module(default<Oz>)", "function(sroa)", "module(default<O2>)", "function(instcombine)",
                "function(gvn)",
            ].map {
                EvaluationJob(module: handle, pipeline: $0, measurementProtocol: .shipping)
            })
        #expect(outcomes.allSatisfy { $0.measurement != nil })
        #expect(engine.statistics.loads == 3)
        _ = engine.load(handle)
        #expect(engine.statistics.loads == 3)
        // A module no worker can parse: its failure, from the first worker, and nothing loaded.
        let bad = engine.register(ir: Array("define i32 @f( {".utf8), name: "bad.ll")
        guard case .failure(let failure) = engine.loadEverywhere(bad) else {
            Issue.record("a malformed module loaded")
            return
        }
        #expect(failure.kind == .malformedIR)
        #expect(engine.statistics.loads == 3)
    }

    @Test func parallelResultsComeBackInOrder() throws {
        let engine = try Self.engine(jobs: 2)
        let handle = engine.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        var generator = SeededGenerator(seed: 5)
        let pipelines = (0..<24).map { _ in Pipeline.random(using: &generator, lengths: 1...8) }
        let jobs = pipelines.map { EvaluationJob(module: handle, pipeline: $0, measurementProtocol: .paper) }
        let parallel = engine.evaluate(jobs)
        let single = try Self.engine(jobs: 1)
        let sameModule = single.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        let serial = pipelines.map {
            single.evaluate(EvaluationJob(module: sameModule, pipeline: $0, measurementProtocol: .paper))
        }
        #expect(parallel.map(\.measurement?.binarySize) == serial.map(\.measurement?.binarySize))
    }
    /// The worker compiles a module state once: pipelines that leave the
    /// module as an earlier one did (no-op passes, an unchanged result)
    /// reuse its sizes. Every size must be what a worker that never saw
    /// the other pipelines measures, and asking for the object still
    /// returns the object.
    @Test func identicalModulesShareCodegenWithoutChangingAnySize() throws {
        let pipelines: [Pipeline] = [
            "function(mem2reg)", "function(no-op-function),function(mem2reg)", "module(default<Oz>)",
            "function(mem2reg),function(no-op-function)", "module(default<Oz>),function(no-op-function)",
            "function(instcombine)",
            "function(mem2reg)",
        ]
        let engine = try Self.engine(jobs: 1)
        let handle = engine.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
        let shared = pipelines.map {
            engine.evaluate(EvaluationJob(module: handle, pipeline: $0, measurementProtocol: .shipping)).measurement
        }
        let alone = try pipelines.map { pipeline in
            let fresh = try Self.engine(jobs: 1)
            let module = fresh.register(ir: Array(Self.loopIR.utf8), name: "loop.ll")
            return fresh.evaluate(EvaluationJob(module: module, pipeline: pipeline, measurementProtocol: .shipping))
                .measurement
        }
        #expect(shared.allSatisfy { $0 != nil })
        #expect(
            shared.map { $0.map { [$0.text, $0.data, $0.bss, $0.instructionCount] } }
                == alone.map { $0.map { [$0.text, $0.data, $0.bss, $0.instructionCount] } })
        #expect(shared.map(\.?.pipeline) == pipelines.map(\.text))
        #expect(shared[0]?.binarySize != shared[2]?.binarySize, "-Oz changes this module")
        guard
            case let .measured(measurement, object) = engine.evaluate(
                EvaluationJob(
                    module: handle, pipeline: pipelines[1], measurementProtocol: .shipping,
                    outputs: .object))
        else {
            Issue.record("no object")
            return
        }
        #expect(try ELFObject.sizes(of: object).binarySize == measurement.binarySize)
        #expect(measurement.binarySize == shared[1]?.binarySize)
    }
}

/// The batch path with a deadline, for servers that answer in bounded time.
@Suite struct EngineDeadlineTests {
    @Test func jobsNotStartedByTheDeadlineAreNotRun() throws {
        let engine = try EngineTests.engine(jobs: 1)
        let handle = engine.register(ir: Array(EngineTests.loopIR.utf8), name: "loop.ll")
        let jobs = [
            EvaluationJob(module: handle, pipeline: "", measurementProtocol: .shipping),
            EvaluationJob(module: handle, pipeline: "function(sroa)", measurementProtocol: .shipping),
        ]
        let open = engine.evaluate(jobs, startingBefore: Date().addingTimeInterval(3600))
        #expect(open.map { $0?.measurement != nil } == [true, true])
        let past = engine.evaluate(jobs, startingBefore: Date().addingTimeInterval(-1))
        #expect(past.map { $0 == nil } == [true, true])
        #expect(engine.statistics.evaluations == 2, "nothing ran after the deadline")
    }
}
