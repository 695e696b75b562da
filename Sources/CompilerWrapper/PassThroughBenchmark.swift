import Foundation
import Support
import Toolchain

/// `passlab bench cc --pass-through`: what a compiler command that
/// `passlab cc` only passes to clang-19 costs (most of a configure script's,
/// and a build's -E, -S and -O2 commands), three ways side by side,
/// interleaved: clang-19 itself, `passlab cc` (the launcher, which runs the
/// compiler without starting PassLab's engine) and `passlab-core cc` (the
/// engine's executable, which every command went through before the launcher).
public struct PassThroughBenchmark: Sendable {
    /// One command, run each way `runs` times.
    public struct Row: Codable, Sendable {
        /// The compiler's arguments (after `clang-19` or `passlab cc`).
        public var arguments: [String]
        /// Median wall-clock milliseconds of clang-19 itself.
        public var clangMilliseconds: Double
        /// Median wall-clock milliseconds of `passlab cc` (the launcher).
        public var launcherMilliseconds: Double
        /// Median wall-clock milliseconds of `passlab-core cc`.
        public var coreMilliseconds: Double
        /// Each way gave clang's exit status and standard output on every run.
        public var sameAsClang: Bool
    }

    /// The whole comparison.
    public struct Report: Codable, Sendable {
        /// Runs per command and way.
        public var runs: Int
        /// One row per command.
        public var rows: [Row]
        /// Milliseconds `passlab cc` adds to clang-19's, summed over the commands' medians.
        public var launcherOverhead: Double { rows.map { $0.launcherMilliseconds - $0.clangMilliseconds }.reduce(0, +) }
        /// Milliseconds `passlab-core cc` adds to clang-19's, summed over the commands' medians.
        public var coreOverhead: Double { rows.map { $0.coreMilliseconds - $0.clangMilliseconds }.reduce(0, +) }

        /// The table `passlab bench cc --pass-through` prints.
        public var text: String {
            func ms(_ value: Double) -> String { String(format: "%.1f", value) }
            var lines = [
                "Commands passlab cc passes through, median of \(runs) runs each way, interleaved (milliseconds):", "",
                "| command | clang-19 | passlab cc | passlab-core cc | passlab cc / clang-19 | passlab-core cc / clang-19 | same as clang-19 |",
                "|---|---|---|---|---|---|---|",
            ]
            for row in rows {
                lines.append(
                    "| \(row.arguments.joined(separator: " ")) | \(ms(row.clangMilliseconds)) | \(ms(row.launcherMilliseconds)) | "
                        + "\(ms(row.coreMilliseconds)) | \(String(format: "%.2f", row.launcherMilliseconds / row.clangMilliseconds))x | "
                        + "\(String(format: "%.2f", row.coreMilliseconds / row.clangMilliseconds))x | \(row.sameAsClang ? "yes" : "NO") |"
                )
            }
            lines.append("")
            lines.append(
                "Added per command over clang-19 (mean of the medians): passlab cc \(ms(launcherOverhead / Double(rows.count))) ms, "
                    + "passlab-core cc \(ms(coreOverhead / Double(rows.count))) ms.")
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// The launcher, `passlab`.
    public var launcher: String
    /// The engine's executable beside it, `passlab-core`.
    public var core: String
    /// clang-19.
    public var compiler: String
    /// Runs per command and way (the median is reported).
    public var runs: Int

    /// A comparison of these three executables, `runs` times each.
    public init(launcher: String, core: String, compiler: String, runs: Int) {
        self.launcher = launcher
        self.core = core
        self.compiler = compiler
        self.runs = runs
    }

    /// The commands: a query, preprocessing at -Oz, an -O2 compile, and
    /// configure's link check at -Oz (autoconf's conftest), each on a small
    /// C program written to `directory`.
    static let commands: [[String]] = [
        ["--version"],
        ["-E", "-Oz", "conftest.c", "-o", "conftest.i"],
        ["-O2", "-c", "conftest.c", "-o", "conftest.o"],
        ["-Oz", "conftest.c", "-o", "conftest"],
    ]

    static let program = """
        #include <stdio.h>
        #include <string.h>
        int main(int argc, char **argv) { printf("%zu\\n", strlen(argv[0]) + (size_t)argc); return 0; }

        """

    /// Runs every command `runs` times each way in `directory` (made, then
    /// removed), the three ways in turn so that the machine's speed changes
    /// reach each way alike.
    public func run(in directory: String) throws -> Report {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(Self.program.utf8).write(to: URL(fileURLWithPath: directory + "/conftest.c"))
        var environment = ProcessInfo.processInfo.environment
        // Nothing of this is tuned or recorded; a private cache keeps the user's out of it all the same.
        environment["PASSLAB_CACHE_DIR"] = directory + "/cache"
        environment["PASSLAB_DISABLE"] = nil
        let ways: [(String, [String])] = [(compiler, []), (launcher, ["cc"]), (core, ["cc"])]
        var rows: [Row] = []
        for arguments in Self.commands {
            var times = [[Double]](repeating: [], count: ways.count)
            var same = true
            for _ in 0..<runs {
                var reference: ProcessResult?
                for (index, way) in ways.enumerated() {
                    let result = try ProcessRunner.run(
                        ProcessRequest(
                            way.0, way.1 + arguments, workingDirectory: directory, environment: environment,
                            timeout: 120))
                    times[index].append(result.seconds * 1000)
                    if let reference {
                        same =
                            same && result.termination == reference.termination
                            && result.standardOutput == reference.standardOutput
                    } else {
                        same = same && result.termination.succeeded
                        reference = result
                    }
                }
            }
            func median(_ values: [Double]) -> Double { Statistics.median(values) ?? .nan }
            rows.append(
                Row(
                    arguments: arguments, clangMilliseconds: median(times[0]),
                    launcherMilliseconds: median(times[1]), coreMilliseconds: median(times[2]), sameAsClang: same))
        }
        return Report(runs: runs, rows: rows)
    }
}
