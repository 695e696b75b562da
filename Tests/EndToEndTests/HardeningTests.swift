import Foundation
import Pipelines
import Testing
import TestSupport
import Toolchain

/// The binary against hostile or broken inputs (issue 18, items 8, 10 and
/// 12): untrusted text reaches the terminal escaped, a pipeline that breaks
/// the module gives no size, and the smaller mistakes get clear messages.
@Suite struct HardeningTests {
    static let program = Fixtures.programs + "/02_crc32_adler.c"

    static func passlab(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            ProcessRequest(Fixtures.passlabExecutable, arguments, workingDirectory: directory, timeout: 300))
    }

    @Test func aPipelineThatBreaksTheModuleHasNoSize() throws {
        let result = try Self.passlab(["size", Self.program, "-p", "function(trigger-verifier-error)", "--json"])
        #expect(result.termination == .exited(70), "\(result.termination): \(result.stdoutText)")
        #expect(result.stdoutText.isEmpty, "no size: \(result.stdoutText)")
        #expect(
            result.stderrText.contains("broken module") && result.stderrText.contains("verifier"),
            "\(result.stderrText)")
        let compare = try Self.passlab(["compare", Self.program, "-p", "function(trigger-verifier-error)", "--json"])
        #expect(compare.termination == .exited(0), "\(compare.stderrText)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(compare.standardOutput)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        let broken = try #require(
            rows.first { ($0["pipeline"] as? String)?.contains("trigger-verifier-error") == true })
        #expect(broken["binarySize"] == nil)
        #expect(broken["outcome"] as? String == "broken module")
    }

    @Test func controlCharactersInAPassNameAreEscaped() throws {
        let result = try Self.passlab([
            "size", Self.program, "-p", "function(instcombine\u{1B}]0;PWNED\u{07}\u{1B}[2J)",
        ])
        #expect(result.termination == .exited(64))
        #expect(
            !result.stderrText.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "no raw ESC or BEL")
        #expect(result.stderrText.contains("instcombine\\e]0;PWNED\\a\\e[2J"), "\(result.stderrText)")
    }

    @Test func fileContentsQuotedInAnErrorAreEscaped() throws {
        let directory = Fixtures.temporaryDirectory("hostile-ir")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/bad.ll"
        try "define i32 @f() {\n  %x = \u{1B}[2Jfrobnicate\u{1B}]0;PWNED\u{07} i32 1\n  ret i32 0\n}\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let result = try Self.passlab(["size", path])
        #expect(result.termination == .exited(65), "\(result.stderrText)")
        #expect(
            !result.stderrText.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 },
            "no raw ESC or BEL: \(result.stderrText)")
    }

    @Test func aDirectoryGivenAsAFileIsNamedSo() throws {
        let directory = Fixtures.temporaryDirectory("dir-input")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.passlab(["size", directory])
        #expect(result.termination == .exited(64))
        #expect(result.stderrText.contains("\(directory) is a directory"), "\(result.stderrText)")
        #expect(!result.stderrText.contains("unsupported file type"))
    }

    @Test func promptFlagTuningChecksItsIRAsEveryCommandDoes() throws {
        let directory = Fixtures.temporaryDirectory("prompt-garbage")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "this is not IR\n".write(toFile: directory + "/garbage.ll", atomically: true, encoding: .utf8)
        let garbage = try Self.passlab(["prompt", "flag-tuning", directory + "/garbage.ll"])
        #expect(garbage.termination == .exited(65), "\(garbage.termination) \(garbage.stdoutText.prefix(200))")
        #expect(garbage.stdoutText.isEmpty)
        #expect(garbage.stderrText.contains("garbage.ll"), "\(garbage.stderrText)")
        let size = try Self.passlab(["size", directory + "/garbage.ll"])
        #expect(size.termination == garbage.termination)
    }

    @Test func aCFileThatDoesNotCompileIsSkippedAndCounted() throws {
        let directory = Fixtures.temporaryDirectory("autotune-skip")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "int broken( { return 0; }\n".write(toFile: directory + "/broken.c", atomically: true, encoding: .utf8)
        try "this is not IR\n".write(toFile: directory + "/broken.ll", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Fixtures.programs + "/09_bits.c", toPath: directory + "/good.c")
        let result = try Self.passlab([
            "autotune", directory + "/broken.c", directory + "/broken.ll", directory + "/good.c",
            "--budget", "2", "--no-validate", "--db", directory + "/store.sqlite", "--json",
        ])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        #expect(result.stderrText.contains("skipped \(directory)/broken.c"), "\(result.stderrText)")
        #expect(result.stderrText.contains("skipped \(directory)/broken.ll"), "\(result.stderrText)")
        #expect(result.stderrText.contains("skipped 2 of 3 programs"), "\(result.stderrText)")
        #expect(result.stdoutText.contains("good.c"))
    }
}
