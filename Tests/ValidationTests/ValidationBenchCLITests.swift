import Foundation
import Testing
import TestSupport
import Toolchain

/// `passlab bench validation` on a HumanEval-X subset: every case runs,
/// and the counts say what was linked and run, reused and skipped.
@Suite(.serialized) struct ValidationBenchCLITests {
    @Test func measuresColdWarmFullAndStoppedValidationsSideBySide() throws {
        let directory = Fixtures.temporaryDirectory("bench-validation")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let suite = try ValidationFixtures.subset(["CPP/2", "CPP/20", "CPP/21", "CPP/96", "CPP/154"], in: directory)
        let arguments = ["bench", "validation", "--humaneval", suite, "--jobs", "1", "--json"]
        let result = try ProcessRunner.run(ProcessRequest(Fixtures.passlabExecutable, arguments, timeout: 900))
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput)) as? [String: Any])
        let allCases = try #require(report["cases"] as? [[String: Any]])
        #expect(
            allCases.map { $0["name"] as? String } == [
                "cold, link through driver", "cold", "warm", "failing, full report",
                "failing, stop at first failure", "failing, stop, store has history",
                "time-outs, stop, as before", "time-outs, stop",
            ])
        guard allCases.count == 8 else { return }
        // Linking through the driver or replaying its command: the same outcomes, each on a store of its own.
        #expect(
            allCases[0]["passed"] as? Bool == true && allCases[0]["linkedAndRun"] as? Int == 5
                && allCases[0]["reused"] as? Int == 0)
        #expect((report["directToDriverLinkRatio"] as? Double ?? 0) > 0)
        let cases = Array(allCases.dropFirst())
        func value(_ index: Int, _ key: String) -> Int? { cases[index][key] as? Int }
        // Cold: everything linked and run. Warm: -Oz plus a pass that changes nothing, all reused.
        #expect(cases[0]["passed"] as? Bool == true && value(0, "linkedAndRun") == 5 && value(0, "reused") == 0)
        #expect(cases[1]["passed"] as? Bool == true && value(1, "linkedAndRun") == 0 && value(1, "reused") == 5)
        #expect(cases[1]["pipeline"] as? String == "module(default<Oz>),function(lower-expect)")
        // The failing list: CPP/20 loops, CPP/21 crashes, CPP/96 fails an assertion.
        #expect(cases[2]["passed"] as? Bool == false && value(2, "failures") == 3 && value(2, "skipped") == 0)
        #expect(cases[3]["passed"] as? Bool == false && cases[3]["stopAtFirstFailure"] as? Bool == true)
        #expect((value(3, "programs") ?? 0) + (value(3, "skipped") ?? 0) == 5)
        // With the full run's outcomes: its two failures start first, are reused, and the run stops there.
        #expect(cases[4]["passed"] as? Bool == false && value(4, "reused") == 2 && value(4, "linkedAndRun") == 0)
        #expect(value(4, "skipped") == 3)
        // The list with endless loops, in suite order: CPP/2 passes, CPP/20
        // loops, CPP/21 crashes. As before, the loop runs to its time-out
        // (6 CPU seconds: CPP/21 crashes long before); now it is killed when
        // the crash is seen and counts as skipped, unless a loaded machine
        // let it reach its 3 s first (exact counts: OutcomeReuseTests).
        #expect(cases[5]["passed"] as? Bool == false && value(5, "programs") == 3 && value(5, "failures") == 2)
        #expect(cases[6]["passed"] as? Bool == false && (value(6, "failures") ?? 0) >= 1)
        #expect((value(6, "programs") ?? 0) + (value(6, "skipped") ?? 0) == 5 && (value(6, "skipped") ?? 0) >= 2)
        #expect((report["timeOutsNowToBeforeRatio"] as? Double ?? 0) > 0)
        #expect((report["warmToColdRatio"] as? Double ?? 0) > 0 && (report["stopToFullRatio"] as? Double ?? 0) > 0)

        let usage = try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable,
                ["bench", "validation", "--lists", "9"], timeout: 60))
        #expect(usage.termination == .exited(64))
        #expect(usage.stderrText.contains("--lists") && usage.stderrText.contains("9"))
    }
}
