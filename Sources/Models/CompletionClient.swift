import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Support

/// Where a served model is and how to ask it: `--model-url` / `--model`
/// or the environment (`PASSLAB_MODEL_URL`, `PASSLAB_MODEL`,
/// `PASSLAB_MODEL_API_KEY`).
public struct ServedModel: Sendable, Hashable, Codable {
    /// The API's base URL, ending in `/v1` (`http://127.0.0.1:8000/v1`).
    public var baseURL: String
    /// The model name the server knows (`facebook/llm-compiler-7b-ftd`).
    public var name: String
    /// Sent as `Authorization: Bearer KEY` when set (`PASSLAB_MODEL_API_KEY`);
    /// nil sends no header, as a local vLLM or llama.cpp server expects.
    public var apiKey: String?
    /// Seconds one request may take, generation included.
    public var timeout: Double
    /// Attempts after the first for failures worth retrying (connection
    /// errors, time-outs, HTTP 429 and 5xx).
    public var retries: Int
    /// Requests in flight at once, for this process.
    public var concurrency: Int
    /// The model's context in tokens (prompt plus answer): the LLM
    /// Compiler models have 16k. A request's answer is capped to what is
    /// left after the prompt (vLLM refuses a request that asks for more).
    public var contextTokens: Int
    /// Bytes of one response body read at most; past it the request is
    /// cancelled and fails as `ModelError.responseTooLarge`, so a server
    /// that streams without end costs neither memory nor the whole time-out.
    public var responseLimit: Int

    /// The largest useful answer fills the 16k-token context: about 64 KiB
    /// of text, up to 6 bytes a character once JSON-escaped (\uXXXX), plus
    /// the envelope; 2 MiB is several times that.
    public static let defaultResponseLimit = 2 << 20

    /// A model at `baseURL` as given (no check: `resolve` validates flags and
    /// the environment), with the CLI's defaults for the limits.
    public init(
        baseURL: String, name: String, apiKey: String? = nil, timeout: Double = 600, retries: Int = 2,
        concurrency: Int = 2,
        contextTokens: Int = 16_384, responseLimit: Int = ServedModel.defaultResponseLimit
    ) {
        self.responseLimit = responseLimit
        self.baseURL = baseURL
        self.name = name
        self.contextTokens = contextTokens
        self.apiKey = apiKey
        self.timeout = timeout
        self.retries = retries
        self.concurrency = concurrency
    }

    /// The model from `--model-url`/`--model`, else `PASSLAB_MODEL_URL`/
    /// `PASSLAB_MODEL` (the key only from `PASSLAB_MODEL_API_KEY`); a trailing
    /// `/` is dropped. Throws `ModelError.configuration`, saying what to pass,
    /// when either is missing or the URL is not http(s).
    public static func resolve(
        url: String?, name: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        timeout: Double = 600, retries: Int = 2, concurrency: Int = 2
    ) throws(ModelError) -> ServedModel {
        guard let url = url ?? environment["PASSLAB_MODEL_URL"], !url.isEmpty else {
            throw .configuration(
                "no model server given: pass --model-url http://HOST:PORT/v1 (or set PASSLAB_MODEL_URL) for a server "
                    + "speaking the OpenAI completions API, e.g. vLLM or llama.cpp serving facebook/llm-compiler-7b-ftd (docs/serving-llm-compiler.md)"
            )
        }
        guard let parsed = URL(string: url), let scheme = parsed.scheme, scheme == "http" || scheme == "https",
            parsed.host != nil
        else {
            throw .configuration(
                "'\(url)' is not an http(s) URL; pass the API's base URL, e.g. --model-url http://127.0.0.1:8000/v1")
        }
        guard let name = name ?? environment["PASSLAB_MODEL"], !name.isEmpty else {
            throw .configuration(
                "no model name given: pass --model NAME (or set PASSLAB_MODEL), the name the server serves, "
                    + "e.g. facebook/llm-compiler-7b-ftd; GET \(url)/models lists them")
        }
        let key = environment["PASSLAB_MODEL_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        return ServedModel(
            baseURL: url.hasSuffix("/") ? String(url.dropLast()) : url, name: name, apiKey: key,
            timeout: timeout, retries: retries, concurrency: concurrency)
    }
}

/// Errors of the model backend itself (the answers' faults are
/// `ModelAnswer.Rejection`s, not errors). A configuration mistake is a
/// usage error (64); a server that fails or answers with no completion is a
/// service that cannot be used (69).
public enum ModelError: UserFacingError, Sendable, Equatable, CustomStringConvertible {
    /// A usage mistake before any request (no URL, not http(s), no model
    /// name, an unreadable dataset or answers file); the message is the fix.
    case configuration(String)
    /// The server answered, but not with a completion (after retries).
    case server(String)
    /// The response body went past `ServedModel.responseLimit`; reading stopped there.
    case responseTooLarge(url: String, limit: Int)

