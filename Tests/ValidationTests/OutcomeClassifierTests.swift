import CodeSize
import Foundation
import Testing
import Toolchain
@testable import Validation

/// The outcome rules on hand-made runs (no processes).
@Suite struct OutcomeClassifierTests {
    static func record(
        exit: Int32? = 0, signal: Int32? = nil, stdout: String = "", stderr: String = "", timedOut: Bool = false,
        seconds: Double = 0.01
    ) -> RunRecord {
        RunRecord(
            exitStatus: exit, signal: signal, standardOutput: Data(stdout.utf8), standardErrorTail: stderr,
            timedOut: timedOut,
            outputTruncated: false, seconds: seconds)
    }

    @Test func eachOutcomeHasItsRule() {
        let reference = Self.record(stdout: "checksum = 1\n")
        #expect(
            OutcomeClassifier.classify(test: Self.record(stdout: "checksum = 1\n"), reference: reference).0 == .passed)
        #expect(
            OutcomeClassifier.classify(test: Self.record(stdout: "checksum = 2\n"), reference: reference).0 == .diverged
        )
        #expect(
            OutcomeClassifier.classify(test: Self.record(stdout: "checksum = 2\n"), reference: reference).1.contains(
                "line 1"))
        let assertion = Self.record(
            exit: nil, signal: SIGABRT, stderr: "a.out: x.cpp:12: int main(): Assertion `f(1) == 2' failed.\n")
        let failed = OutcomeClassifier.classify(test: assertion, reference: reference)
        #expect(failed.0 == .testFailed)
        #expect(failed.1.contains("Assertion `f(1) == 2' failed"))
        #expect(OutcomeClassifier.classify(test: Self.record(exit: 1), reference: reference).0 == .testFailed)
        #expect(
            OutcomeClassifier.classify(test: Self.record(exit: nil, signal: SIGSEGV), reference: reference).0
                == .crashed)
        #expect(
            OutcomeClassifier.classify(test: Self.record(exit: nil, signal: SIGABRT), reference: reference).0
                == .crashed,
            "an abort without an assertion message is a crash")
        #expect(
            OutcomeClassifier.classify(
                test: Self.record(exit: nil, signal: SIGKILL, timedOut: true, seconds: 2), reference: reference
            ).0 == .timedOut)
        #expect(
            OutcomeClassifier.classify(test: Self.record(exit: nil, signal: SIGXCPU), reference: reference).0
                == .timedOut)
        // A reference that itself exits 2: another status is a divergence, not a failed test.
        #expect(OutcomeClassifier.classify(test: Self.record(exit: 3), reference: Self.record(exit: 2)).0 == .diverged)
        #expect(OutcomeClassifier.classify(test: Self.record(exit: 2), reference: Self.record(exit: 2)).0 == .passed)
    }

    @Test func reportPassesOnlyWhenEveryProgramPasses() {
        let passing = [
            ProgramResult(program: "CPP/0", outcome: .passed), ProgramResult(program: "CPP/1", outcome: .passed),
        ]
        let good = ValidationReport(
            pipeline: "p", measurementProtocol: .shipping, suite: "s", llvmVersion: "19.1.7", results: passing,
            excluded: [], seconds: 1)
        #expect(good.passed && good.failures.isEmpty && good.counts == ["passed": 2])
        let bad = ValidationReport(
            pipeline: "p", measurementProtocol: .shipping, suite: "s", llvmVersion: "19.1.7",
            results: passing + [ProgramResult(program: "CPP/2", outcome: .crashed, detail: "killed by SIGSEGV")],
            excluded: [], seconds: 1)
        #expect(!bad.passed)
        #expect(bad.failures.map(\.program) == ["CPP/2"])
        #expect(bad.rendered.contains("CPP/2: crashed: killed by SIGSEGV"))
        #expect(bad.rendered.contains("FAILED") && bad.rendered.contains("2 passed, 1 crashed"))
        #expect(
            !ValidationReport(
                pipeline: "p", measurementProtocol: .shipping, suite: "s", llvmVersion: "19.1.7", results: [],
                excluded: [], seconds: 0
            ).passed,
            "no program run is no evidence")
    }
}
