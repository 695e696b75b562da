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

    /// The engine starts its workers with address-space randomisation off
    /// (`fixedAddressLayout`), so that they need not re-execute themselves.
    @Test func aFixedAddressLayoutTurnsRandomisationOffInTheChildOnly() throws {
        func personality(fixed: Bool) throws -> UInt32? {
            let child = try SpawnedProcess.spawn(
                "/bin/cat", ["/proc/self/personality"], standardError: .inherit, fixedAddressLayout: fixed)
            child.closeInput()
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 64)
            while true {
                let count = read(child.outputFD, &buffer, buffer.count)
                if count <= 0 { break }
                bytes += buffer.prefix(count)
            }
            #expect(child.wait() == .exited(0))
            return UInt32(
                String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), radix: 16)
        }
        let addressNoRandomize: UInt32 = 0x0040000
        let fixed = try #require(try personality(fixed: true))
        let ordinary = try #require(try personality(fixed: false))
        #expect(fixed & addressNoRandomize != 0)
        #expect(ordinary & addressNoRandomize == 0, "this process and its other children keep randomisation")
    }
}
