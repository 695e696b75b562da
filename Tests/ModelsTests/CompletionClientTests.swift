import Foundation
import Models
import Testing
import TestSupport
import Toolchain

@Suite struct CompletionClientTests {
    @Test func sendsAGreedyRequestWithStopsAndReadsTheCompletion() throws {
        let server = try ScriptedServer([["text": "Run passes -p 'function(sroa)'", "finish_reason": "stop"]])
        let client = CompletionClient(
            model: ServedModel(baseURL: server.url, name: "llm-compiler-test", apiKey: "secret", timeout: 30))
        let completion = try client.complete(prompt: "[INST] hi [/INST]", maxTokens: 64, stop: ["<code>"])
        #expect(completion.text == "Run passes -p 'function(sroa)'")
        #expect(completion.finishReason == "stop")
        #expect(completion.attempts == 1)
        #expect(completion.promptTokens == 10)
        let request = try #require(try server.requests().first)
        #expect(request["path"] as? String == "/v1/completions")
        #expect(request["authorization"] as? String == "Bearer secret")
        let body = try #require(request["body"] as? [String: Any])
        #expect(body["model"] as? String == "llm-compiler-test")
        #expect(body["prompt"] as? String == "[INST] hi [/INST]")
        #expect(body["temperature"] as? Int == 0)
        #expect(body["max_tokens"] as? Int == 64)
        #expect(body["stop"] as? [String] == ["<code>"])
        #expect(try client.servedModels() == ["llm-compiler-test"])
    }

    @Test func retriesTransientFailuresAndGivesUpWithTheReason() throws {
        let server = try ScriptedServer([["status": 503, "body": "overloaded"], ["status": 500], ["text": "ok"]])
        let client = CompletionClient(model: ServedModel(baseURL: server.url, name: "m", timeout: 30, retries: 2))
        client.backoff = 0.05
        let completion = try client.complete(prompt: "p", maxTokens: 8)
        #expect(completion.text == "ok")
        #expect(completion.attempts == 3)

        let failing = try ScriptedServer([["status": 503, "body": "overloaded"]])
        let impatient = CompletionClient(model: ServedModel(baseURL: failing.url, name: "m", timeout: 30, retries: 1))
        impatient.backoff = 0.05
        #expect {
            try impatient.complete(prompt: "p", maxTokens: 8)
        } throws: { error in
            let text = "\(error)"
            return text.contains("HTTP 503: overloaded") && text.contains("after 2 attempts")
                && text.contains(failing.url)
        }
        #expect(try failing.stats()["requests"] == 2)
    }

    @Test func clientErrorsAreNotRetried() throws {
        let server = try ScriptedServer([["status": 400, "body": "{\"error\": \"model 'x' not found\"}"]])
        let client = CompletionClient(model: ServedModel(baseURL: server.url, name: "x", timeout: 30, retries: 3))
        #expect { try client.complete(prompt: "p", maxTokens: 8) } throws: {
            "\($0)".contains("HTTP 400") && "\($0)".contains("not found")
        }
        #expect(try server.stats()["requests"] == 1)
    }

    @Test func aSlowServerTimesOutAndABrokenBodyIsReported() throws {
        let slow = try ScriptedServer([["delay": 3, "text": "late"]])
        let client = CompletionClient(model: ServedModel(baseURL: slow.url, name: "m", timeout: 1, retries: 0))
        #expect { try client.complete(prompt: "p", maxTokens: 8) } throws: { _ in true }

        let broken = try ScriptedServer([["raw": "<html>gateway</html>"]])
        let confused = CompletionClient(model: ServedModel(baseURL: broken.url, name: "m", timeout: 30, retries: 0))
        #expect { try confused.complete(prompt: "p", maxTokens: 8) } throws: { "\($0)".contains("not JSON") }
    }

    @Test func anEndlessResponseStopsAtTheLimit() throws {
        let server = try ScriptedServer([["endless": true]])
        let limit = 256 << 10
        let timeout = 900.0
        let client = CompletionClient(
            model: ServedModel(baseURL: server.url, name: "m", timeout: timeout, retries: 2, responseLimit: limit))
        let started = Date()
        #expect(throws: ModelError.responseTooLarge(url: server.url + "/completions", limit: limit)) {
            try client.complete(prompt: "p", maxTokens: 8)
        }
        // Ends at the limit, not at the time-out, and is not retried. Alone it takes about 2 s; in the full
        // parallel suite URLSession's callbacks have waited minutes for a thread (347 s once), so the bound is
        // the time-out's, with a margin, not a guess at the machine's load.
        #expect(Date().timeIntervalSince(started) < timeout - 60)
        #expect(try server.stats()["requests"] == 1)
        // The client hung up: the server stops streaming soon after.
        var streamed = try server.stats()["streamed"] ?? 0
        for _ in 0..<100 {
            Thread.sleep(forTimeInterval: 0.2)
            let now = try server.stats()["streamed"] ?? 0
            if now == streamed { break }
            streamed = now
        }
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try server.stats()["streamed"] == streamed, "the connection is closed")
        #expect(
            ModelAnswer.Rejection(ModelError.responseTooLarge(url: server.url, limit: limit)).kind == "responseTooLarge"
        )
    }

    @Test func aTimeOutSaysSo() throws {
        let slow = try ScriptedServer([["delay": 4, "text": "late"]])
        let client = CompletionClient(model: ServedModel(baseURL: slow.url, name: "m", timeout: 1, retries: 0))
        #expect { try client.complete(prompt: "p", maxTokens: 8) } throws: {
            "\($0)".contains("no answer within 1 s") && !"\($0)".contains("NSURLErrorDomain")
        }
    }

    @Test func keepsToItsConcurrencyLimit() throws {
        let server = try ScriptedServer([["delay": 0.3, "text": "ok"]])
        // No retries, and a time-out no loaded machine reaches: under a parallel suite a callback once waited past
        // 30 s for a thread, the client retried, and the server counted 7 requests.
        let client = CompletionClient(
            model: ServedModel(baseURL: server.url, name: "m", timeout: 600, retries: 0, concurrency: 2))
        DispatchQueue.concurrentPerform(iterations: 6) { _ in _ = try? client.complete(prompt: "p", maxTokens: 8) }
        let stats = try server.stats()
        #expect(stats["requests"] == 6)
        #expect(stats["maxInFlight"] == 2)
    }

    @Test func configurationComesFromFlagsOrTheEnvironmentWithTheFix() throws {
        let fromEnvironment = try ServedModel.resolve(
            url: nil, name: nil,
            environment: [
                "PASSLAB_MODEL_URL": "http://127.0.0.1:8000/v1/", "PASSLAB_MODEL": "facebook/llm-compiler-7b-ftd",
                "PASSLAB_MODEL_API_KEY": "k",
            ])
        #expect(fromEnvironment.baseURL == "http://127.0.0.1:8000/v1")
        #expect(fromEnvironment.name == "facebook/llm-compiler-7b-ftd")
        #expect(fromEnvironment.apiKey == "k")
        let flags = try ServedModel.resolve(
            url: "https://example.org/v1", name: "n", environment: ["PASSLAB_MODEL_URL": "http://other/v1"])
        #expect(flags.baseURL == "https://example.org/v1")
        #expect { try ServedModel.resolve(url: nil, name: "n", environment: [:]) } throws: {
            "\($0)".contains("--model-url")
        }
        #expect { try ServedModel.resolve(url: "localhost:8000", name: "n", environment: [:]) } throws: {
            "\($0)".contains("not an http(s) URL")
        }
        #expect { try ServedModel.resolve(url: "http://h/v1", name: nil, environment: [:]) } throws: {
            "\($0)".contains("--model NAME")
        }
    }
}

