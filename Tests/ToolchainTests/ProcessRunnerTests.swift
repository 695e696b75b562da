import Foundation
import Testing
import Toolchain

/// `ProcessRunner`'s deadline and cancellation hold for the whole life of
/// the child, not only while its outputs are open.
@Suite struct ProcessRunnerTests {
    /// A child that closes its outputs and goes on: before, the runner
    /// stopped watching at end of file and waited for it without a limit.
    static let closesItsOutputsAndSleeps = ["-c", "exec >&- 2>&-; sleep 60"]

    @Test func aChildThatClosesItsOutputsStillTimesOut() throws {
        let started = Date()
        let result = try ProcessRunner.run(ProcessRequest("/bin/sh", Self.closesItsOutputsAndSleeps, timeout: 1))
        #expect(result.timedOut && !result.cancelled, "\(result.termination)")
        #expect(result.termination == .signaled(SIGKILL))
        #expect(Date().timeIntervalSince(started) < 50, "killed at its 1 s deadline, not after its 60 s sleep")
    }

    @Test func aChildThatClosesItsOutputsCanStillBeCancelled() throws {
        let started = Date()
        var request = ProcessRequest("/bin/sh", Self.closesItsOutputsAndSleeps, timeout: 120)
        request.cancelled = { Date().timeIntervalSince(started) > 0.5 }
        let result = try ProcessRunner.run(request)
        #expect(result.cancelled && !result.timedOut, "\(result.termination)")
        #expect(Date().timeIntervalSince(started) < 50)
    }

    @Test func anOrdinaryChildEndsAsItDoes() throws {
        let result = try ProcessRunner.run(ProcessRequest("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"]))
        #expect(result.termination == .exited(3))
        #expect(result.stdoutText == "out\n" && result.stderrText == "err\n")
        #expect(!result.timedOut && !result.cancelled)
    }
}
