import Autotune
import CodeSize
import Engine
import Foundation
import Store
import Support
import Testing
import TestSupport
import Pipelines
import Toolchain
import Validation

/// The autotuner end to end on real programs, and resuming after a kill.
@Suite(.serialized) struct AutotunerTests {
    static let programs = [Fixtures.programs + "/09_bits.c", Fixtures.programs + "/26_collatz.c"]

    static func engine() throws -> EvaluationEngine {
        try EvaluationEngine(configuration: EngineConfiguration(workerExecutable: Fixtures.passlabExecutable, jobs: 2))
    }

    @Test func findsListsNoWorseThanOzAndNeverRecompilesOnResume() throws {
        let directory = Fixtures.temporaryDirectory("autotune")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ResultStore(path: directory + "/results.sqlite")
        let settings = Autotuner.Settings(
            measurementProtocol: .paper, budget: 40, minimizeBudget: 150, seed: 3, broadcast: 2)
        let events = EventLog()
        let summary = try Autotuner(engine: try Self.engine(), store: store, settings: settings)
            .run(inputs: Self.programs, command: "test", report: events.append)
        let lines = events.lines
        #expect(summary.programs.count == 2)
        for program in summary.programs {
            #expect(program.bestBinarySize <= program.ozBinarySize)
            #expect(program.reductionVsOz >= 0)
        }
        // Under the paper protocol short lists beat -Oz on these programs.
        #expect(summary.geomeanReductionVsOz > 0, "\(summary.programs)")
        #expect(summary.compilations > 80)
        #expect(lines.contains { $0.contains("geomean vs -Oz") })
        let ticks = events.ticks
        #expect(ticks.contains { $0.phase == .random } && ticks.contains { $0.phase == .minimize })
        #expect(ticks.contains { $0.eta != nil && $0.bar().contains("ETA") })
        #expect(
            zip(ticks, ticks.dropFirst()).allSatisfy { $0.fraction <= $1.fraction + 1e-9 }, "progress never goes back")
        // Gain vs budget: from the first evaluation (-Oz itself: 0%) up to the final geomean, never down.
        let curve = summary.budgetCurve
        #expect(curve.first?.compilations == 1 && curve.first?.geomeanReductionVsOz == 0)
        #expect(abs((curve.last?.geomeanReductionVsOz ?? -1) - summary.geomeanReductionVsOz) < 1e-9)
        #expect(
            zip(curve, curve.dropFirst()).allSatisfy {
                $0.compilations < $1.compilations && $0.geomeanReductionVsOz <= $1.geomeanReductionVsOz
            })
        let html = AutotuneHTML.page(summary)
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
        #expect(html.contains("09_bits.c") && html.contains("26_collatz.c") && !html.contains("<script"))
        #expect(html.components(separatedBy: "<rect").count - 1 >= 2 + min(30, summary.passFrequencies.count))
        let stored = try store.measurementCount()

        // The same command again: everything comes from the store.
        let againEvents = EventLog()
        let second = try Autotuner(engine: try Self.engine(), store: store, settings: settings)
            .run(inputs: Self.programs, command: "test --resume", report: againEvents.append)
        let again = againEvents.lines
        #expect(try store.measurementCount() == stored, "nothing new was measured")
        #expect(again.filter { $0.contains("(0 compilations)") }.count == 2, "\(again)")
        #expect(second.geomeanReductionVsOz == summary.geomeanReductionVsOz)
        #expect(try store.runs().count == 2)
    }

    /// Eight HumanEval-X programs: the runs of a resume test validate their
    /// winners as any run does, in seconds instead of half a minute each.
    static func validationSuite(in directory: String) throws -> String {
        try Fixtures.humanEvalSubset(
            ["CPP/0", "CPP/2", "CPP/12", "CPP/20", "CPP/21", "CPP/55", "CPP/96", "CPP/130"], in: directory)
    }

    @Test func killedRunResumesWithoutRedoingFinishedWork() throws {
        let directory = Fixtures.temporaryDirectory("autotune-kill")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/results.sqlite"
        let arguments =
            ["autotune"] + Self.programs + [
                "--db", database, "--budget", "200", "--minimize-budget", "0", "--broadcast", "0",
                "--protocol", "paper", "--seed", "9", "--humaneval", try Self.validationSuite(in: directory),
            ]
        // Kill it mid-run with SIGKILL.
        let child = try SpawnedProcess.spawn(
            Fixtures.passlabExecutable, arguments, standardError: .file(directory + "/log"))
        let deadline = Date().addingTimeInterval(60)
        var before = 0
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            before = (try? ResultStore(path: database).measurementCount()) ?? 0
            if before > 60 { break }
        }
        child.kill()
        #expect(child.wait() == .signaled(9))
        #expect(before > 0)
        let afterKill = try ResultStore(path: database).measurementCount()
        #expect(afterKill >= before, "what was stored before the kill is still there")
        // Resume, then a clean run of the same command elsewhere: same totals.
        let resumed = try ProcessRunner.run(
            ProcessRequest(Fixtures.passlabExecutable, arguments + ["--resume", "--json"], timeout: 600))
        #expect(resumed.termination == .exited(0), "\(resumed.stderrText)")
        let clean = directory + "/clean.sqlite"
        let reference = try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable,
                arguments.map { $0 == database ? clean : $0 } + ["--json"], timeout: 600))
        #expect(reference.termination == .exited(0))
        #expect(try ResultStore(path: database).measurementCount() == ResultStore(path: clean).measurementCount())
        let resumedSummary = try JSONSerialization.jsonObject(with: Data(resumed.standardOutput)) as? [String: Any]
        let cleanSummary = try JSONSerialization.jsonObject(with: Data(reference.standardOutput)) as? [String: Any]
        #expect(resumedSummary?["geomeanReductionVsOz"] as? Double == cleanSummary?["geomeanReductionVsOz"] as? Double)
        // The report reads the same store.
        let report = try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable, ["report", "autotune", "--db", database, "--protocol", "paper", "--json"]))
        let reportObject = try #require(
            try JSONSerialization.jsonObject(with: Data(report.standardOutput)) as? [String: Any])
        for key in ["programs", "geomeanReductionVsOz", "improvedShare", "meanListLength", "compilations"] {
            #expect(reportObject[key] != nil, "missing \(key)")
        }
    }

    @Test func ctrlCStopsCleanlyAndTheRunResumes() throws {
        let directory = Fixtures.temporaryDirectory("autotune-sigint")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/results.sqlite"
        let arguments =
            ["autotune"] + Self.programs + [
                "--db", database, "--budget", "300", "--minimize-budget", "0", "--broadcast", "0",
                "--protocol", "paper", "--seed", "5", "--humaneval", try Self.validationSuite(in: directory),
            ]
        let child = try SpawnedProcess.spawn(
            Fixtures.passlabExecutable, arguments, standardError: .file(directory + "/log"))
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, ((try? ResultStore(path: database).measurementCount()) ?? 0) < 40 {
            Thread.sleep(forTimeInterval: 0.2)
        }
        kill(child.pid, SIGINT)
        #expect(child.wait() == .exited(130))
        let log = String(decoding: FileManager.default.contents(atPath: directory + "/log") ?? Data(), as: UTF8.self)
        #expect(
            log.contains("stopping after the evaluations in flight")
                && log.contains("run the same command again to resume"), "\(log)")
        let store = try ResultStore(path: database)
        #expect(try store.runs().map(\.status) == ["interrupted"])
        let stopped = try store.measurementCount()
        #expect(stopped >= 40 && stopped < 600, "stopped mid-run: \(stopped)")
        // No worker outlived it, and resuming finishes the same work as a clean run.
        let resumed = try ProcessRunner.run(
            ProcessRequest(Fixtures.passlabExecutable, arguments + ["--json"], timeout: 600))
        #expect(resumed.termination == .exited(0), "\(resumed.stderrText)")
        #expect(try store.runs().map(\.status) == ["interrupted", "finished"])
        let clean = directory + "/clean.sqlite"
        let reference = try ProcessRunner.run(
            ProcessRequest(Fixtures.passlabExecutable, arguments.map { $0 == database ? clean : $0 }, timeout: 600))
        #expect(reference.termination == .exited(0))
        #expect(try store.measurementCount() == ResultStore(path: clean).measurementCount())
    }

    /// PassListEval gates the winners: a planted miscompiling list that is
    /// far smaller than anything else (iroutliner then attributor turns
    /// bubble sort's main into an endless loop) fails on HumanEval-X
    /// programs it breaks, gives way to the next best list, and never
    /// appears in the summary.
    @Test func winnersAreValidatedAndAMiscompilingListGivesWay() throws {
        let directory = Fixtures.temporaryDirectory("autotune-validate")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ResultStore(path: directory + "/results.sqlite")
        let engine = try Self.engine()
        let input = Fixtures.programs + "/01_bubble_sort.c"
        let bad: Pipeline = "module(iroutliner),module(attributor),module(default<O1>)"
        // Plant the bad list's measurement for this program (as an earlier run would have).
        let bytes = try ProgramMeasurer.irBytes(of: input, triple: nil, clangArguments: [])
        let handle = engine.register(ir: bytes, name: input)
        guard case .success(let loaded) = engine.load(handle) else { Issue.record("cannot load \(input)"); return }
        let program = try store.program(
            contentHash: SHA256.hex(bytes), llvmVersion: PassCatalog.llvmVersion, name: input,
            benchmark: "programs", instructionCount: loaded.instructionCount)
        let planted = try EngineObjective(
            engine: engine, handle: handle, measurementProtocol: .shipping, store: store, program: program)
        let sizes = planted.cost(ofPipelines: [PassCatalog.ozPipeline(for: .shipping), bad])
        let oz = try #require(sizes[0]), badSize = try #require(sizes[1])
        #expect(badSize < oz / 4, "the planted list looks like a huge win: \(badSize) vs -Oz \(oz)")

        let suite = try Fixtures.humanEvalSubset(["CPP/2", "CPP/20", "CPP/21", "CPP/96"], in: directory)
        // As `passlab autotune` validates winners: stopping at a list's first failing program.
        let configuration = ValidationConfiguration(humanEvalPath: suite, jobs: 2, stopAtFirstFailure: true)
        let validator = PassListValidator(
            engine: engine, toolchain: try Toolchain.find(), configuration: configuration,
            store: store)
        let settings = Autotuner.Settings(
            measurementProtocol: .shipping, budget: 12, minimizeBudget: 0, seed: 4, broadcast: 0)
        let events = EventLog()
        let summary = try Autotuner(engine: engine, store: store, settings: settings, validator: validator)
            .run(inputs: [input], command: "test", report: events.append)
        let result = try #require(summary.programs.first)
        #expect(summary.validationRequired)
        #expect(result.validated)
        #expect(result.bestPipeline != bad && result.bestBinarySize > badSize && result.bestBinarySize <= oz)
        #expect(summary.listsRejectedByValidation >= 1)
        let verdicts = try store.verdicts()
        #expect(verdicts.contains { !$0.passed && $0.pipeline.contains("iroutliner") })
        #expect(events.lines.contains { $0.contains("failed validation") })
        // The report says the same; with --unvalidated the bad list still never shows.
        let open = try Autotuner.summary(store: store, measurementProtocol: .shipping, requireValidation: false)
        #expect(open.programs.first?.bestPipeline != bad)
    }
}

/// Collects autotuning events from any thread.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [AutotuneEvent] = []

    var append: @Sendable (AutotuneEvent) -> Void {
        { [self] event in
            lock.lock()
            events.append(event)
            lock.unlock()
        }
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return events.compactMap { if case .line(let line) = $0 { line } else { nil } }
    }

    var ticks: [AutotuneProgress] {
        lock.lock()
        defer { lock.unlock() }
        return events.compactMap { if case .tick(let tick) = $0 { tick } else { nil } }
    }
}
