import Foundation
import Testing
import TestSupport
import Toolchain

/// `passlab validate` as a user runs it: exit codes, JSON keys, messages.
@Suite(.serialized) struct ValidateCLITests {
    static func passlab(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest(Fixtures.passlabExecutable, arguments, timeout: 600))
    }

    @Test func failingListExitsOneAndReportsEachFailureInJSON() throws {
        let directory = Fixtures.temporaryDirectory("validate-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let suite = try ValidationFixtures.subset(["CPP/2", "CPP/21"], in: directory)
        let result = try Self.passlab([
            "validate", "-p", "module(iroutliner),module(attributor)", "--humaneval", suite, "--json", "--db",
            directory + "/r.sqlite",
        ])
        #expect(result.termination == .exited(1), "\(result.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput)) as? [String: Any])
        for key in [
            "pipeline", "programs", "passed", "failures", "seconds", "protocolKey", "provenance", "suite",
            "llvmVersion", "cached",
            "counts",
        ] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["programs"] as? Int == 2)
        #expect(object["passed"] as? Bool == false)
        let failures = try #require(object["failures"] as? [[String: Any]])
        #expect(failures.map { $0["program"] as? String } == ["CPP/21"])
        #expect(failures.first?["outcome"] as? String == "crashed")
        #expect(failures.first?["detail"] as? String != nil)

        let text = try Self.passlab([
            "validate", "-p", "module(iroutliner),module(attributor)", "--humaneval", suite, "--db",
            directory + "/r.sqlite",
        ])
        #expect(text.termination == .exited(1))
        #expect(text.stdoutText.contains("CPP/21: crashed: killed by SIGSEGV"))
        #expect(
            text.stdoutText.contains("FAILED") && text.stdoutText.contains("1 passed, 1 crashed")
                && text.stdoutText.contains("cached verdict"))

        let alias = try Self.passlab(["validate", "-p", "clang-Oz", "--humaneval", suite])
        #expect(alias.termination == .exited(0), "\(alias.stderrText)")
        #expect(alias.stdoutText.contains("PASSED"))
    }

    @Test func stopAtFirstFailureGivesAPartialFailedReportAndTheFullOneStillRuns() throws {
        let directory = Fixtures.temporaryDirectory("validate-stop")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // CPP/21 (crashes under the list) first in suite order, ten more after it.
        let suite = try ValidationFixtures.subset(Set(["CPP/21"] + (100...109).map { "CPP/\($0)" }), in: directory)
        let common = [
            "validate", "-p", "module(iroutliner),module(attributor)", "--humaneval", suite,
            "--db", directory + "/r.sqlite", "--jobs", "1",
        ]
        let stopped = try Self.passlab(common + ["--stop-at-first-failure", "--json"])
        #expect(stopped.termination == .exited(1), "\(stopped.stderrText)")
        let partial = try #require(
            try JSONSerialization.jsonObject(with: Data(stopped.standardOutput))
                as? [String: Any])
        #expect(partial["passed"] as? Bool == false)
        #expect(partial["stoppedEarly"] as? Bool == true)
        let skipped = try #require(partial["skipped"] as? [String])
        #expect(!skipped.isEmpty)
        #expect((partial["programs"] as? Int ?? 0) + skipped.count == 11)

        // Without the flag the report is full: the partial verdict is not taken for one.
        let text = try Self.passlab(common)
        #expect(text.termination == .exited(1))
        #expect(text.stdoutText.contains("FAILED") && text.stdoutText.contains("on 11 programs"), "\(text.stdoutText)")
        #expect(!text.stdoutText.contains("stopped at the first failure"))
        #expect(!text.stdoutText.contains("cached verdict"))
        #expect(text.stdoutText.contains("CPP/21: crashed"))
        #expect(
            text.stdoutText.contains("reused (identical objects already run)"),
            "what the stopped run ran is reused")
        let full = try Self.passlab(common + ["--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(full.standardOutput)) as? [String: Any])
        #expect(report["cached"] as? Bool == true && report["stoppedEarly"] as? Bool == false)
        #expect(report["skipped"] as? [String] == [] && report["programs"] as? Int == 11)
    }

    @Test func mistakesExit64NamingTheValue() throws {
        let pass = try Self.passlab(["validate", "-p", "function(instcombin)"])
        #expect(pass.termination == .exited(64))
        #expect(pass.stderrText.contains("instcombin"))
        let suite = try Self.passlab(["validate", "-p", "module(default<Oz>)", "--suite", "spec2017"])
        #expect(suite.termination == .exited(64))
        #expect(suite.stderrText.contains("spec2017") && suite.stderrText.contains("humaneval-x"))
        let missing = try Self.passlab([
            "validate", "-p", "module(default<Oz>)", "--humaneval", "/nonexistent/h.jsonl.gz",
        ])
        #expect(missing.termination == .exited(64))
        #expect(missing.stderrText.contains("/nonexistent/h.jsonl.gz"))
    }
}
