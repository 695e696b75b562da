import DropInPlanning
import Foundation
import Testing
import TestSupport
import Toolchain

/// `passlab` (the entry point) and passlab-dropin: a command that `passlab
/// cc` only passes to the compiler runs without passlab-core (so without
/// libLLVM and the engine); everything else is passlab-core's.
@Suite struct LauncherTests {
    /// `passlab` and passlab-dropin alone in a directory (no passlab-core
    /// beside them): what passlab-dropin runs itself works and is clang's;
    /// what needs PassLab fails with the fix, writing nothing.
    @Test func passThroughsNeedNoCore() throws {
        let directory = Fixtures.temporaryDirectory("launcher")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lone = directory + "/bin/passlab"
        try FileManager.default.createDirectory(atPath: directory + "/bin", withIntermediateDirectories: true)
        // Copied by cp, not in this process: a file this process had open for writing would be inherited by the
        // children other tests start meanwhile, and running it would fail with ETXTBSY.
        let built = (Fixtures.passlabExecutable as NSString).deletingLastPathComponent
        for name in ["passlab", "passlab-dropin"] {
            let copy = try ProcessRunner.run(ProcessRequest("/bin/cp", [built + "/" + name, directory + "/bin/"]))
            #expect(copy.termination.succeeded)
        }
        let source = Fixtures.programs + "/24_calendar.c"
        try FileManager.default.copyItem(atPath: source, toPath: directory + "/conftest.c")
        let clang = try Toolchain.findCompiler(cxx: false)
        var environment = ProcessInfo.processInfo.environment
        environment["PASSLAB_CACHE_DIR"] = directory + "/cache"
        func run(_ executable: String, _ arguments: [String], extra: [String: String] = [:]) throws -> ProcessResult {
            try ProcessRunner.run(
                ProcessRequest(
                    executable, arguments, workingDirectory: directory, environment: environment.merging(extra) { $1 },
                    timeout: 120))
        }
        func bytes(_ name: String) -> Data? { FileManager.default.contents(atPath: directory + "/" + name) }

        // Preprocessing, a query, an -O2 compile, configure's check at -Oz, and the launcher form: clang's own.
        for (ours, theirs) in [
            (["cc", "-E", "-Oz", source], ["-E", "-Oz", source]),
            (["cc", "--version"], ["--version"]),
            (["cc", "-O2", "-c", source, "-o", "o2.o"], ["-O2", "-c", source, "-o", "o2-clang.o"]),
            (
                ["cc", "-Oz", "-c", "conftest.c", "-o", "conftest.o"],
                ["-Oz", "-c", "conftest.c", "-o", "conftest-clang.o"]
            ),
            ([clang, "-E", source], ["-E", source]),
            (["clang-19", "--version"], ["--version"]),
        ] {
            let result = try run(lone, ours)
            let expected = try run(clang, theirs)
            #expect(result.termination == expected.termination, "\(ours): \(result.stderrText)")
            #expect(result.standardOutput == expected.standardOutput, "\(ours)")
        }
        #expect(bytes("o2.o") != nil && bytes("o2.o") == bytes("o2-clang.o"))
        #expect(bytes("conftest.o") != nil && bytes("conftest.o") == bytes("conftest-clang.o"))
        // PASSLAB_DISABLE=1: even a size-level compile is clang's alone.
        #expect(
            try run(lone, ["cc", "-Oz", "-c", source, "-o", "off.o"], extra: ["PASSLAB_DISABLE": "1"]).termination
                .succeeded)
        #expect(try run(clang, ["-Oz", "-c", source, "-o", "off-clang.o"]).termination.succeeded)
        #expect(bytes("off.o") != nil && bytes("off.o") == bytes("off-clang.o"))
        // Nothing was recorded: none of it was PassLab's.
        #expect(!FileManager.default.fileExists(atPath: directory + "/cache/cc.sqlite"))

        // A size-level compile, a link to measure, a subcommand: passlab-core's, which is missing here.
        for arguments in [["cc", "-Oz", "-c", source, "-o", "tuned.o"], ["cc", "o2.o", "-o", "prog"], ["--version"]] {
            let result = try run(lone, arguments)
            #expect(result.termination == .exited(127), "\(arguments): \(result.termination)")
            #expect(result.stderrText.contains(directory + "/bin/passlab-core"), "\(arguments): \(result.stderrText)")
            #expect(result.stderrText.contains("scripts/build-release"), "\(arguments): \(result.stderrText)")
        }
        #expect(bytes("tuned.o") == nil && bytes("prog") == nil)
    }

    /// Through a symbolic link (passlab on PATH), `passlab` finds the
    /// executables beside the file it links to.
    @Test func aSymbolicLinkFindsTheCore() throws {
        let directory = Fixtures.temporaryDirectory("launcher-link")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/passlab", withDestinationPath: Fixtures.passlabExecutable)
        let result = try ProcessRunner.run(ProcessRequest(directory + "/passlab", ["--version"], timeout: 60))
        #expect(result.termination.succeeded, "\(result.stderrText)")
        #expect(result.stdoutText.hasPrefix("passlab "))
        let compiler = try ProcessRunner.run(ProcessRequest(directory + "/passlab", ["cc", "--version"], timeout: 60))
        #expect(compiler.termination.succeeded, "\(compiler.stderrText)")
        #expect(compiler.stdoutText.contains("clang version 19"), "\(compiler.stdoutText)")
    }

    /// passlab-dropin takes `passlab WORD ...` for a compiler (CMake's
    /// launcher form) without knowing PassLab's subcommands: none may look
    /// like one. Read from passlab's own help, so a new subcommand is checked.
    @Test func noSubcommandLooksLikeACompiler() throws {
        let help = try ProcessRunner.run(ProcessRequest(Fixtures.passlabExecutable, ["--help"], timeout: 60))
        #expect(help.termination.succeeded)
        var names = ["help", "worker", "generate-catalog"]
        var inSubcommands = false
        for line in help.stdoutText.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix("SUBCOMMANDS:") {
                inSubcommands = true
            } else if line.isEmpty {
                inSubcommands = false
            } else if inSubcommands, line.hasPrefix("  "), !line.hasPrefix("   "),
                let name = line.split(separator: " ").first
            {
                names.append(String(name))
            }
        }
        #expect(names.contains("tune") && names.contains("bench") && names.contains("lift"), "\(names)")
        for name in names where name != "cc" {
            #expect(DropInEntry.parse([name, "x.c"], subcommands: []) == nil, "\(name)")
        }
    }

    /// `passlab bench cc --pass-through`: each command three ways, each the same as clang-19.
    @Test func passThroughBenchmarkRunsEachCommandThreeWays() throws {
        let result = try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable, ["bench", "cc", "--pass-through", "--runs", "1", "--json"], timeout: 300))
        #expect(result.termination.succeeded, "\(result.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 4)
        for row in rows {
            #expect(row["sameAsClang"] as? Bool == true, "\(row)")
            for key in ["clangMilliseconds", "launcherMilliseconds", "coreMilliseconds"] {
                #expect((row[key] as? Double ?? 0) > 0, "\(key): \(row)")
            }
        }
    }
}
