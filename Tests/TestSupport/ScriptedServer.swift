import Foundation
// Data(contentsOf:) of an http URL (`stats`) needs Foundation's networking; PassLab's own client does not use it.
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The scripted server did not print its port: Python or the script failed.
public struct ServerStartError: Error {
    /// What the server printed instead of its port.
    public var message: String
    /// An error with `message`.
    public init(message: String) { self.message = message }
}

/// A scripted OpenAI-compatible server (real HTTP, Python's http.server)
/// that answers what a test tells it to; see its docstring.
public final class ScriptedServer {
    let process = Process()
    let port: Int
    let requestsPath: String
    let directory: String

    /// Starts the server on a free port; `steps` are its answers in order (see the script's docstring), `model` the name it serves.
    public init(_ steps: [[String: Any]], model: String = "llm-compiler-test") throws {
        directory = Fixtures.temporaryDirectory("scripted-server")
        let script = directory + "/script.json"
        requestsPath = directory + "/requests.jsonl"
        try JSONSerialization.data(withJSONObject: steps).write(to: URL(fileURLWithPath: script))
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Fixtures.root + "/Tests/Fixtures/servers/scripted_openai_server.py", script, requestsPath, model,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw ServerStartError(message: "the scripted server did not start: '\(line)'")
        }
        self.port = port
    }

    /// The OpenAI-compatible base URL to give `--model-url`.
    public var url: String { "http://127.0.0.1:\(port)/v1" }

    /// The request bodies received, in order.
    public func requests() throws -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: requestsPath, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) ?? [:]
        }
    }

    /// The server's counters (`/stats`: requests seen, steps used).
    public func stats() throws -> [String: Int] {
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/stats")!)
        return (try JSONSerialization.jsonObject(with: data) as? [String: Int]) ?? [:]
    }

    deinit {
        // SIGKILL: a child started from a Dispatch thread inherits its blocked SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