    /// 64 for `configuration` (the message is the fix), 69 when the server failed.
    public var exitCode: Int32 {
        if case .configuration = self { 64 } else { 69 }
    }

    /// What the CLI prints: the message of a configuration mistake as it is; a server's failure says it was the
    /// model server's.
    public var userMessage: String {
        if case .configuration = self { description } else { "the model server failed: \(description)" }
    }

    /// The message alone, with no type name.
    public var description: String {
        switch self {
        case .configuration(let message), .server(let message): message
        case let .responseTooLarge(url, limit):
            "\(url): the response is larger than \(limit) bytes (a model that does not stop?); reading stopped there"
        }
    }
}

/// One completion: the generated text and why generation stopped.
public struct Completion: Sendable, Hashable, Codable {
    /// `choices[0].text` of the response: the model's answer, untrusted
    /// (read it with `ModelAnswer`).
    public var text: String
    /// "stop" (a stop sequence or end of text), "length" (max tokens), ...
    public var finishReason: String?
    /// Prompt tokens as the server counted them (`usage.prompt_tokens`); nil
    /// when the server reports no usage.
    public var promptTokens: Int?
    /// Generated tokens as the server counted them (`usage.completion_tokens`);
    /// nil when the server reports no usage.
    public var completionTokens: Int?
    /// Wall-clock seconds from the first attempt to the decoded answer,
    /// back-off between retries included.
    public var seconds: Double
    /// Attempts made (1 when the first succeeded).
    public var attempts: Int
}

/// A client for `POST {baseURL}/completions` of an OpenAI-compatible
/// server (vLLM, llama.cpp, ...): greedy decoding (temperature 0), stop
/// sequences, a time-out per request, retries with back-off for transient
/// failures, and at most `concurrency` requests in flight. Synchronous:
/// callers are PassLab's worker threads, not Swift's cooperative pool.
///
/// HTTP goes through SwiftNIO's client (one AsyncHTTPClient per process, see
/// `http`), not Foundation's URLSession: FoundationNetworking links libcurl and some 25
/// libraries it loads, which every PassLab process (workers included) paid
/// for at start-up, about 9-15 ms, whether it talked to a model or not.
public final class CompletionClient: @unchecked Sendable {
    /// The server, model and limits every request of this client uses.
    public let model: ServedModel
    private let slots: DispatchSemaphore
    /// Seconds before retry n (n = 1, 2, ...): backoff * 2^(n-1).
    public var backoff: Double = 0.5

    /// A client for `model`: each request ends by `model.timeout`, bodies
    /// are capped at `model.responseLimit`, and `model.concurrency` slots
    /// (at least 1) bound the requests in flight.
    public init(model: ServedModel) {
        self.model = model
        slots = DispatchSemaphore(value: max(1, model.concurrency))
    }

