import CodeSize
import Engine
import Foundation
import Pipelines
import Store
import Toolchain
import Validation

/// `passlab bench validation`: what PassListEval costs, side by side in one
/// run, each case on a fresh temporary results store (references come from
/// the user's reference cache and are prepared before any clock starts):
///
/// - a passing list validated cold (no outcome stored), linking each test
///   program through the clang-19 driver, then cold again on another store
///   with the driver's linker command replayed (what validation does);
/// - other passing lists validated by a fresh validator on the same store,
///   so every program whose object is byte-identical to one already run
///   reuses its outcome (the persistent outcome memo, warm);
/// - a failing list validated in full, then by a validator that stops at
///   its first failing program, each on a store of its own (nothing reused);
/// - the failing list plus a pass that changes nothing, stopping at the
///   first failure, on the full run's store: the programs that failed there
///   start first and their outcomes are reused (what `tune` and autotune
///   pay for a list like one already rejected);
/// - a list whose miscompiled programs loop endlessly, stopping at the first
///   failure, once as before 2026-12-06 (programs in flight run to their
///   end, each with at least 5 s of CPU) and once as now (programs in flight
///   are killed once one fails, each has at least 1 s), each on a store of
///   its own.
public struct ValidationBenchmark {
    /// The cold list, then the warm ones (`-Oz` plus a pass, clang's -Oz).
    public static let passingLists: [Pipeline] = [
        "module(default<Oz>)", "module(default<Oz>),function(lower-expect)", PassCatalog.clangOz,
        "module(default<Oz>),function(simplifycfg)", "module(default<Oz>),module(globaldce)",
    ]
    /// Fails on 22 of the 164 HumanEval-X programs under `shipping`.
    public static let failingList: Pipeline = "module(iroutliner),module(attributor)"
    /// Under `shipping`, five of the HumanEval-X programs it builds loop
    /// until their time limit and 15 crash (found by `tune` at budget 100
    /// on WiringPi's devLib/lcd.c, where its validation took 32 s in full).
    public static let timingOutList: Pipeline =
        "function(tailcallelim),module(ipsccp),module(iroutliner),module(attributor),function(vector-combine)"
        + "function(separate-const-offset-from-gep)"

    /// The HumanEval-X suite file the lists are validated against.
    public var humanEvalPath: String
    /// Warm lists after the cold one (1...passingLists.count - 1).
    public var warmLists: Int
    /// The protocol the lists are compiled under for validation.
    public var measurementProtocol: MeasurementProtocol
    /// Engine workers and parallel test programs.
    public var jobs: Int
    /// The executable run as engine workers (`passlab` itself).
    public var workerExecutable: String

    /// A benchmark of the suite at `humanEvalPath`; `warmLists` is clamped
    /// to 1...passingLists.count - 1.
    public init(
        humanEvalPath: String, warmLists: Int, measurementProtocol: MeasurementProtocol, jobs: Int,
        workerExecutable: String
    ) {
        self.humanEvalPath = humanEvalPath
        self.warmLists = min(max(1, warmLists), Self.passingLists.count - 1)
        self.measurementProtocol = measurementProtocol
        self.jobs = jobs
        self.workerExecutable = workerExecutable
    }

    /// One validation as measured.
    public struct Case: Codable, Sendable {
        /// "cold, link through driver", "cold", "warm", "failing, full report", "failing, stop at first failure",
        /// "failing, stop, store has history", "time-outs, stop, as before", "time-outs, stop".
        public var name: String
        /// The list validated, in canonical `opt -p` text (as the validation report has it).
        public var pipeline: String
        /// Whether the validator stopped at the first failing program.
        public var stopAtFirstFailure: Bool
        /// The verdict: true only when every program of the suite has a result and passed.
        public var passed: Bool
        /// Programs with a result; of which compiled, linked and run (an
        /// LLVM failure counts here: there is no object to reuse), and reused.
        public var programs: Int
        /// `programs - reused`: programs compiled, linked and run in this case.
        public var linkedAndRun: Int
        /// Programs whose outcome came from the store's memo (a byte-identical
        /// object already run).
        public var reused: Int
        /// Programs not started because the validation stopped early.
        public var skipped: Int
        /// Programs whose result is not `passed` (the report's failures).
        public var failures: Int
        /// Wall-clock seconds of the validation, as its report gives them.
        public var seconds: Double
    }

    /// All cases and the ratios between them.
    public struct Report: Codable, Sendable {
        /// The protocol and LLVM version the lists were validated under.
        public var provenance: Provenance
        /// The suite as the validation reports name it ("humaneval-x@...").
        public var suite: String
        /// Workers and parallel programs used.
        public var jobs: Int
        /// The cases in the order they ran (see the type's description).
        public var cases: [Case]
        /// Mean seconds of the warm cases / seconds of the cold case.
        public var warmToColdRatio: Double
        /// Seconds of the cold case / seconds of the same case linking through the driver.
        public var directToDriverLinkRatio: Double
        /// Seconds stopping at the first failure / seconds of the full report
        /// (both on fresh stores).
        public var stopToFullRatio: Double
        /// Seconds of the list with endless loops stopping at the first
        /// failure as now / as before (programs in flight killed, a 1 s
        /// floor / left to finish, a 5 s floor).
        public var timeOutsNowToBeforeRatio: Double
        /// Wall-clock seconds of the whole benchmark, setup included.
        public var seconds: Double

