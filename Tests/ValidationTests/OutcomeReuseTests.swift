import CodeSize
import Foundation
import Pipelines
import Store
import Testing
import TestSupport
import Toolchain
import Validation

/// Program outcomes kept in the store and reused across validators (and so
/// across runs), and validations that stop at their first failure. Real
/// engine, clang-19, sandbox and SQLite, on HumanEval-X subsets.
@Suite(.serialized) struct OutcomeReuseTests {
    static func validator(
        _ suite: String, store: ResultStore, stop: Bool = false,
        jobs: Int = 2
    ) throws -> PassListValidator {
        let configuration = ValidationConfiguration(humanEvalPath: suite, jobs: jobs, stopAtFirstFailure: stop)
        return PassListValidator(
            engine: try ValidationFixtures.engine(jobs: jobs), toolchain: try Toolchain.find(),
            configuration: configuration, store: store)
    }

    @Test func outcomesOutliveTheValidatorAndAreReusedOnlyForIdenticalObjects() throws {
        let directory = Fixtures.temporaryDirectory("outcome-reuse")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let programs = ["CPP/2", "CPP/20", "CPP/21", "CPP/96", "CPP/154"]
        let suite = try ValidationFixtures.subset(Set(programs), in: directory)
        let path = directory + "/results.sqlite"

        let first = try Self.validator(suite, store: try ResultStore(path: path))
            .validate(pipeline: "module(default<Oz>)", measurementProtocol: .shipping)
        #expect(first.passed && first.programs == 5 && first.reused == 0)
        let stored = try ResultStore(path: path).programOutcomes()
        #expect(Set(stored.map(\.program)) == Set(programs) && stored.count == 5)
        #expect(stored.allSatisfy { $0.outcome == "passed" && $0.objectDigest.count == 64 && $0.suite == first.suite })
        #expect(stored.allSatisfy { $0.protocolKey == MeasurementProtocol.shipping.storeKey })
        #expect(stored.allSatisfy { $0.llvmVersion == first.llvmVersion })

        // Another process's validator: a pass with nothing left to do gives
        // the same objects, so no program is linked and run again.
        let second = try Self.validator(suite, store: try ResultStore(path: path))
            .validate(pipeline: "module(default<Oz>),function(lower-expect)", measurementProtocol: .shipping)
        #expect(!second.cached)
        #expect(second.passed && second.programs == 5)
        #expect(second.reused == 5, "\(second.results)")
        #expect(second.results.allSatisfy { $0.reused })
        #expect(second.results.map(\.outcome) == first.results.map(\.outcome))

        // The stored outcome is what decides. Plant a failure on two objects:
        // reused (an identical object). Plant time-outs: one seen twice under
        // a long limit is reused; one seen twice under a shorter limit than
        // the program's, or seen once, is not (it may be the machine's load).
        let store = try ResultStore(path: path)
        let planted = try store.programOutcomes().map { row in
            var row = row
            row.outcome = ["CPP/2", "CPP/96"].contains(row.program) ? ProgramOutcome.testFailed.rawValue : "timedOut"
            row.observations = row.program == "CPP/154" ? 1 : 2
            row.timeLimit = row.program == "CPP/21" ? 0.5 : 1000
            row.detail = "planted"
            return row
        }
        try store.record(outcomes: planted)
        let third = try Self.validator(suite, store: store)
            .validate(
                pipeline: "module(default<Oz>),function(lower-expect),function(lower-expect)",
                measurementProtocol: .shipping)
        #expect(!third.passed)
        #expect(third.failures.map(\.program) == ["CPP/2", "CPP/20", "CPP/96"])
        #expect(third.failures.allSatisfy { $0.detail == "planted" && $0.reused })
        #expect(third.failures.map(\.outcome) == [.testFailed, .timedOut, .testFailed])
        #expect(third.reused == 3)
        #expect(third.results.filter { !$0.reused }.map(\.program).sorted() == ["CPP/154", "CPP/21"])
        #expect(third.results.filter { !$0.reused }.allSatisfy { $0.outcome == .passed })

        // A list that gives other objects reuses nothing planted: every program runs.
        let other = try Self.validator(suite, store: store)
            .validate(pipeline: "function(simplifycfg)", measurementProtocol: .shipping)
        #expect(other.reused == 0)
        #expect(other.passed, "\(other.failures)")
        #expect(!other.results.contains { $0.detail == "planted" })
    }

