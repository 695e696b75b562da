import Foundation
import Models
import Testing
import TestSupport
import Toolchain

/// The LLM backend against a real OpenAI-compatible server: llama.cpp's
/// server (llama-cpp-python) serving a tiny Llama model with random
/// weights that `scripts/tiny-llama.py` generates (`scripts/llm-test-server`;
/// scripts/test sets it up). Real HTTP, real generation: its garbage must
/// take the fallback paths, and nothing it says may make a result worse
/// than -Oz or unvalidated.
@Suite(.serialized) struct RealModelServerTests {
    static let server = Fixtures.root + "/scripts/llm-test-server"
    static let model = "tiny-llama"

    /// The running test server's base URL (started, or reused, once).
    static let url: Result<String, ServerStartError> = {
        do {
            let result = try ProcessRunner.run(ProcessRequest(server, ["start"], timeout: 1800))
            let url = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
            guard result.termination.succeeded, url.hasPrefix("http") else {
                return .failure(
                    ServerStartError(message: "scripts/llm-test-server start failed: \(result.stderrText.suffix(2000))")
                )
            }
            return .success(url)
        } catch {
            return .failure(ServerStartError(message: "\(error)"))
        }
    }()

    static func baseURL() throws -> String {
        switch url {
        case .success(let url): return url
        case .failure(let failure): throw failure
        }
    }

    static func passlab(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest(Fixtures.passlabExecutable, arguments, timeout: 1200))
    }

    static func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [String: Any],
            "\(result.stdoutText)\n\(result.stderrText)")
    }

    @Test func generatesGreedilyDeterministicallyAndHonoursStops() throws {
        let client = CompletionClient(model: ServedModel(baseURL: try Self.baseURL(), name: Self.model, timeout: 300))
        #expect(try client.servedModels().contains(Self.model))
        let prompt = PromptFormat.flagTuning(
            ir: try String(contentsOfFile: Fixtures.root + "/Tests/Fixtures/prompts/bits.ll", encoding: .utf8))
        let first = try client.complete(prompt: prompt, maxTokens: 48)
        let second = try client.complete(prompt: prompt, maxTokens: 48)
        #expect(first.text == second.text, "greedy decoding is deterministic")
        #expect(!first.text.isEmpty)
        #expect((first.completionTokens ?? 0) <= 48)
        #expect((first.promptTokens ?? 0) > 100, "the whole prompt reached the model")
        // A stop sequence taken from the answer itself cuts it there.
        let words = first.text.split(separator: " ")
        if let cut = words.dropFirst().first(where: { $0.count >= 2 }) {
            let stopped = try client.complete(prompt: prompt, maxTokens: 48, stop: [String(cut)])
            #expect(!stopped.text.contains(String(cut)))
            #expect(first.text.hasPrefix(stopped.text))
        }
    }

    @Test func tuningWithTheModelIsNeverWorseThanOzAndEveryAnswerIsAccountedFor() throws {
        let directory = Fixtures.temporaryDirectory("real-llm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let suite = directory + "/suite/b"
        try FileManager.default.createDirectory(atPath: suite, withIntermediateDirectories: true)
        // 17_rle's prompt is over the paper's 15k tokens: never sent whole.
        for name in ["09_bits", "14_globals", "17_rle", "26_collatz"] {
            try FileManager.default.copyItem(atPath: Fixtures.programs + "/\(name).c", toPath: suite + "/\(name).c")
        }
        let humanEval = try Fixtures.humanEvalSubset(["CPP/2", "CPP/20", "CPP/96"], in: directory)
        let result = try Self.passlab([
            "eval", "flag-tuning", directory + "/suite", "--predictor", "llm", "--model-url", try Self.baseURL(),
            "--model", Self.model, "--budget", "1", "--no-split", "--humaneval", humanEval,
            "--db", directory + "/eval.sqlite", "--json",
        ])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let report = try Self.json(result)
        #expect(report["modules"] as? Int == 4)
        let rows = try #require(report["results"] as? [[String: Any]]).compactMap { $0["result"] as? [String: Any] }
        let fallbacks = try #require(report["modelFallbacks"] as? [String: Int])
        #expect(fallbacks["promptTooLong"] == 1)
        for row in rows {
            let size = try #require(row["binarySize"] as? Int), oz = try #require(row["ozBinarySize"] as? Int)
            #expect(size <= oz)
            #expect(row["validated"] as? Bool == true)
            // Either the answer was unusable (counted), or its list was compiled and validated or lost to -Oz.
            if row["modelFallback"] == nil {
                #expect(row["compilations"] as? Int == 1)
            } else {
                #expect(row["usedOzBackup"] as? Bool == true)
            }
        }
        #expect(fallbacks.values.reduce(0, +) + rows.filter { $0["modelFallback"] == nil }.count == 4)
        #expect(try #require(report["geomeanReductionVsOzWithBackup"] as? Double) >= 0)

        // A server that is gone: every module falls back, counted as serverError.
        let gone = try Self.passlab([
            "tune", Fixtures.programs + "/09_bits.c", "--predictor", "llm", "--model-url", "http://127.0.0.1:9/v1",
            "--model", Self.model, "--model-retries", "0", "--budget", "1", "--no-validate",
            "--db", directory + "/eval.sqlite", "-o", directory + "/out.ll", "--json",
        ])
        #expect(gone.termination == .exited(0), "\(gone.stderrText)")
        let goneReport = try Self.json(gone)
        #expect(goneReport["modelFallback"] as? String == "serverError")
        #expect(goneReport["usedOzBackup"] as? Bool == true)
    }

    @Test func liftingGarbageFailsTheRoundTripCleanly() throws {
        let directory = Fixtures.temporaryDirectory("real-lift")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lifted = try Self.passlab([
            "lift", Fixtures.root + "/Tests/Fixtures/prompts/bits.s", "--model-url", try Self.baseURL(), "--model",
            Self.model,
            "--max-tokens", "64", "-o", directory + "/bits.lifted.ll", "--json",
        ])
        #expect(lifted.termination == .exited(1), "a random model does not round-trip: \(lifted.stderrText)")
        let report = try Self.json(lifted)
        #expect(report["roundTrip"] as? Bool == false)
        #expect(report["output"] == nil)
        #expect(!FileManager.default.fileExists(atPath: directory + "/bits.lifted.ll"), "nothing unverified is written")

        let evaluation = try Self.json(
            try Self.passlab([
                "eval", "disassembly", Fixtures.root + "/Tests/Fixtures/prompts/bits.s", "--llm",
                "--model-url", try Self.baseURL(), "--model", Self.model, "--max-tokens", "64", "--json",
            ]))
        #expect(evaluation["examples"] as? Int == 1)
        #expect(evaluation["roundTripRate"] as? Double == 0)
        #expect(evaluation["exactMatchRate"] == nil || evaluation["exactMatchRate"] is NSNull)
    }
}
