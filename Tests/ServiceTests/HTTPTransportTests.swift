import Foundation
import Service
import Support
import TestSupport
import Testing
import Toolchain

/// `passlab serve --http`: the real binary on a free loopback port, asked by
/// a real HTTP client (curl).
@Suite struct HTTPTransportTests {
    struct Reply {
        var status: Int
        var body: String
        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) }
    }

    /// curl: the body and the status code.
    static func curl(_ url: String, token: String? = nil, body: [UInt8]? = nil) throws -> Reply {
        var arguments = ["-s", "-o", "-", "-w", "\n%{http_code}", "--max-time", "300"]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        if body != nil { arguments += ["-H", "Content-Type: application/json", "--data-binary", "@-"] }
        let result = try ProcessRunner.run(ProcessRequest("curl", arguments + [url], standardInput: body, timeout: 320))
        #expect(result.termination == .exited(0), "curl: \(result.stderrText)")
        let text = result.stdoutText
        let split = text.lastIndex(of: "\n") ?? text.startIndex
        return Reply(status: Int(text[text.index(after: split)...]) ?? -1, body: String(text[..<split]))
    }

    @Test func rpcHealthTokenAndOverSizeBodiesOverRealHTTP() throws {
        let directory = Fixtures.temporaryDirectory("serve-http")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "  t0ken-\(UUID().uuidString)\n".write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        let token = try String(contentsOfFile: directory + "/token", encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let server = try ServeProcess([
            "--http", "127.0.0.1:0", "--token-file", directory + "/token", "--jobs", "2",
            "--max-module-bytes", "4096",
        ])
        let announced = try server.response()
        let address = try #require(announced["listening"]?.stringValue)
        #expect(address.hasPrefix("127.0.0.1:") && !address.hasSuffix(":0"))
        let base = "http://\(address)"

        #expect(try Self.curl(base + "/v1/health").status == 401)
        #expect(try Self.curl(base + "/v1/health", token: "wrong").status == 401)
        let health = try Self.curl(base + "/v1/health", token: token)
        #expect(health.status == 200 && health.json == ["ok": true])
        let refused = try Self.curl(base + "/v1/rpc", body: Array(#"{"id":1,"method":"hello"}"#.utf8))
        #expect(refused.status == 401)

        let hello = try Self.curl(base + "/v1/rpc", token: token, body: Array(#"{"id":1,"method":"hello"}"#.utf8))
        #expect(hello.status == 200 && hello.json?["result"]?["protocolVersion"] == 1)
        // Protocol errors are HTTP 200 with the error object.
        let bad = try Self.curl(base + "/v1/rpc", token: token, body: Array("not json".utf8))
        #expect(bad.status == 200 && bad.json?["error"]?["code"] == "parse_error")

        // A session over HTTP, with a crash in the middle.
        func rpc(_ id: Int, _ method: String, _ params: JSONValue) throws -> JSONValue {
            let body = try server.request(id, method, params)
            let reply = try Self.curl(base + "/v1/rpc", token: token, body: Array(body.utf8))
            #expect(reply.status == 200)
            return try #require(reply.json)
        }
        let opened = try rpc(2, "session.open", ["ir": .string(ServiceFixtures.loopIR)])
        let session = try #require(opened["result"]?["session"])
        let crashed = try rpc(
            3, "session.step", ["session": session, "pipeline": .string(ServiceFixtures.crashingPipeline)])
        #expect(crashed["result"]?["outcome"] == "crashed")
        let stepped = try rpc(4, "session.step", ["session": session, "passes": ["default<Oz>"]])
        #expect(stepped["result"]?["outcome"] == "ok")
        let evaluated = try rpc(
            5, "evaluate", ["ir": .string(ServiceFixtures.loopIR), "lists": [[], ["default<Oz>"]]])
        #expect(evaluated["result"]?["results"]?[1]?["binarySize"] == stepped["result"]?["binarySize"])

        // A body over the request limit (2 x 4096 + 1 MiB) is HTTP 413; the server goes on.
        let huge =
            Array(#"{"id":6,"method":"hello","params":{"pad":""#.utf8) + [UInt8](repeating: 0x78, count: 1 << 21)
            + Array(#""}}"#.utf8)
        #expect(try Self.curl(base + "/v1/rpc", token: token, body: huge).status == 413)
        #expect(try Self.curl(base + "/v1/health", token: token).status == 200)

        let shutdown = try Self.curl(base + "/v1/rpc", token: token, body: Array(#"{"id":7,"method":"shutdown"}"#.utf8))
        #expect(shutdown.json == ["id": 7, "result": [:]])
        #expect(try server.readLine() == nil, "standard output carries only the listening line")
        #expect(server.process.wait() == .exited(0))
    }

    @Test func concurrentRequestsAreAllAnswered() throws {
        let server = try ServeProcess(["--http", "127.0.0.1:0", "--jobs", "2"])
        let base = "http://" + (try #require(try server.response()["listening"]?.stringValue))
        let opened = try Self.curl(
            base + "/v1/rpc",
            body: Array(
                try server.request(
                    1, "session.open",
                    ["ir": .string(ServiceFixtures.loopIR)]
                ).utf8))
        let session = try #require(opened.json?["result"]?["session"])
        // Six clients at once: three step the same session (one at a time inside), three evaluate.
        let bodies: [String] = try (0..<6).map { index in
            index < 3
                ? try server.request(10 + index, "session.step", ["session": session, "passes": ["sroa"]])
                : try server.request(
                    10 + index, "evaluate", ["ir": .string(ServiceFixtures.loopIR), "lists": [[], ["gvn"]]])
        }
        let replies = ParallelResults<Reply?>.compute(count: bodies.count, width: bodies.count) { index in
            try? Self.curl(base + "/v1/rpc", body: Array(bodies[index].utf8))
        }
        for (index, reply) in replies.enumerated() {
            #expect(reply?.status == 200)
            #expect(reply?.json?["id"]?.intValue == 10 + index)
            #expect(reply?.json?["result"] != nil, "\(reply?.body ?? "no reply")")
        }
        let actions = try Self.curl(
            base + "/v1/rpc",
            body: Array(
                try server.request(
                    20, "session.observe",
                    ["session": session, "spaces": ["Actions"]]
                ).utf8))
        #expect(
            actions.json?["result"]?["observations"]?["Actions"]?.arrayValue?.count == 3,
            "every step applied, none lost")
        _ = try Self.curl(base + "/v1/rpc", body: Array(try server.request(21, "shutdown").utf8))
        #expect(server.process.wait() == .exited(0))
    }

    @Test func nonLoopbackNeedsHostAndBadAddressesAreUsageErrors() throws {
        func serve(_ arguments: [String]) throws -> ProcessResult {
            try ProcessRunner.run(
                ProcessRequest(Fixtures.passlabExecutable, ["serve"] + arguments, standardInput: [], timeout: 60))
        }
        let open = try serve(["--http", "0.0.0.0:0"])
        #expect(open.termination == .exited(64))
        #expect(open.stderrText.contains("--host"))
        let malformed = try serve(["--http", "localhost"])
        #expect(malformed.termination == .exited(64))
        #expect(malformed.stderrText.contains("HOST:PORT"))
        let stray = try serve(["--token-file", "/nonexistent"])
        #expect(stray.termination == .exited(64))
        let unreadable = try serve(["--http", "127.0.0.1:0", "--token-file", "/nonexistent/token"])
        #expect(unreadable.termination == .exited(64))
        #expect(unreadable.stderrText.contains("/nonexistent/token"))
    }

    @Test func endpointsParseAndKnowLoopback() throws {
        #expect(try HTTPEndpoint(parsing: "127.0.0.1:8080") == HTTPEndpoint(parsing: "127.0.0.1:8080"))
        #expect(try HTTPEndpoint(parsing: "127.3.2.1:0").isLoopback)
        #expect(try HTTPEndpoint(parsing: "localhost:80").isLoopback)
        #expect(try HTTPEndpoint(parsing: "[::1]:80").isLoopback)
        #expect(try HTTPEndpoint(parsing: "[::1]:80").description == "[::1]:80")
        #expect(try !HTTPEndpoint(parsing: "10.0.0.1:80").isLoopback)
        #expect(try !HTTPEndpoint(parsing: "127.0.0.1.example.com:80").isLoopback)
        #expect(throws: ServiceError.self) { try HTTPEndpoint(parsing: "127.0.0.1:70000") }
        #expect(throws: ServiceError.self) { try HTTPEndpoint(parsing: ":80") }
    }
}