    @Test func stoppingAtTheFirstFailureSkipsTheRestAndIsNeverAFullReport() throws {
        let directory = Fixtures.temporaryDirectory("stop-first")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Suite order: the two failures first, ten passing programs after them.
        let passing = (100...109).map { "CPP/\($0)" }
        let suite = try ValidationFixtures.subset(Set(["CPP/21", "CPP/96"] + passing), in: directory)
        let path = directory + "/results.sqlite"
        let list: Pipeline = "module(iroutliner),module(attributor)"

        // One engine worker, two programs in flight: both fail, nothing else starts.
        let stopped = try Self.validator(suite, store: try ResultStore(path: path), stop: true, jobs: 1)
            .validate(pipeline: list, measurementProtocol: .shipping)
        #expect(!stopped.passed)
        #expect(stopped.stoppedEarly)
        #expect(stopped.programs + stopped.skipped.count == 12)
        #expect(stopped.skipped.count >= 8, "\(stopped.results.map(\.program))")
        #expect(stopped.results.contains { $0.program == "CPP/21" && $0.outcome == .crashed })
        #expect(stopped.rendered.contains("stopped at the first failure: \(stopped.skipped.count) programs not run"))
        let verdict = try #require(try ResultStore(path: path).verdicts().first)
        #expect(!verdict.passed && verdict.skippedJSON != "[]")

        // A stopping validator takes the stored partial verdict as it is...
        let again = try Self.validator(suite, store: try ResultStore(path: path), stop: true, jobs: 1)
            .validate(pipeline: list, measurementProtocol: .shipping)
        #expect(again.cached && again.stoppedEarly && !again.passed && again.skipped == stopped.skipped)
        // ...a full one does not: it runs the list again, reusing what was run.
        let full = try Self.validator(suite, store: try ResultStore(path: path))
            .validate(pipeline: list, measurementProtocol: .shipping)
        #expect(!full.cached && !full.stoppedEarly && full.skipped.isEmpty)
        #expect(full.programs == 12 && !full.passed)
        #expect(Set(full.failures.map(\.program)).isSuperset(of: ["CPP/21", "CPP/96"]), "\(full.failures)")
        #expect(full.reused == stopped.results.filter { $0.outcome != .timedOut }.count)
        #expect(try ResultStore(path: path).verdicts().count == 1, "the full verdict replaced the partial one")
        let cachedFull = try Self.validator(suite, store: try ResultStore(path: path), stop: true)
            .validate(pipeline: list, measurementProtocol: .shipping)
        #expect(cachedFull.cached && !cachedFull.stoppedEarly && cachedFull.programs == 12)
    }