        /// The report as `passlab bench validation` prints it: a table of
        /// cases, then the three ratios.
        public var text: String {
            var lines = ["PassListEval cost, \(suite), \(provenance), \(jobs) jobs"]
            lines.append(
                "case".padding(toLength: 32, withPad: " ", startingAt: 0)
                    + "  seconds  programs  linked+run  reused  skipped  verdict  pipeline")
            for item in cases {
                lines.append(
                    item.name.padding(toLength: 32, withPad: " ", startingAt: 0)
                        + String(
                            format: " %8.1f  %8d  %10d  %6d  %7d  ", item.seconds, item.programs, item.linkedAndRun,
                            item.reused, item.skipped) + (item.passed ? "passed   " : "FAILED   ")
                        + PassCatalog.displayName(of: item.pipeline))
            }
            lines.append(
                String(
                    format: "cold / cold through the driver: %.2f; warm / cold: %.2f; "
                        + "stop at first failure / full report: %.2f; time-outs now / before: %.2f; %.0f s in all",
                    directToDriverLinkRatio, warmToColdRatio, stopToFullRatio, timeOutsNowToBeforeRatio, seconds))
            return lines.joined(separator: "\n")
        }
    }

    /// Runs every case; `log` gets one line per case as it ends.
    public func run(log: (String) -> Void) throws -> Report {
        let started = Date()
        let directory = try ScratchDirectory.create(purpose: "bench-validation")
        defer { ScratchDirectory.remove(directory) }
        let engine = try EvaluationEngine(
            configuration: EngineConfiguration(
                workerExecutable: workerExecutable,
                jobs: jobs))
        let toolchain = try Toolchain.find()
        func validator(
            store: String, stop: Bool, throughDriver: Bool = false, asBefore: Bool = false
        ) throws -> PassListValidator {
            var configuration = ValidationConfiguration(
                humanEvalPath: humanEvalPath, jobs: jobs,
                stopAtFirstFailure: stop)
            configuration.linkThroughDriver = throughDriver
            if asBefore {
                configuration.stopProgramsInFlight = false
                configuration.minimumProgramSeconds = 5
            }
            let made = PassListValidator(
                engine: engine, toolchain: toolchain, configuration: configuration,
                store: try ResultStore(path: "\(directory)/\(store).sqlite"))
            try made.prepare()
            return made
        }
        var cases: [Case] = []
        var suite = ""
        func measure(_ name: String, _ pipeline: Pipeline, on validator: PassListValidator) throws {
            let report = try validator.validate(pipeline: pipeline, measurementProtocol: measurementProtocol)
            suite = report.suite
            let item = Case(
                name: name, pipeline: report.pipeline.text,
                stopAtFirstFailure: validator.configuration.stopAtFirstFailure, passed: report.passed,
                programs: report.programs, linkedAndRun: report.programs - report.reused,
                reused: report.reused, skipped: report.skipped.count, failures: report.failures.count,
                seconds: report.seconds)
            cases.append(item)
            log(
                String(
                    format: "%@: %.1f s, %d linked and run, %d reused, %d skipped (%@)", name, item.seconds,
                    item.linkedAndRun, item.reused, item.skipped, PassCatalog.displayName(of: item.pipeline)))
        }
        try measure(
            "cold, link through driver", Self.passingLists[0],
            on: try validator(store: "driver", stop: false, throughDriver: true))
        try measure("cold", Self.passingLists[0], on: try validator(store: "passing", stop: false))
        for pipeline in Self.passingLists[1...warmLists] {
            // A fresh validator: nothing in memory, only what the store kept.
            try measure("warm", pipeline, on: try validator(store: "passing", stop: false))
        }
        try measure("failing, full report", Self.failingList, on: try validator(store: "failing-full", stop: false))
        try measure(
            "failing, stop at first failure", Self.failingList,
            on: try validator(store: "failing-stop", stop: true))
        try measure(
            "failing, stop, store has history", Self.failingList + "function(lower-expect)",
            on: try validator(store: "failing-full", stop: true))
        try measure(
            "time-outs, stop, as before", Self.timingOutList,
            on: try validator(store: "time-outs-before", stop: true, asBefore: true))
        try measure("time-outs, stop", Self.timingOutList, on: try validator(store: "time-outs", stop: true))
        let warm = cases.filter { $0.name == "warm" }.map(\.seconds)
        let driver = cases[0].seconds, cold = cases[1].seconds
        func seconds(_ name: String) -> Double { cases.first { $0.name == name }?.seconds ?? 0 }
        let full = seconds("failing, full report"), stop = seconds("failing, stop at first failure")
        return Report(
            provenance: Provenance(measurementProtocol, llvmVersion: PassListValidator.llvmVersion),
            suite: suite, jobs: jobs, cases: cases,
            warmToColdRatio: warm.reduce(0, +) / Double(warm.count) / max(cold, 1e-9),
            directToDriverLinkRatio: cold / max(driver, 1e-9),
            stopToFullRatio: stop / max(full, 1e-9),
            timeOutsNowToBeforeRatio: seconds("time-outs, stop") / max(seconds("time-outs, stop, as before"), 1e-9),
            seconds: Date().timeIntervalSince(started))
    }
}
