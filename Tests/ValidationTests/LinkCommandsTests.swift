import Foundation
import Testing
import TestSupport
import Toolchain
@testable import Validation

/// Validation links test programs with the driver's own linker command,
/// replayed without the driver: the executables must be the driver's.
@Suite struct LinkCommandsTests {
    @Test func quotedJobLinesSplitWithEscapes() {
        #expect(
            LinkCommands.parseQuoted(#" "/usr/bin/ld.lld" "-o" "a b" "x\"y" "c\\d""#)
                == ["/usr/bin/ld.lld", "-o", "a b", "x\"y", "c\\d"])
        #expect(LinkCommands.parseQuoted(#" "unterminated"#) == nil)
        #expect(LinkCommands.parseQuoted("clang version 19.1.7") == nil)
        #expect(LinkCommands.parseQuoted("") == nil)
    }

    /// A C++ program with an extra library linked both ways: the replayed
    /// command gives the very executable the driver gives, and it runs.
    @Test func replayedLinkEqualsTheDriversLink() throws {
        let toolchain = try Toolchain.find()
        let directory = Fixtures.temporaryDirectory("link-commands")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = "\(directory)/main.cpp", object = "\(directory)/main.o"
        try """
        #include <cmath>
        #include <iostream>
        #include <vector>
        int main() {
            std::vector<double> values{1.0, 4.0, 9.0};
            double sum = 0;
            for (double v : values) sum += std::sqrt(v);
            std::cout << "sum " << sum << std::endl;
            return 0;
        }
        """.write(toFile: source, atomically: true, encoding: .utf8)
        let compiled = try ProcessRunner.run(ProcessRequest(toolchain.clangxx, ["-O1", "-c", source, "-o", object]))
        #expect(compiled.termination.succeeded, "\(compiled.stderrText)")
        let flags = ["-fuse-ld=lld", "-lm"]

        let commands = LinkCommands()
        let command = try #require(try commands.command(toolchain.clangxx, flags: flags))
        #expect(command.tool.hasSuffix("ld.lld"), "the driver's linker is lld: \(command.tool)")
        #expect(try commands.command(toolchain.clangxx, flags: flags) == command, "asked once, then remembered")

        #expect(
            try commands.attempt(toolchain.clangxx, object: object, output: "\(directory)/direct", flags: flags) == nil)
        #expect(try Linker.attempt(toolchain.clangxx, [object, "-o", "\(directory)/driver"] + flags) == nil)
        let direct = try #require(FileManager.default.contents(atPath: "\(directory)/direct"))
        let driver = try #require(FileManager.default.contents(atPath: "\(directory)/driver"))
        #expect(direct == driver, "byte-identical executables")
        let run = try ProcessRunner.run(ProcessRequest("\(directory)/direct", []))
        #expect(run.termination.succeeded)
        #expect(run.stdoutText == "sum 6\n")
    }

    /// A link failure (an undefined symbol) is reported as the driver's would be.
    @Test func linkFailureIsReported() throws {
        let toolchain = try Toolchain.find()
        let directory = Fixtures.temporaryDirectory("link-commands-failure")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = "\(directory)/main.c", object = "\(directory)/main.o"
        try "int missing(void); int main(void) { return missing(); }\n".write(
            toFile: source, atomically: true, encoding: .utf8)
        let compiled = try ProcessRunner.run(ProcessRequest(toolchain.clang, ["-c", source, "-o", object]))
        #expect(compiled.termination.succeeded, "\(compiled.stderrText)")
        let failure = try LinkCommands().attempt(
            toolchain.clang, object: object, output: "\(directory)/main", flags: ["-fuse-ld=lld"])
        let message = try #require(failure)
        #expect(message.contains("missing"), "names the undefined symbol: \(message)")
    }

    /// Flags under which the driver runs no linker (`-c` on an object) are
    /// not replayed: such links go through the driver.
    @Test func noLinkerJobMeansTheDriver() throws {
        let toolchain = try Toolchain.find()
        #expect(try LinkCommands.plan(toolchain.clang, flags: ["-c"]) == nil)
    }
}
