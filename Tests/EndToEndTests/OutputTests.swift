import CodeSize
import Foundation
import Pipelines
import Testing
import TestSupport
import Toolchain

/// What `passlab` writes says what it is: its version, grouped help with an
/// example per command, one provenance shape in every `--json`, -Oz named
/// rather than expanded, and progress on long work.
@Suite(.serialized) struct OutputTests {
    static func passlab(
        _ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:]
    ) throws -> ProcessResult {
        let environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        return try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable, arguments, workingDirectory: directory,
                environment: environment, timeout: 600))
    }

    static func object(_ result: ProcessResult) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput)) as? [String: Any],
            "\(result.stdoutText)")
    }

    static let program = Fixtures.programs + "/09_bits.c"

    @Test func versionNamesPassLabAndLLVM() throws {
        let result = try Self.passlab(["--version"])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        #expect(result.stdoutText == "passlab \(PassLabVersion.current) (LLVM \(PassCatalog.llvmVersion))\n")
    }

    @Test func helpListsTuneFirstGroupsTheCommandsAndEachHasAnExample() throws {
        let help = try Self.passlab(["--help"]).stdoutText
        let tune = try #require(help.range(of: "\n  tune ")), size = try #require(help.range(of: "\n  size "))
        #expect(tune.lowerBound < size.lowerBound, "tune comes first")
        for group in [
            "MEASURE SUBCOMMANDS:", "SEARCH AND EVALUATE SUBCOMMANDS:", "BUILDS SUBCOMMANDS:", "SERVE SUBCOMMANDS:",
            "MODELS AND DATA SUBCOMMANDS:",
        ] {
            #expect(help.contains(group), "missing \(group)")
        }
        #expect(!help.contains("\n  worker "), "internal commands stay hidden")
        let commands = [
            "tune", "size", "compare", "opt", "passes", "validate", "autotune", "report", "report autotune", "eval",
            "eval flag-tuning", "eval disassembly", "eval emulation", "predictor", "predictor train", "predictor info",
            "bench", "bench throughput", "bench search", "bench cc", "bench tuning", "cc", "ir", "split", "corpus",
            "corpus build",
            "corpus sample", "dataset", "dataset emulation", "dataset flag-tuning", "dataset disassembly", "prompt",
            "lift",
            "slurm", "slurm autotune", "slurm status", "serve",
        ]
        for command in commands {
            let text = try Self.passlab(command.split(separator: " ").map(String.init) + ["--help"]).stdoutText
            #expect(
                text.contains("Example: passlab ") || text.contains("Example: make CC=\"passlab cc\""),
                "no example in `\(command) --help`")
        }
    }

    /// Every `--json` output carries `provenance` with the same six keys,
    /// the protocol spelled as `--protocol` takes it.
    @Test func everyJSONOutputCarriesItsProvenance() throws {
        let directory = Fixtures.temporaryDirectory("provenance")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let suite = try Fixtures.humanEvalSubset(["CPP/2"], in: directory)
        let store = directory + "/autotune.sqlite", tuneStore = directory + "/tune.sqlite"
        let ir = try Self.passlab(["ir", Self.program, "-o", directory + "/bits.ll"])
        #expect(ir.termination == .exited(0), "\(ir.stderrText)")
        let cases: [(arguments: [String], protocol: String?)] = [
            (["size", Self.program, "-p", "clang-Oz"], "shipping"),
            (["compare", Self.program, "--protocol", "paper"], "paper"),
            (["passes"], nil),
            (["passes", "--show", "clang-Oz"], nil),
            (
                [
                    "tune", Self.program, "--budget", "1", "--no-validate", "--db", tuneStore, "-o",
                    directory + "/out.ll",
                ], "shipping"
            ),
            (["validate", "-p", "module(default<Oz>)", "--humaneval", suite, "--protocol", "paper"], "paper"),
            (
                [
                    "eval", "flag-tuning", Self.program, "--budget", "1", "--no-validate", "--db", tuneStore,
                    "--protocol", "paper",
                ], "paper"
            ),
            (
                [
                    "autotune", Self.program, "--db", store, "--budget", "3", "--minimize-budget", "0", "--broadcast",
                    "0", "--no-validate",
                    "--protocol", "paper",
                ], "paper"
            ),
            (["report", "autotune", "--db", store, "--unvalidated"], "paper"),
            (["split", directory + "/bits.ll", "--output", directory + "/pieces"], nil),
            (["dataset", "disassembly", Self.program, "--output", directory + "/dis.jsonl"], "paper"),
            (["eval", "disassembly", directory + "/dis.jsonl", "--oracle"], "paper"),
            (
                [
                    "dataset", "emulation", Self.program, "--output", directory + "/emu.jsonl", "--examples-per-module",
                    "1",
                ], "paper"
            ),
            (["eval", "emulation", directory + "/emu.jsonl", "--oracle"], nil),
            (["bench", "tuning", Self.program, "--budgets", "1", "--protocol", "paper", "--no-validate"], "paper"),
        ]
        for (arguments, protocolName) in cases {
            let result = try Self.passlab(arguments + ["--json"])
            #expect(result.termination == .exited(0), "\(arguments.joined(separator: " ")): \(result.stderrText)")
            let object = try Self.object(result)
            let provenance = try #require(
                object["provenance"] as? [String: Any], "no provenance in \(arguments[0]) --json")
            #expect(
                Set(provenance.keys) == ["protocol", "codegen", "reloc", "triple", "llvmVersion", "passlabVersion"])
            #expect(provenance["passlabVersion"] as? String == PassLabVersion.current)
            #expect(provenance["llvmVersion"] as? String == PassCatalog.llvmVersion)
            if let protocolName {
                #expect(provenance["protocol"] as? String == protocolName, "\(arguments.joined(separator: " "))")
                #expect(provenance["codegen"] as? String == (protocolName == "paper" ? "O0" : "O2"))
                #expect(provenance["reloc"] as? String == "pic")
            } else {
                #expect(provenance["protocol"] is NSNull && provenance["codegen"] is NSNull)
            }
        }
    }

    @Test func compareJSONIsAnObjectWithTheModuleTheProtocolAndTheOzSize() throws {
        let result = try Self.passlab(["compare", Self.program, "--json"])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let object = try Self.object(result)
        #expect(object["module"] as? String == Self.program)
        #expect(object["ozPipeline"] as? String == "clang-Oz")
        let oz = try #require(object["ozBinarySize"] as? Int)
        let rows = try #require(object["rows"] as? [[String: Any]])
        let clangOz = try #require(rows.first { $0["label"] as? String == "clang -Oz" })
        #expect(clangOz["binarySize"] as? Int == oz)
        #expect(clangOz["pipeline"] as? String == PassCatalog.clangOzPipeline, "the expansion stays in JSON")
        let unoptimized = try #require(rows.first { $0["label"] as? String == "unoptimized" })
        let size = try #require(unoptimized["binarySize"] as? Int)
        // One sign convention: positive is smaller than -Oz.
        #expect(abs((unoptimized["reductionVsOz"] as? Double ?? 0) - 100 * (1 - Double(size) / Double(oz))) < 1e-9)
        #expect(size > oz && (unoptimized["reductionVsOz"] as? Double ?? 0) < 0)
        let text = try Self.passlab(["compare", Self.program]).stdoutText
        #expect(
            text.contains(String(format: "%.2f%%", 100 * (1 - Double(size) / Double(oz)))),
            "text uses the JSON's sign: \(text)")
    }

    @Test func ozIsNamedInTextAndExpandedOnRequest() throws {
        let directory = Fixtures.temporaryDirectory("oz-name")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Nothing beats -Oz on a one-line function: tune keeps it.
        let tiny = directory + "/tiny.c"
        try "int f(int x) { return x + 1; }\n".write(toFile: tiny, atomically: true, encoding: .utf8)
        let arguments = [
            "tune", tiny, "--budget", "1", "--no-validate", "--db", directory + "/t.sqlite", "-o",
            directory + "/out.ll",
        ]
        let text = try Self.passlab(arguments)
        #expect(text.termination == .exited(0), "\(text.stderrText)")
        #expect(text.stdoutText.contains("pipeline      clang -Oz"), "\(text.stdoutText)")
        #expect(!text.stdoutText.contains(String(PassCatalog.clangOzPipeline.prefix(80))), "no expansion in text")
        let json = try Self.object(try Self.passlab(arguments + ["--json"]))
        #expect(json["usedOzBackup"] as? Bool == true)
        #expect(json["pipeline"] as? String == PassCatalog.clangOzPipeline)
        let show = try Self.passlab(["passes", "--show", "clang-Oz"])
        #expect(show.stdoutText == PassCatalog.clangOzPipeline + "\n")
        let showJSON = try Self.object(try Self.passlab(["passes", "--show", "clang-Oz", "--json"]))
        #expect(showJSON["pipelineExpanded"] as? String == PassCatalog.clangOzPipeline)
        let size = try Self.passlab(["size", tiny, "-p", "clang-Oz"])
        #expect(
            size.stdoutText.contains("pipeline      clang -Oz") && size.stdoutText.count < 2000, "\(size.stdoutText)")
    }

    @Test func optDashOWritesToStandardOutput() throws {
        let directory = Fixtures.temporaryDirectory("opt-dash")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.passlab(["opt", Self.program, "-p", "function(sroa)", "-o", "-"], in: directory)
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        #expect(result.stdoutText.contains("define"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty, "no file named -")
    }

    @Test func reportAutotuneUsesTheOneProtocolTheStoreHoldsOrSaysWhichItHolds() throws {
        let directory = Fixtures.temporaryDirectory("report-protocol")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = directory + "/paper.sqlite"
        let autotune = try Self.passlab([
            "autotune", Self.program, Fixtures.programs + "/26_collatz.c", "--db", store, "--budget", "4",
            "--minimize-budget", "0", "--broadcast", "0", "--no-validate", "--protocol", "paper",
        ])
        #expect(autotune.termination == .exited(0), "\(autotune.stderrText)")
        let report = try Self.passlab(["report", "autotune", "--db", store, "--unvalidated"])
        #expect(report.termination == .exited(0), "\(report.stderrText)")
        #expect(report.stdoutText.contains("protocol paper (codegen O0"), "\(report.stdoutText)")
        #expect(report.stdoutText.contains("programs 2,"))
        #expect(
            report.stdoutText.components(separatedBy: "best list: ").count == 3,
            "each program's best list: \(report.stdoutText)")
        let shipping = try Self.passlab(["report", "autotune", "--db", store, "--protocol", "shipping"])
        #expect(shipping.termination == .exited(64))
        #expect(
            shipping.stderrText.contains("no results under the shipping")
                && shipping.stderrText.contains("--protocol paper"),
            "\(shipping.stderrText)")
    }

    /// With `$PASSLAB_PROGRESS_INTERVAL` 0 every step is a log line (stderr
    /// is a pipe here, not a terminal); with the default 30 s a short run
    /// logs its first and its last step only.
    @Test func longWorkLogsProgressWhenStandardErrorIsNotATerminal() throws {
        let directory = Fixtures.temporaryDirectory("progress")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let suite = try Fixtures.humanEvalSubset(["CPP/2", "CPP/20", "CPP/96"], in: directory)
        let every = ["PASSLAB_PROGRESS_INTERVAL": "0"]
        let validate = try Self.passlab(
            ["validate", "-p", "module(default<Oz>)", "--humaneval", suite], environment: every)
        #expect(validate.termination == .exited(0), "\(validate.stderrText)")
        let lines = validate.stderrText.split(separator: "\n").filter { $0.contains("validate module(default<Oz>):") }
        #expect(lines.count == 4, "the start and each of 3 programs: \(validate.stderrText)")
        #expect(lines.contains { $0.contains("3/3 programs") && $0.contains("ETA 0 s") })
        #expect(lines.contains { $0.contains("CPP/") }, "names what ran")
        #expect(
            validate.stderrText.contains("reference builds (made once, then cached): 3/3 programs"),
            "\(validate.stderrText)")

        let tune = try Self.passlab(
            [
                "tune", Self.program, "--budget", "5", "--no-validate", "--db", directory + "/t.sqlite",
                "-o", directory + "/out.ll",
            ], environment: every)
        #expect(tune.termination == .exited(0), "\(tune.stderrText)")
        #expect(
            tune.stderrText.contains("tune 09_bits.c: 0/5 lists")
                && tune.stderrText.contains("tune 09_bits.c: 5/5 lists"),
            "\(tune.stderrText)")

        let eval = try Self.passlab(
            [
                "eval", "flag-tuning", Self.program, Fixtures.programs + "/26_collatz.c", "--budget", "1",
                "--no-validate", "--db", directory + "/t.sqlite",
            ], environment: every)
        #expect(eval.termination == .exited(0), "\(eval.stderrText)")
        #expect(eval.stderrText.contains("1/2 files") && eval.stderrText.contains("2/2 files"), "\(eval.stderrText)")

        let dataset = try Self.passlab([
            "dataset", "disassembly", Self.program, Fixtures.programs + "/26_collatz.c",
            "--output", directory + "/dis.jsonl",
        ])
        #expect(dataset.termination == .exited(0), "\(dataset.stderrText)")
        let disassembly = try Self.passlab(
            ["eval", "disassembly", directory + "/dis.jsonl", "--oracle"], environment: every)
        #expect(disassembly.termination == .exited(0), "\(disassembly.stderrText)")
        #expect(disassembly.stderrText.contains("disassembly: 2/2 examples"), "\(disassembly.stderrText)")

        let quiet = try Self.passlab(
            ["validate", "-p", "module(default<Oz>)", "--humaneval", suite],
            environment: ["PASSLAB_PROGRESS_INTERVAL": "30"])
        let quietLines = quiet.stderrText.split(separator: "\n").filter { $0.contains("validate module(default<Oz>):") }
        #expect(
            quietLines.count == 2 && quietLines.last?.contains("3/3") == true, "start and end only: \(quiet.stderrText)"
        )
    }

    @Test func progressReporterRedrawsOnATerminalAndThrottlesLogs() {
        final class Sink: @unchecked Sendable {
            let lock = NSLock()
            var text = ""
            func append(_ piece: String) { lock.withLock { text += piece } }
        }
        let log = Sink()
        let logged = ProgressReporter(terminal: false, interval: 3600, write: log.append)
        let task = logged.begin("work", total: 4, unit: "items")
        for index in 1...4 { task.advance(current: "item \(index)") }
        let lines = log.text.split(separator: "\n")
        #expect(lines.count == 2, "the start, then the end: \(log.text)")
        #expect(lines.last?.contains("work: 4/4 items | item 4") == true)
        let screen = Sink()
        let terminal = ProgressReporter(terminal: true, interval: 3600, write: screen.append)
        let shown = terminal.begin("work", total: 2, unit: "items")
        shown.advance()
        terminal.line("done")
        #expect(screen.text.components(separatedBy: "\r\u{1B}[K").count >= 3, "redrawn in place")
        #expect(screen.text.hasSuffix("\r\u{1B}[Kdone\n"))
    }
}
