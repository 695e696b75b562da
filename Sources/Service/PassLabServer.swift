import CodeSize
import Engine
import Foundation
import Pipelines

/// `passlab serve`'s logic, independent of the transport: one request in,
/// one response out (docs/serve-protocol.md). Holds the sessions and
/// dispatches methods; every LLVM pass runs in the engine's worker
/// processes, so a crashing or hanging pass list costs one evaluation and
/// is reported as an outcome, never taking the server down.
///
/// Thread-safe: the HTTP transport answers requests concurrently (requests
/// on one session apply one at a time). Methods block on the engine: call
/// `respond` from a thread that may block, not from the cooperative pool.
public final class PassLabServer: @unchecked Sendable {
    /// The worker-process engine every evaluation, step, validation and tune runs on; the caller made it and shuts it
    /// down.
    public let engine: EvaluationEngine
    /// Limits, HumanEval-X suite and results store, fixed for the server's life.
    public let configuration: ServiceConfiguration
    var limits: ServiceLimits { configuration.limits }
    private let lock = NSLock()
    private var sessions: [String: Session] = [:]
    private var sessionsOpened = 0
    /// Predictor models, validators and the store, made on first use.
    let tools: ServiceTools

    /// A server with no sessions yet; predictor models, the results store and validators are made on the first request
    /// that needs them.
    public init(engine: EvaluationEngine, configuration: ServiceConfiguration = ServiceConfiguration()) {
        self.engine = engine
        self.configuration = configuration
        tools = ServiceTools(configuration: configuration)
    }

    /// Sessions open now.
    public var sessionCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return sessions.count
    }

    /// Answers one request (a JSON line or HTTP body): the response's JSON
    /// bytes (no newline), and whether the request was `shutdown`.
    public func respond(to request: [UInt8]) -> (response: [UInt8], shutdown: Bool) {
        var id = JSONValue.null
        var response: JSONValue
        var shutdown = false
        do {
            guard request.count <= limits.maxRequestBytes else {
                throw ServiceError(
                    .limitExceeded,
                    "the request is \(request.count) bytes, over \(limits.maxRequestBytes) "
                        + "(twice --max-module-bytes plus 1 MiB); send a smaller module or raise --max-module-bytes")
            }
            let decoded = try ServiceRequest.decode(request, id: &id)
            let result = try dispatch(decoded)
            shutdown = decoded.method == "shutdown"
            response = ["id": id, "result": result]
        } catch {
            response = Self.errorResponse(id: id, error)
        }
        do {
            return ([UInt8](try JSONValue.encoder.encode(response)), shutdown)
        } catch {
            let fallback = Self.errorResponse(
                id: id, ServiceError(.internal, "the result could not be encoded: \(error)"))
            return ([UInt8]((try? JSONValue.encoder.encode(fallback)) ?? Data()), shutdown)
        }
    }

    static func errorResponse(id: JSONValue, _ error: ServiceError) -> JSONValue {
        ["id": id, "error": ["code": .string(error.code.rawValue), "message": .string(error.message)]]
    }

    static func errorResponse(id: JSONValue, _ error: any Error) -> JSONValue {
        errorResponse(id: id, error as? ServiceError ?? ServiceError(.internal, "\(error)"))
    }

    /// Every method by name (`hello` lists them for clients).
    static let methods = [
        "hello", "passes", "session.open", "session.step", "session.observe", "session.fork", "session.reset",
        "session.close", "evaluate", "validate", "tune", "shutdown",
    ]

    func dispatch(_ request: ServiceRequest) throws -> JSONValue {
        let params = request.params
        switch request.method {
        case "hello": return hello()
        case "passes": return passes()
        case "session.open": return try openSession(params)
        case "session.step": return try step(params)
        case "session.observe": return try observe(params)
        case "session.fork": return try fork(params)
        case "session.reset": return try reset(params)
        case "session.close": return try close(params)
        case "evaluate": return try evaluate(params)
        case "validate": return try validate(params)
        case "tune": return try tune(params)
        case "shutdown": return [:]
        default:
            throw ServiceError(
                .unknownMethod,
                "\(request.method.debugDescription) is not a method; the methods are "
                    + Self.methods.joined(separator: ", "))
        }
    }

    func hello() -> JSONValue {
        [
            "protocolVersion": 1,
            "passlabVersion": .string(PassLabVersion.current),
            "llvmVersion": .string(PassCatalog.llvmVersion),
            "protocols": .array(ProtocolName.allCases.map { .string($0.rawValue) }),
            "catalogSize": .int(PassCatalog.entries.count),
            "observationSpaces": .array(ObservationSpace.allCases.map { .string($0.rawValue) }),
            "rewardSpaces": ["BinarySize", "BinarySizeOz"],
            "methods": .array(Self.methods.map { .string($0) }),
            "limits": [
                "maxModuleBytes": .int(limits.maxModuleBytes), "maxSessions": .int(limits.maxSessions),
                "requestTimeout": .double(limits.requestTimeout), "maxListLength": .int(limits.maxListLength),
            ],
            "workers": .int(engine.configuration.jobs),
        ]
    }

    func passes() -> JSONValue {
        let entries = PassCatalog.entries.enumerated().map { index, entry -> JSONValue in
            [
                "index": .int(index), "name": .string(entry.name), "pipeline": .string(entry.pipeline),
                "level": .string(entry.level.rawValue),
            ]
        }
        return ["passes": .array(entries), "llvmVersion": .string(PassCatalog.llvmVersion)]
    }

    // MARK: - The session table

    func session(_ params: Params) throws(ServiceError) -> Session {
        let id = try params.requiredString("session")
        lock.lock()
        defer { lock.unlock() }
        guard let session = sessions[id] else {
            throw ServiceError(
                .unknownSession,
                "no session \(id.debugDescription) (closed, or never opened); "
                    + "open one with session.open")
        }
        return session
    }

    /// Adds a session made by `make` (given the new id), within --max-sessions.
    func addSession(_ make: (String) throws -> Session) throws -> Session {
        lock.lock()
        guard sessions.count < limits.maxSessions else {
            lock.unlock()
            throw ServiceError(
                .limitExceeded,
                "\(sessions.count) sessions are open, the server's --max-sessions; "
                    + "close some (session.close) or start the server with a larger limit")
        }
        sessionsOpened += 1
        let id = "s\(sessionsOpened)"
        lock.unlock()
        let session = try make(id)
        lock.lock()
        defer { lock.unlock() }
        // Two opens racing for the last place: the later one gives way.
        guard sessions.count < limits.maxSessions else {
            throw ServiceError(
                .limitExceeded,
                "\(sessions.count) sessions are open, the server's --max-sessions; "
                    + "close some (session.close) or start the server with a larger limit")
        }
        sessions[id] = session
        return session
    }

    func removeSession(_ id: String) -> Session? {
        lock.lock()
        defer { lock.unlock() }
        return sessions.removeValue(forKey: id)
    }
}
