import ArgumentParser
import Autotune
import CodeSize
import Engine
import Foundation
import Models
import Pipelines
import Predictor
import Store
import Toolchain
import Validation

/// `--model-url`, `--model` and the client's limits: a served model.
struct ServedModelOptions: ParsableArguments {
    @Option(
        help:
            "Base URL of an OpenAI-compatible server (vLLM, llama.cpp) serving an LLM Compiler model, e.g. http://127.0.0.1:8000/v1. Default: $PASSLAB_MODEL_URL."
    )
    var modelURL: String?

    @Option(help: "The served model's name, e.g. facebook/llm-compiler-7b-ftd. Default: $PASSLAB_MODEL.")
    var model: String?

    @Option(help: "Seconds one model request may take.")
    var modelTimeout: Double = 600

    @Option(help: "Retries of a model request that failed for a transient reason (connection, time-out, HTTP 429/5xx).")
    var modelRetries: Int = 2

    @Option(help: "Model requests in flight at once.")
    var modelConcurrency: Int = 2

    func client() throws -> CompletionClient {
        guard modelTimeout > 0, modelRetries >= 0, modelConcurrency >= 1 else {
            throw MeasureError.usage(
                "--model-timeout must be positive, --model-retries 0 or more and --model-concurrency at least 1")
        }
        do {
            return CompletionClient(
                model: try ServedModel.resolve(
                    url: modelURL, name: model, timeout: modelTimeout, retries: modelRetries,
                    concurrency: modelConcurrency))
        } catch {
            throw MeasureError.usage(error.description)
        }
    }
}