    /// The completion of `prompt`, greedy, stopping at `stop` or after
    /// `maxTokens` tokens (capped to what `contextTokens` leaves after the
    /// prompt, as `LlamaTokenCount.default` counts it). Blocks the calling
    /// thread; throws `ModelError.server` when the request fails (transient
    /// failures after the retries), `.responseTooLarge` at once.
    public func complete(prompt: String, maxTokens: Int, stop: [String] = []) throws(ModelError) -> Completion {
        let room = model.contextTokens - LlamaTokenCount.default.count(prompt)
        var body: [String: Any] = [
            "model": model.name, "prompt": prompt, "max_tokens": max(1, min(maxTokens, room)), "temperature": 0,
            "top_p": 1, "n": 1,
        ]
        if !stop.isEmpty { body["stop"] = stop }
        let payload: Data
        do { payload = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]) } catch {
            throw .server("cannot encode the request: \(error)")
        }
        let started = Date()
        var attempt = 0
        while true {
            attempt += 1
            switch send(payload) {
            case .success(let data):
                do {
                    var completion = try Self.decode(data)
                    completion.seconds = Date().timeIntervalSince(started)
                    completion.attempts = attempt
                    return completion
                } catch let error as ModelError {
                    throw error
                } catch {
                    throw .server("\(error)")
                }
            case .failure(let failure):
                if failure.tooLarge {
                    throw .responseTooLarge(url: "\(model.baseURL)/completions", limit: model.responseLimit)
                }
                guard failure.retryable, attempt <= model.retries else {
                    throw .server(
                        "\(model.baseURL)/completions (model \(model.name)): \(failure.message)"
                            + (attempt > 1 ? " (after \(attempt) attempts)" : ""))
                }
                Thread.sleep(forTimeInterval: backoff * pow(2, Double(attempt - 1)))
            }
        }
    }

    /// The model names the server serves (`GET {baseURL}/models`).
    public func servedModels() throws(ModelError) -> [String] {
        switch perform(url: model.baseURL + "/models", method: .GET, body: nil) {
        case .success(let data):
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let list = object["data"] as? [[String: Any]]
            else {
                throw .server("\(model.baseURL)/models did not return an OpenAI model list")
            }
            return list.compactMap { $0["id"] as? String }
        case .failure(let failure):
            if failure.tooLarge { throw .responseTooLarge(url: "\(model.baseURL)/models", limit: model.responseLimit) }
            throw .server("\(model.baseURL)/models: \(failure.message)")
        }
    }

    struct Failure: Error {
        var message: String
        var retryable: Bool
        var tooLarge = false
    }

    private func send(_ payload: Data) -> Result<Data, Failure> {
        perform(url: model.baseURL + "/completions", method: .POST, body: payload)
    }

    /// One HTTP exchange inside a concurrency slot, ended by the time-out;
    /// the body is read through `BoundedBody`, which stops at the response
    /// limit and hangs up.
    private func perform(url: String, method: HTTPMethod, body: Data?) -> Result<Data, Failure> {
        slots.wait()
        defer { slots.signal() }
        var headers = HTTPHeaders()
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        if let key = model.apiKey { headers.add(name: "Authorization", value: "Bearer \(key)") }
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url, method: method, headers: headers, body: body.map { .bytes($0) })
        } catch {
            return .failure(Failure(message: "cannot make a request of \(url): \(error)", retryable: false))
        }
        let timeout = model.timeout
        let deadline = NIODeadline.now() + .nanoseconds(Int64(min(timeout, 1e9) * 1e9))
        let task = Self.http.execute(
            request: request, delegate: BoundedBody(limit: model.responseLimit), deadline: deadline)
        let response: (status: HTTPResponseStatus, body: Data)
        do {
            response = try task.futureResult.wait()
        } catch is BoundedBody.TooLarge {
            return .failure(Failure(message: "response too large", retryable: false, tooLarge: true))
        } catch let error as HTTPClientError
            where [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error)
        {
            return .failure(
                Failure(message: "no answer within \(Self.seconds(timeout)) s (--model-timeout)", retryable: true))
        } catch let error as IOError {
            // "Connection refused" rather than NIO's "connection reset (error set): ... (errno: 111)".
            return .failure(Failure(message: String(cString: strerror(error.errnoCode)), retryable: true))
        } catch {
            return .failure(Failure(message: "\(error)", retryable: true))
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let text = String(decoding: response.body.prefix(500), as: UTF8.self)
            return .failure(Failure(message: "HTTP \(status): \(text)", retryable: status == 429 || status >= 500))
        }
        return .success(response.body)
    }

    /// The process's HTTP client (never shut down: it lives as long as the
    /// process). A refused connection fails at once, as it did with
    /// URLSession, instead of being retried until the connect time-out
    /// (AsyncHTTPClient's default): a server that is down says so in
    /// milliseconds, and `retries` decides what is tried again.
    private static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// "30" for 30.0, "2.5" for 2.5.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    static func decode(_ data: Data) throws -> Completion {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ModelError.server("the answer is not JSON: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        guard let choices = object["choices"] as? [[String: Any]], let first = choices.first,
            let text = first["text"] as? String
        else {
            throw ModelError.server(
                "the answer has no choices[0].text (is this an OpenAI-compatible /v1 endpoint?): "
                    + String(decoding: data.prefix(200), as: UTF8.self))
        }
        let usage = object["usage"] as? [String: Any]
        return Completion(
            text: text, finishReason: first["finish_reason"] as? String, promptTokens: usage?["prompt_tokens"] as? Int,
            completionTokens: usage?["completion_tokens"] as? Int, seconds: 0, attempts: 1)
    }
}

/// A response's status and body, the body kept up to `limit` bytes: a
/// response that sends more fails as `TooLarge` as soon as it does (and the
/// connection is closed), instead of being buffered whole.
final class BoundedBody: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = (status: HTTPResponseStatus, body: Data)

    /// The body went past the limit.
    struct TooLarge: Error {}

    let limit: Int
    // Touched only on the request's event loop, one callback at a time.
    private var status = HTTPResponseStatus.ok
    private var body = Data()

    init(limit: Int) {
        self.limit = limit
    }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        status = head.status
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        guard body.count + buffer.readableBytes <= limit else {
            body = Data()
            return task.eventLoop.makeFailedFuture(TooLarge())
        }
        body.append(contentsOf: buffer.readableBytesView)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws -> Response {
        (status, body)
    }
}
