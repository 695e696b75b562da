import CodeSize
import Engine
import Foundation
import Pipelines
import Testing
import TestSupport

/// `EngineConfiguration.freshWorkers`: every use of a worker in a new
/// process, so that a pipeline's output does not depend on what the worker
/// did before.
@Suite struct FreshWorkerTests {
    /// A list whose output named values differently in two workers with
    /// different pasts (the Attributor visits values in address order: the
    /// same code, `%.b4` in one and `%.b447` in the other): drawn by
    /// `passlab dataset emulation`, whose runs with `--jobs 1` and 2 differed.
    static let attributorList =
        "function(gvn),function(loop-vectorize),function(mergereturn),module(forceattrs),function(loop-mssa(lnicm)),"
        + "cgscc(function-attrs),function(gvn-hoist),function(dse),module(inferattrs),function(dce),function(sroa),"
        + "module(rpo-function-attrs),function(slsr),function(gvn-hoist),module(attributor),module(default<O2>),"
        + "function(adce),function(separate-const-offset-from-gep),function(mldst-motion),module(default<O0>)"

    static func engine(fresh: Bool, jobs: Int, timeout: Double = 120) throws -> EvaluationEngine {
        var configuration = EngineConfiguration(
            workerExecutable: Fixtures.passlabExecutable, jobs: jobs, timeout: timeout)
        configuration.freshWorkers = fresh
        return try EvaluationEngine(configuration: configuration)
    }

    @Test func theOutputIsTheSameWhateverTheWorkerDidBefore() throws {
        let bytes = try ProgramMeasurer.irBytes(
            of: Fixtures.programs + "/01_bubble_sort.c", triple: nil, clangArguments: [])
        let list = try Pipeline(parsing: Self.attributorList)
        let others: [Pipeline] = [
            PassCatalog.ozPipeline(for: .paper), .empty, try Pipeline(parsing: "module(default<O2>)"),
            try Pipeline(parsing: "module(attributor),function(instcombine)"),
        ]
        func job(_ handle: ModuleHandle, _ pipeline: Pipeline) -> EvaluationJob {
            EvaluationJob(module: handle, pipeline: pipeline, measurementProtocol: .paper, outputs: .irText)
        }
        // The reference: a new engine's first evaluation.
        let first = try Self.engine(fresh: true, jobs: 1)
        let reference = try #require(first.evaluate(job(first.register(ir: bytes, name: "bubble.c"), list)).output)

        for jobs in [1, 2] {
            let engine = try Self.engine(fresh: true, jobs: jobs)
            let handle = engine.register(ir: bytes, name: "bubble.c")
            // Another module in between: the workers drop it (recycle) to load this one again.
            let other = engine.register(ir: Array(Fixtures.licmLoopIR.utf8), name: "loop.ll")
            #expect(throws: Never.self) { try engine.load(handle).get() }
            let processes = Set(engine.workerProcessIDs)
            for count in 0...others.count {
                // Other lists first (one batch, spread over the workers), then the list.
                _ = engine.evaluate(others.prefix(count).map { job(handle, $0) })
                if count % 2 == 1 { _ = engine.evaluate(others.map { job(other, $0) }) }
                let outcome = engine.evaluate(job(handle, list))
                #expect(outcome.output == reference, "\(jobs) worker(s), after \(count) other lists")
            }
            // The processes the engine started served it all; modules changed by recycling, not by new workers.
            #expect(engine.statistics.workersStarted == jobs && Set(engine.workerProcessIDs) == processes)
            #expect(engine.statistics.recycles >= 2 * jobs)
        }
    }

    /// A crash in the child that serves an evaluation is the worker's crash (LLVM's
    /// message, the signal); a time-out ends the fork server and its child.
    @Test func crashesAndTimeOutsAreContainedAsInAnyWorker() throws {
        let engine = try Self.engine(fresh: true, jobs: 1, timeout: 2)
        let handle = engine.register(ir: Array(Fixtures.licmLoopIR.utf8), name: "loop.ll")
        func evaluate(
            _ pipeline: String, _ measurementProtocol: MeasurementProtocol = .shipping
        ) throws
            -> EvaluationOutcome
        {
            engine.evaluate(
                EvaluationJob(
                    module: handle, pipeline: try Pipeline(parsing: pipeline), measurementProtocol: measurementProtocol)
            )
        }
        let fatal = try evaluate("function(licm,gvn)", .paper)
        guard case .crashed(let fatalReport) = fatal else { Issue.record("expected a crash, got \(fatal)"); return }
        #expect(fatalReport.message.contains("LICM requires MemorySSA"), "\(fatalReport)")
        let segfault = try evaluate("function(codegenprepare)")
        guard case .crashed(let report) = segfault else { Issue.record("expected a crash, got \(segfault)"); return }
        #expect(report.signal == SIGSEGV && report.message.contains("codegenprepare"), "\(report)")
        #expect(try evaluate("function(sroa)").measurement != nil)

        // Thousands of -O3 runs, past the limit: the child serving it is watched while it runs.
        let endless = Array(repeating: "module(default<O3>)", count: 20000).joined(separator: ",")
        let served = ChildWatch()
        let watching = DispatchGroup()
        DispatchQueue.global().async(group: watching) {
            while !served.stopped {
                for zygote in engine.workerProcessIDs { served.record(Self.children(of: zygote)) }
                usleep(20_000)
            }
        }
        let slow = try evaluate(endless)
        served.stop()
        watching.wait()
        #expect(slow == .timedOut(seconds: 2))
        #expect(!served.seen.isEmpty, "a child served the use")
        usleep(200_000)
        for child in served.seen { #expect(!Self.isRunning(child), "child \(child) outlived its fork server") }
        #expect(try evaluate("function(sroa)").measurement != nil)
        #expect(engine.statistics.crashes == 2 && engine.statistics.timeouts == 1)
    }

    /// The children of `process` (Linux's /proc list; empty when unreadable).
    static func children(of process: pid_t) -> [pid_t] {
        let text = (try? String(contentsOfFile: "/proc/\(process)/task/\(process)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Whether `process` exists and is not a zombie.
    static func isRunning(_ process: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[close...].dropFirst(2).hasPrefix("Z")
    }

    final class ChildWatch: @unchecked Sendable {
        private let lock = NSLock()
        private var processes: Set<pid_t> = []
        private var done = false
        var stopped: Bool { lock.withLock { done } }
        var seen: Set<pid_t> { lock.withLock { processes } }
        func record(_ children: [pid_t]) { lock.withLock { processes.formUnion(children) } }
        func stop() { lock.withLock { done = true } }
    }
}
