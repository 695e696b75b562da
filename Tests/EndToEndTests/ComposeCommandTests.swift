import CodeSize
import Foundation
import Testing
import TestSupport
import Toolchain

/// `passlab compose`: per-function pass lists from the command line.
@Suite struct ComposeCommandTests {
    static var library: String { Fixtures.compositionLibrary }

    static func passlab(_ arguments: [String], in directory: String) throws -> ProcessResult {
        try ProcessRunner.run(
            ProcessRequest(Fixtures.passlabExecutable, arguments, workingDirectory: directory, timeout: 300))
    }

    @Test func composesPrintsTheCompositionAndAppliesItAgainExactly() throws {
        let directory = Fixtures.temporaryDirectory("compose-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.library.write(toFile: directory + "/library.c", atomically: true, encoding: .utf8)
        // Both lists must beat each other on some function for a composition: -Oz and a
        // cleanup-only list; the worker keeps `total` from whichever list compiles it smaller.
        let lists = ["--list", "module(default<Oz>)", "--list", "function(sroa,instcombine)"]
        let first = try Self.passlab(["compose", "library.c"] + lists + ["--json", "-c", "-o", "a.o"], in: directory)
        #expect(first.termination.succeeded, "\(first.stderrText)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(first.standardOutput)) as? [String: Any])
        let composition = try #require(answer["composition"] as? [String: Any])
        let object = try Data(contentsOf: URL(fileURLWithPath: directory + "/a.o"))
        #expect(answer["binarySize"] as? Int == (try ELFObject.sizes(of: [UInt8](object))).binarySize)
        #expect((composition["lists"] as? [String])?.count == 2)
        let functions = try #require(composition["functions"] as? [String: Int])
        #expect(functions["scaled"] == nil, "scaled needs helper, which -Oz inlined away")

        let file = directory + "/composition.json"
        try JSONSerialization.data(withJSONObject: composition).write(to: URL(fileURLWithPath: file))
        let again = try Self.passlab(["compose", "library.c", "--composition", file, "-c", "-o", "b.o"], in: directory)
        #expect(again.termination.succeeded, "\(again.stderrText)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/b.o")) == object)
        #expect(
            again.stdoutText.contains("result        \(answer["binarySize"] as? Int ?? -1) bytes"),
            "\(again.stdoutText)")

        // The IR written lowers, with llc-19 as the README says, to the same object bytes and
        // without a word: a moved body must not leave an empty `!llvm.dbg.cu` behind, on which
        // LLVM warns "ignoring debug info with an invalid version (0)".
        #expect(!functions.isEmpty, "a body moved, so the transplant ran")
        let ir = try Self.passlab(["compose", "library.c", "--composition", file, "-o", "c.ll"], in: directory)
        #expect(ir.termination.succeeded, "\(ir.stderrText)")
        let text = try String(contentsOfFile: directory + "/c.ll", encoding: .utf8)
        #expect(!text.contains("llvm.dbg"), "no debug metadata in a module compiled without -g")
        let lowered = try ProcessRunner.run(
            ProcessRequest(
                try Toolchain.find().llc,
                ["-O2", "-relocation-model=pic", "-filetype=obj", directory + "/c.ll", "-o", directory + "/c.o"],
                timeout: 120))
        #expect(lowered.termination.succeeded && lowered.stderrText.isEmpty, "\(lowered.stderrText)")
        let sizes = try ELFObject.sizes(of: [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/c.o"))))
        #expect(sizes.binarySize == answer["binarySize"] as? Int)
    }

    @Test func badInputIsNamedWithTheFix() throws {
        let directory = Fixtures.temporaryDirectory("compose-cli-bad")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.library.write(toFile: directory + "/library.c", atomically: true, encoding: .utf8)
        let one = try Self.passlab(["compose", "library.c", "--list", "module(default<Oz>)"], in: directory)
        #expect(one.termination == .exited(64))
        #expect(one.stderrText.contains("give two or more --list pipelines"))
        let unknown = try Self.passlab(
            ["compose", "library.c", "--list", "module(default<Oz>)", "--list", "function(nosuchpass)"],
            in: directory)
        #expect(unknown.termination == .exited(64))
        #expect(unknown.stderrText.contains("unknown pass 'nosuchpass'"))
        try Data(#"{"lists": ["module(default<Oz>)"], "functions": {"total": 3}}"#.utf8).write(
            to: URL(fileURLWithPath: directory + "/c.json"))
        let bad = try Self.passlab(
            ["compose", "library.c", "--composition", "c.json", "-c", "-o", "x.o"], in: directory)
        #expect(bad.termination == .exited(65))
        #expect(bad.stderrText.contains("c.json") && bad.stderrText.contains("function indices"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/x.o"), "nothing half-written")
    }
}