/// `ModelError` is a user-facing error: commands let it through, and the executable prints it with its code.
@Suite struct ModelErrorExitTests {
    @Test func aConfigurationMistakeIs64AndAFailingServer69() {
        #expect(ModelError.configuration("no --model-url").exitCode == 64)
        #expect(ModelError.configuration("no --model-url").userMessage == "no --model-url")
        #expect(ModelError.server("HTTP 400").exitCode == 69)
        #expect(ModelError.server("HTTP 400").userMessage == "the model server failed: HTTP 400")
        #expect(ModelError.responseTooLarge(url: "http://h", limit: 10).exitCode == 69)
    }

    /// `lift` caught the server's error and made it bad input (65); it now exits as the error says.
    @Test func liftExits69WhenTheServerFailsAnd64WithoutAServer() throws {
        let server = try ScriptedServer([["status": 400, "body": "no such model"]])
        let assembly = Fixtures.root + "/Tests/Fixtures/prompts/bits.s"
        let failing = try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable,
                ["lift", assembly, "--model-url", server.url, "--model", "m", "--model-retries", "0"], timeout: 120))
        #expect(failing.termination == .exited(69), "\(failing.stderrText)")
        #expect(failing.stderrText.contains("passlab: error: the model server failed:"), "\(failing.stderrText)")
        var environment = ProcessInfo.processInfo.environment
        environment["PASSLAB_MODEL_URL"] = nil
        environment["PASSLAB_MODEL"] = nil
        let unconfigured = try ProcessRunner.run(
            ProcessRequest(Fixtures.passlabExecutable, ["lift", assembly], environment: environment, timeout: 120))
        #expect(unconfigured.termination == .exited(64), "\(unconfigured.stderrText)")
    }
}
