import Engine
import Foundation
import Service
import TestSupport
import Testing

/// A server over a real engine (worker processes of the built `passlab`),
/// and requests to it as the wire carries them.
struct ServiceHarness {
    let server: PassLabServer
    let engine: EvaluationEngine

    init(
        jobs: Int = 2, timeout: Double = 120, limits: ServiceLimits = ServiceLimits(),
        humanEvalPath: String? = nil, storePath: String? = nil
    ) throws {
        engine = try EvaluationEngine(
            configuration: EngineConfiguration(
                workerExecutable: Fixtures.passlabExecutable, jobs: jobs,
                timeout: timeout))
        server = PassLabServer(
            engine: engine,
            configuration: ServiceConfiguration(
                limits: limits, humanEvalPath: humanEvalPath,
                storePath: storePath))
    }

    /// Sends one request line; returns the whole response object.
    func send(_ line: String) throws -> JSONValue {
        let (bytes, _) = server.respond(to: Array(line.utf8))
        #expect(!bytes.contains(0x0A), "one response, one line")
        return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// Calls `method` and returns the response object (result or error).
    func call(_ method: String, _ params: JSONValue = [:], id: Int = 1) throws -> JSONValue {
        let request: JSONValue = ["id": .int(id), "method": .string(method), "params": params]
        return try send(String(decoding: try JSONEncoder().encode(request), as: UTF8.self))
    }

    /// The result of a call that must succeed.
    func result(_ method: String, _ params: JSONValue = [:]) throws -> JSONValue {
        let response = try call(method, params)
        guard let result = response["result"] else { throw HarnessError.failed(method, response) }
        return result
    }

    /// The error code of a call that must fail.
    func errorCode(_ method: String, _ params: JSONValue = [:]) throws -> String? {
        try call(method, params)["error"]?["code"]?.stringValue
    }
}

enum HarnessError: Error, CustomStringConvertible {
    case failed(String, JSONValue)

    var description: String {
        switch self {
        case .failed(let method, let response):
            "\(method) failed: \(String(decoding: (try? JSONEncoder().encode(response)) ?? Data(), as: UTF8.self))"
        }
    }
}

enum ServiceFixtures {
    /// A loop that LICM would touch (`Fixtures.licmLoopIR`).
    static var loopIR: String { Fixtures.licmLoopIR }

    static let crashingPipeline = "function(licm,gvn)"
    /// 4,500 full -O3 runs on a real program (450 list elements, each ten
    /// runs: under --max-list-length): ~14 CPU-seconds, far past the 1-2 s
    /// limits of the tests on any machine. 450 runs alone took 1.4 s, which an
    /// idle machine finished inside a 2 s limit.
    static let slowPipeline = Array(
        repeating: "module(" + Array(repeating: "default<O3>", count: 10).joined(separator: ",") + ")",
        count: 450
    ).joined(separator: ",")
    static var bits: String { Fixtures.programs + "/09_bits.c" }
}
