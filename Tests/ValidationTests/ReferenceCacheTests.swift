import Foundation
import Testing
import TestSupport
import Toolchain

@testable import Validation

/// What the reference cache remembers of a csmith-like program whose reference fails.
@Suite(.serialized) struct ReferenceCacheTests {
    static func program(_ name: String, _ body: String) -> TestProgram {
        TestProgram(
            name: "csmith/\(name)", language: .c, source: "int main(void) { \(body) }", compileFlags: [], linkFlags: [],
            referenceLevel: "-O0")
    }

    /// A time-out may be the machine's load: excluded for this run and tried again. A reference that exits
    /// with an error is the program's own fault: excluded and remembered.
    @Test func aTimeOutIsNotRememberedAFailureIs() throws {
        let directory = Fixtures.temporaryDirectory("reference-cache")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ReferenceCache(directory: directory, toolchain: try Toolchain.find(), sandbox: Sandbox(timeout: 1))
        let endless = Self.program("endless", "volatile int x = 0; for (;;) x++; return 0;")
        let failing = Self.program("failing", "return 3;")
        for _ in 0..<2 {
            guard case .excluded(_, let reason) = try cache.entry(for: endless, excludeFailingReference: true) else {
                Issue.record("an endless reference was not excluded")
                return
            }
            #expect(reason.contains("timed out"), "\(reason)")
            #expect(!FileManager.default.fileExists(atPath: "\(directory)/\(endless.fileStem).reference.json"))
        }
        guard case .excluded(_, let reason) = try cache.entry(for: failing, excludeFailingReference: true) else {
            Issue.record("a failing reference was not excluded")
            return
        }
        #expect(reason.contains("exit status 3"), "\(reason)")
        #expect(FileManager.default.fileExists(atPath: "\(directory)/\(failing.fileStem).reference.json"))
    }
}
