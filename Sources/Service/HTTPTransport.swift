import Foundation
import Hummingbird

/// The protocol over HTTP (Hummingbird): `POST /v1/rpc` with one request as
/// the body answers the response object (HTTP 200 even for protocol errors,
/// 413 for a body over the request limit), `GET /v1/health` answers
/// `{"ok":true}`. With a token, both want `Authorization: Bearer TOKEN`
/// (401 otherwise). Requests are answered concurrently; the blocking work
/// runs on Dispatch threads, never on the event loop or the cooperative pool.
public struct HTTPTransport: Sendable {
    /// The server every request goes to; it answers concurrent requests itself.
    public let server: PassLabServer
    /// Where to listen; port 0 takes any free port, which the `listening` line names.
    public let endpoint: HTTPEndpoint
    /// The bearer token both routes require (401 without it); nil: no authentication, reasonable on loopback only.
    public let token: String?

    /// A transport for `server` on `endpoint`; nothing listens until `run()`.
    public init(server: PassLabServer, endpoint: HTTPEndpoint, token: String?) {
        self.server = server
        self.endpoint = endpoint
        self.token = token
    }

    /// Reads a bearer token file: its content without surrounding white space.
    public static func token(fromFile path: String) throws(ServiceError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServiceError(
                .invalidParams, "--token-file \(path): cannot read it; give a file holding the bearer token")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty, !token.contains(where: \.isWhitespace) else {
            throw ServiceError(
                .invalidParams,
                "--token-file \(path): the token is empty or holds white space; "
                    + "write one token (e.g. from `openssl rand -hex 32`) in it")
        }
        return token
    }

    /// Serves until a `shutdown` request; blocks the calling thread. The
    /// first line on standard output is `{"listening":"HOST:PORT"}`.
    public func run() throws {
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do {
                try await serve()
            } catch {
                failure.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = failure.error { throw error }
    }

    private func serve() async throws {
        let (shutdownRequests, shutdown) = AsyncStream<Void>.makeStream()
        let router = Router()
        let server = self.server
        let token = self.token
        let limit = server.configuration.limits.maxRequestBytes
        router.get("/v1/health") { request, _ -> Response in
            guard Self.authorized(request, token: token) else { return Self.unauthorized() }
            return Self.json(Array(#"{"ok":true}"#.utf8))
        }
        router.post("/v1/rpc") { request, _ -> Response in
            guard Self.authorized(request, token: token) else { return Self.unauthorized() }
            let body = try await request.body.collect(upTo: limit)
            let bytes = Array(body.readableBytesView)
            let (response, stop) = await Self.offload { server.respond(to: bytes) }
            if stop {
                // Answer first, then stop: the response is written before the server goes.
                Task {
                    try? await Task.sleep(for: .milliseconds(200))
                    shutdown.yield()
                }
            }
            return Self.json(response)
        }
        let endpoint = self.endpoint
        let app = Application(
            router: router, configuration: .init(address: .hostname(endpoint.host, port: endpoint.port)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? endpoint.port
                var bound = endpoint
                bound.port = port
                Self.announce(bound)
            })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            group.addTask {
                for await _ in shutdownRequests { return }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// The first (and only) line on standard output in HTTP mode.
    static func announce(_ endpoint: HTTPEndpoint) {
        let line =
            (try? JSONValue.encoder.encode(JSONValue.object(["listening": .string(endpoint.description)]))) ?? Data()
        FileHandle.standardOutput.write(line + Data("\n".utf8))
    }

    static func authorized(_ request: Request, token: String?) -> Bool {
        guard let token else { return true }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
        // Constant time in the token's length: no early exit on the first differing byte.
        let given = Array(header.dropFirst("Bearer ".count).utf8)
        let expected = Array(token.utf8)
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func unauthorized() -> Response {
        let error = PassLabServer.errorResponse(
            id: .null,
            ServiceError(
                .invalidRequest,
                "this server wants a bearer token: send Authorization: Bearer TOKEN (the content of its --token-file)"))
        var response = json([UInt8]((try? JSONValue.encoder.encode(error)) ?? Data()))
        response.status = .unauthorized
        response.headers[.wwwAuthenticate] = "Bearer"
        return response
    }

    static func json(_ bytes: [UInt8]) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Runs blocking work (the engine, LLVM) on a Dispatch thread.
    static func offload<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }
}

private final class FailureBox: @unchecked Sendable {
    var error: (any Error)?
}
