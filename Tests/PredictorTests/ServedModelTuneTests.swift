import Foundation
import Models
import Testing
import TestSupport
import Toolchain

/// `passlab tune --predictor llm` and `eval flag-tuning --predictor llm`
/// against a scripted OpenAI-compatible server (real HTTP): the request is
/// the paper's prompt, a good answer is measured and validated, and every
/// kind of bad answer falls back to -Oz and is counted.
@Suite(.serialized) struct ServedModelTuneTests {
    static func passlab(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable, arguments,
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, timeout: 900))
    }

    static func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [String: Any],
            "\(result.stdoutText)")
    }

    @Test func aGoodAnswerIsMeasuredValidatedAndKept() throws {
        let directory = Fixtures.temporaryDirectory("llm-tune")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let suite = try Fixtures.humanEvalSubset(["CPP/2", "CPP/20", "CPP/96"], in: directory)
        let server = try ScriptedServer([
            [
                "text":
                    "Run passes -p 'function(sroa,instcombine,simplifycfg)' to reduce the binary size from 2000 bytes to 1700 bytes:\n\n"
            ]
        ])
        let input = Fixtures.programs + "/01_bubble_sort.c"
        let result = try Self.passlab([
            "tune", input, "--predictor", "llm", "--model-url", server.url, "--model", "llm-compiler-test",
            "--budget", "1", "--protocol", "paper", "--db", directory + "/tune.sqlite", "--humaneval", suite,
            "-o", directory + "/out.ll", "--json",
        ])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let report = try Self.json(result)
        #expect(
            report["pipeline"] as? String
                == "function(sroa),function(instcombine<no-verify-fixpoint>),function(simplifycfg)")
        #expect(report["predictor"] as? String == "llm:llm-compiler-test")
        #expect(report["modelFallback"] == nil)
        #expect(report["validated"] as? Bool == true)
        #expect(report["validations"] as? Int == 1)
        #expect((report["validationSeconds"] as? Double ?? 0) > 0, "the validation's time is reported")
        #expect((report["validationSeconds"] as? Double ?? .infinity) <= (report["seconds"] as? Double ?? 0))
        #expect(report["usedOzBackup"] as? Bool == false)
        #expect(try #require(report["binarySize"] as? Int) < (try #require(report["ozBinarySize"] as? Int)))
        #expect(report["modelStatedUnoptimizedBinarySize"] as? Int == 2000)
        #expect(report["modelStatedBinarySize"] as? Int == 1700)
        #expect(report["modelListBinarySize"] as? Int == report["binarySize"] as? Int)

        // The request: the paper's flag-tuning prompt of the frontend's IR, greedy, stopping before the IR answer.
        let ir = try ProcessRunner.run(ProcessRequest(Fixtures.passlabExecutable, ["ir", input], timeout: 120))
            .stdoutText
        let body = try #require(try server.requests().first?["body"] as? [String: Any])
        #expect(body["prompt"] as? String == PromptFormat.flagTuning(ir: ir))
        #expect(body["temperature"] as? Int == 0)
        #expect(body["stop"] as? [String] == ["<code>", "</s>"])
    }

    @Test func controlCharactersInAnAnswerReachTheTerminalEscaped() throws {
        let directory = Fixtures.temporaryDirectory("llm-escape")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try ScriptedServer([
            ["text": "Run passes -p 'module(\u{1B}]0;PWNED\u{07}\u{1B}[2Jdefault<Oz>)' to reduce it"]
        ])
        let result = try Self.passlab([
            "tune", Fixtures.programs + "/01_bubble_sort.c", "--predictor", "llm", "--model-url", server.url,
            "--model", "llm-compiler-test", "--budget", "1", "--no-validate", "--db", directory + "/tune.sqlite",
            "-o", directory + "/out.ll",
        ])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let output = result.stdoutText + result.stderrText
        #expect(
            !output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 },
            "no raw ESC or BEL reaches the terminal")
        #expect(result.stdoutText.contains("model answer  unusable"), "\(result.stdoutText)")
        #expect(
            result.stdoutText.contains("\\e]0;PWNED\\a\\e[2J"), "the answer is quoted, escaped: \(result.stdoutText)")
    }

    @Test func everyBadAnswerFallsBackToOzAndIsCounted() throws {
        let directory = Fixtures.temporaryDirectory("llm-eval")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let benchmark = directory + "/suite/small"
        try FileManager.default.createDirectory(atPath: benchmark, withIntermediateDirectories: true)
        // 17_rle's prompt is over the paper's 15k tokens: with --no-split it is never sent.
        let programs = ["01_bubble_sort", "09_bits", "14_globals", "15_unions", "17_rle", "26_collatz"]
        for name in programs {
            try FileManager.default.copyItem(atPath: Fixtures.programs + "/\(name).c", toPath: benchmark + "/\(name).c")
        }
        // One answer per request, modules in discovery order (file names sort); the
        // server error lasts through the client's two retries.
        let server = try ScriptedServer([
            ["text": "I think you should optimize it well."],
            ["text": "Run passes -p 'module(internalize),function(sroa)'"],
            ["text": "Run passes -p 'function(sroa'"],
            ["status": 500, "body": "model crashed"], ["status": 500, "body": "model crashed"],
            ["status": 503, "body": "model crashed"],
            ["text": "-p '" + Array(repeating: "function(sroa)", count: 300).joined(separator: ",") + "'"],
        ])
        let result = try Self.passlab(
            [
                "eval", "flag-tuning", directory + "/suite", "--predictor", "llm", "--budget", "1", "--no-validate",
                "--no-split", "--db", directory + "/eval.sqlite", "--json",
            ],
            environment: ["PASSLAB_MODEL_URL": server.url, "PASSLAB_MODEL": "llm-compiler-test"])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let report = try Self.json(result)
        #expect(report["modules"] as? Int == 6)
        #expect(report["predictor"] as? String == "llm:llm-compiler-test")
        let fallbacks = try #require(report["modelFallbacks"] as? [String: Int])
        #expect(
            fallbacks == [
                "noPipeline": 1, "unknownPass": 1, "malformedPipeline": 1, "serverError": 1, "promptTooLong": 1,
                "tooManyPasses": 1,
            ],
            "\(fallbacks)")
        #expect(report["geomeanReductionVsOzWithBackup"] as? Double == 0)
        let rows = try #require(report["results"] as? [[String: Any]])
        for row in rows {
            let tuned = try #require(row["result"] as? [String: Any])
            #expect(tuned["usedOzBackup"] as? Bool == true)
            #expect(tuned["compilations"] as? Int == 0)
        }
        // 5 modules asked, 7 requests: the server error was retried twice before the module fell back.
        #expect(try server.stats()["requests"] == 7)
    }

    @Test func answersStatingTheTrueSizesHaveNoSizePredictionError() throws {
        let directory = Fixtures.temporaryDirectory("llm-mape")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let list = "function(sroa),function(instcombine<no-verify-fixpoint>),function(simplifycfg)"
        var steps: [[String: Any]] = []
        var truths: [(Int, Int)] = []
        for name in ["01_bubble_sort", "14_globals"] {
            try FileManager.default.createDirectory(atPath: directory + "/suite/b", withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: Fixtures.programs + "/\(name).c", toPath: directory + "/suite/b/\(name).c")
            func size(_ pipeline: String) throws -> Int {
                let result = try Self.passlab([
                    "size", Fixtures.programs + "/\(name).c", "-p", pipeline, "--protocol", "paper", "--json",
                ])
                return try #require(try Self.json(result)["binarySize"] as? Int)
            }
            let truth = (try size(""), try size(list))
            truths.append(truth)
            steps.append([
                "text":
                    "Run passes -p '\(list)' to reduce the binary size from \(truth.0) bytes to \(truth.1) bytes:\n\n"
            ])
        }
        let server = try ScriptedServer(steps)
        let exact = try Self.passlab([
            "eval", "flag-tuning", directory + "/suite", "--predictor", "llm", "--model-url", server.url, "--model",
            "m",
            "--protocol", "paper", "--no-validate", "--db", directory + "/eval.sqlite", "--json",
        ])
        #expect(exact.termination == .exited(0), "\(exact.stderrText)")
        let report = try Self.json(exact)
        #expect(report["unoptimizedSizeMAPE"] as? Double == 0)
        #expect(report["optimizedSizeMAPE"] as? Double == 0)
        #expect((report["modelFallbacks"] as? [String: Int])?.isEmpty == true)

        // Off by 10% on every stated size: MAPE 0.1 (the store now answers the sizes: nothing is compiled again).
        let off = try ScriptedServer(
            truths.map { truth in
                [
                    "text":
                        "Run passes -p '\(list)' to reduce the binary size from \(truth.0 * 11 / 10) bytes to \(truth.1 * 9 / 10) bytes."
                ]
            })
        let wrong = try Self.json(
            try Self.passlab([
                "eval", "flag-tuning", directory + "/suite", "--predictor", "llm", "--model-url", off.url,
                "--model", "m", "--protocol", "paper", "--no-validate", "--db", directory + "/eval.sqlite", "--json",
            ]))
        let expectedUnoptimized = truths.map { Double(abs($0.0 * 11 / 10 - $0.0)) / Double($0.0) }.reduce(0, +) / 2
        let expectedOptimized = truths.map { Double(abs($0.1 * 9 / 10 - $0.1)) / Double($0.1) }.reduce(0, +) / 2
        #expect(abs((wrong["unoptimizedSizeMAPE"] as? Double ?? -1) - expectedUnoptimized) < 1e-12)
        #expect(abs((wrong["optimizedSizeMAPE"] as? Double ?? -1) - expectedOptimized) < 1e-12)
    }

    @Test func modulesOverThePromptBudgetAreSplitPerFunction() throws {
        let directory = Fixtures.temporaryDirectory("llm-split")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = Fixtures.programs + "/09_bits.c"
        let server = try ScriptedServer([["text": "no idea"]])
        let split = try Self.json(
            try Self.passlab([
                "eval", "flag-tuning", input, "--predictor", "llm", "--model-url", server.url, "--model", "m",
                "--prompt-tokens", "1500", "--no-validate", "--db", directory + "/eval.sqlite", "--json",
            ]))
        _ = try Self.passlab(["ir", input, "-o", directory + "/bits.ll"])
        let pieces =
            try Self.json(try Self.passlab(["split", directory + "/bits.ll", "-o", directory + "/pieces", "--json"]))[
                "pieces"] as? [Any]
        let functions = try #require(pieces).count
        #expect(functions > 1)
        #expect(split["modules"] as? Int == functions, "one module per defined function")
        let whole = try Self.json(
            try Self.passlab([
                "eval", "flag-tuning", input, "--predictor", "llm", "--model-url", server.url, "--model", "m",
                "--no-validate", "--db", directory + "/eval.sqlite", "--json",
            ]))
        #expect(whole["modules"] as? Int == 1, "within the paper's 15k tokens: whole")
    }

    @Test func misconfigurationExits64WithTheFix() throws {
        let input = Fixtures.programs + "/09_bits.c"
        // A private, unreadable store: misconfiguration is reported before any store is opened.
        let directory = Fixtures.temporaryDirectory("misconfigured-tune")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let unusable = directory + "/not-a-store.sqlite"
        try Data("not SQLite".utf8).write(to: URL(fileURLWithPath: unusable))
        let noURL = try Self.passlab(
            ["tune", input, "--predictor", "llm", "--model", "x", "--no-validate", "--db", unusable],
            environment: ["PASSLAB_MODEL_URL": ""])
        #expect(noURL.termination == .exited(64))
        #expect(noURL.stderrText.contains("--model-url"))
        let stray = try Self.passlab([
            "tune", input, "--model-url", "http://127.0.0.1:9/v1", "--no-validate", "--db", unusable,
        ])
        #expect(stray.termination == .exited(64))
        #expect(stray.stderrText.contains("--predictor llm"))
    }
}