    @Test func programsThatFailedBeforeRunFirstAndATimeOutIsReusedOnceSeenTwice() throws {
        let directory = Fixtures.temporaryDirectory("stop-order")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // In suite order the failing CPP/20 (an endless loop), CPP/21 and
        // CPP/96 come after ten passing programs.
        let passing = (0...9).map { "CPP/\($0)" }
        let suite = try ValidationFixtures.subset(Set(passing + ["CPP/20", "CPP/21", "CPP/96"]), in: directory)
        let store = try ResultStore(path: directory + "/results.sqlite")
        let full = try Self.validator(suite, store: store).validate(
            pipeline: "module(iroutliner),module(attributor)",
            measurementProtocol: .shipping)
        #expect(Set(full.failures.map(\.program)) == ["CPP/20", "CPP/21", "CPP/96"], "\(full.failures)")
        #expect(full.failures.first?.outcome == .timedOut)
        // Another list that fails on them: with the store's failure counts
        // they are started first, the crash and the failed assertion before
        // the time-out, so the run stops after them without waiting for it.
        let stopped = try Self.validator(suite, store: store, stop: true, jobs: 1)
            .validate(
                pipeline: "module(iroutliner),module(attributor),function(lower-expect)",
                measurementProtocol: .shipping)
        #expect(stopped.stoppedEarly && !stopped.passed)
        #expect(Set(stopped.results.map(\.program)).isSuperset(of: ["CPP/21", "CPP/96"]), "\(stopped.results)")
        #expect(stopped.skipped.contains("CPP/20"))
        #expect(stopped.programs <= 4)

        // A real time-out is reused only once the object timed out twice in a row.
        let second = try Self.validator(suite, store: store)
            .validate(
                pipeline: "module(iroutliner),module(attributor),function(lower-expect)",
                measurementProtocol: .shipping)
        let again = try #require(second.results.first { $0.program == "CPP/20" })
        #expect(again.outcome == .timedOut && !again.reused, "seen once: run again")
        let third = try Self.validator(suite, store: store)
            .validate(
                pipeline: "module(iroutliner),module(attributor),function(lower-expect),function(lower-expect)",
                measurementProtocol: .shipping)
        let reused = try #require(third.results.first { $0.program == "CPP/20" })
        #expect(reused.outcome == .timedOut && reused.reused, "seen twice: reused")
        #expect(third.reused == 13)
    }

    @Test func aStoppedValidationKillsTheProgramsStillRunning() throws {
        let directory = Fixtures.temporaryDirectory("stop-in-flight")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Under this list (found by `tune` on WiringPi's lcd.c) CPP/19 and
        // CPP/20 loop endlessly and CPP/21 crashes at once; two engine
        // workers, four programs in flight: all three start together.
        let suite = try ValidationFixtures.subset(["CPP/19", "CPP/20", "CPP/21"], in: directory)
        let list: Pipeline =
            "function(tailcallelim),module(ipsccp),module(iroutliner),module(attributor),function(vector-combine)"
            + "function(separate-const-offset-from-gep)"
        func validator(_ store: String, killInFlight: Bool) throws -> PassListValidator {
            var configuration = ValidationConfiguration(
                humanEvalPath: suite, jobs: 2, programTimeout: killInFlight ? 60 : 10, stopAtFirstFailure: true)
            configuration.stopProgramsInFlight = killInFlight
            // Killing: the loops get 31 CPU seconds, so however loaded the
            // machine, CPP/21 crashes before they could time out.
            if killInFlight { configuration.minimumProgramSeconds = 30 }
            return PassListValidator(
                engine: try ValidationFixtures.engine(jobs: 2), toolchain: try Toolchain.find(),
                configuration: configuration, store: try ResultStore(path: "\(directory)/\(store).sqlite"))
        }
        // The crash decides the verdict; the loops are killed, not waited
        // for: no result, no stored outcome (a killed run says nothing of
        // its object).
        let stopped = try validator("killed", killInFlight: true).validate(
            pipeline: list, measurementProtocol: .shipping)
        #expect(!stopped.passed && stopped.stoppedEarly)
        #expect(stopped.results.map(\.program) == ["CPP/21"], "\(stopped.results)")
        #expect(stopped.results.first?.outcome == .crashed)
        #expect(stopped.skipped.sorted() == ["CPP/19", "CPP/20"])
        let outcomes = try ResultStore(path: "\(directory)/killed.sqlite").programOutcomes()
        #expect(outcomes.map(\.program) == ["CPP/21"])
        // Left to run, the loops end at their CPU limit: time-outs.
        let waited = try validator("waited", killInFlight: false).validate(
            pipeline: list, measurementProtocol: .shipping)
        #expect(!waited.passed && waited.skipped.isEmpty)
        #expect(waited.failures.map(\.outcome) == [.timedOut, .timedOut, .crashed], "\(waited.failures)")
    }
}
