import CodeSize
import Engine
import Foundation
import Pipelines
import Predictor
import Toolchain
import Validation

/// The methods that work on whole modules: batch evaluation, PassListEval
/// and tuning.
extension PassLabServer {
    /// Many lists on one module through the engine's parallel batch path:
    /// the module is registered once (each worker parses it once), lists run
    /// on all workers, results come back in the order of `lists`. Lists not
    /// started before --request-timeout are `timed_out` without running.
    func evaluate(_ params: Params) throws -> JSONValue {
        // The request's time starts now: lowering a C file counts.
        let deadline = Date().addingTimeInterval(limits.requestTimeout)
        try params.allowOnly(ModuleSource.parameters.union(["session", "state", "protocol", "lists"]))
        guard case .array(let lists) = params["lists"] ?? .null else {
            throw ServiceError.invalidParams(
                "lists", "missing or not an array; give lists of catalog passes or pipeline strings")
        }
        let resolved = try lists.enumerated().map { index, list in
            try PassList.resolve(list, field: "lists[\(index)]", limits: limits)
        }
        let (module, measurementProtocol) = try evaluationModule(params)
        var jobs: [EvaluationJob] = []
        for case .success(let pipeline) in resolved {
            jobs.append(
                EvaluationJob(module: module.handle, pipeline: pipeline, measurementProtocol: measurementProtocol))
        }
        var outcomes = engine.evaluate(jobs, startingBefore: deadline).makeIterator()
        let results = resolved.map { entry -> JSONValue in
            switch entry {
            case .failure(let error):
                return ["outcome": "invalid_pipeline", "detail": .string(error.description)]
            case .success:
                guard let outcome = outcomes.next()! else {
                    return [
                        "outcome": "timed_out",
                        "detail": .string(
                            "not started within the server's --request-timeout "
                                + "(\(Int(limits.requestTimeout)) s); send fewer lists per request"),
                    ]
                }
                if let measurement = outcome.measurement {
                    return [
                        "outcome": "ok", "binarySize": .int(measurement.binarySize),
                        "instructionCount": .int(measurement.instructionCount),
                    ]
                }
                let described = Self.outcome(outcome)
                return ["outcome": .string(described.label), "detail": .string(described.detail ?? "")]
            }
        }
        return ["results": .array(results)]
    }

    /// The module of an `evaluate`: a session's (its initial module, or its
    /// current state with "state": "current") or one given by path or IR.
    private func evaluationModule(_ params: Params) throws -> (RegisteredModule, MeasurementProtocol) {
        if params["session"] != nil {
            if params["path"] != nil || params["ir"] != nil {
                throw ServiceError.invalidParams("session", "give a session, a path or IR, not several")
            }
            let session = try session(params)
            let measurementProtocol = try MeasurementProtocol.from(params, default: session.measurementProtocol)
            switch try params.string("state") ?? "initial" {
            case "initial": return (session.initial.module, measurementProtocol)
            case "current": return (session.state.module, measurementProtocol)
            case let other:
                throw ServiceError.invalidParams(
                    "state", "\(other.debugDescription) is not a state; give \"initial\" or \"current\"")
            }
        }
        if params["state"] != nil { throw ServiceError.invalidParams("state", "only with \"session\"") }
        let measurementProtocol = try MeasurementProtocol.from(params)
        return (try ModuleSource.from(params, limits: limits).register(in: engine), measurementProtocol)
    }

    /// PassListEval of one list: HumanEval-X (the first `programs`
    /// problems, default all 164) and `csmith` csmith programs.
    func validate(_ params: Params) throws -> JSONValue {
        try params.allowOnly(["list", "programs", "csmith", "protocol", "stopAtFirstFailure"])
        guard let list = params["list"] else {
            throw ServiceError.invalidParams("list", "missing; give catalog passes or a pipeline string")
        }
        let pipeline: Pipeline
        switch try PassList.resolve(list, field: "list", limits: limits) {
        case .success(let resolved): pipeline = resolved
        case .failure(let error): throw ServiceError.invalidParams("list", error.description)
        }
        let programs = try params.int("programs")
        if let programs, programs < 0 {
            throw ServiceError.invalidParams("programs", "must be 0 or more, got \(programs)")
        }
        let csmith = try params.int("csmith") ?? 0
        guard csmith >= 0 else { throw ServiceError.invalidParams("csmith", "must be 0 or more, got \(csmith)") }
        guard programs != 0 || csmith > 0 else {
            throw ServiceError.invalidParams(
                "programs", "0 HumanEval-X programs and no csmith programs: nothing to validate on")
        }
        var stopEarly = false
        if let value = params["stopAtFirstFailure"] {
            guard case .bool(let flag) = value else {
                throw ServiceError.invalidParams(
                    "stopAtFirstFailure", "expected true or false, got \(value.compactText)")
            }
            stopEarly = flag
        }
        let measurementProtocol = try MeasurementProtocol.from(params)
        let validator = try tools.validator(
            engine: engine, programs: programs, csmith: csmith, stopAtFirstFailure: stopEarly)
        let report = try RequestDeadline.run(seconds: limits.requestTimeout, what: "validate") {
            try validator.validate(pipeline: pipeline, measurementProtocol: measurementProtocol)
        }
        guard case .object(var object) = try JSONValue.encoding(report) else {
            throw ServiceError(.internal, "the validation report did not encode as an object")
        }
        object["verdict"] = .string(report.passed ? "passed" : "failed")
        return .object(object)
    }

    /// `passlab tune` on one module with the embedded predictor: the same
    /// fields as `passlab tune --json` (without `output`: nothing is written).
    func tune(_ params: Params) throws -> JSONValue {
        try params.allowOnly(ModuleSource.parameters.union(["budget", "protocol"]))
        let budget = try params.int("budget") ?? 1
        guard budget >= 1 else { throw ServiceError.invalidParams("budget", "must be at least 1, got \(budget)") }
        let measurementProtocol = try MeasurementProtocol.from(params)
        let source = try ModuleSource.from(params, limits: limits)
        let module = try source.register(in: engine)
        let store = try tools.store()
        let validator =
            tools.humanEvalSuite() == nil
            ? nil
            : try tools.validator(engine: engine, programs: nil, csmith: 0, stopAtFirstFailure: true)
        let tuner = try FlagTuner(
            engine: engine, model: try tools.model(measurementProtocol.name),
            measurementProtocol: measurementProtocol, validator: validator, store: store)
        let stop = StopSignal()
        tuner.stop = stop
        let timer = DispatchWorkItem { stop.request() }
        DispatchQueue.global().asyncAfter(deadline: .now() + limits.requestTimeout, execute: timer)
        defer { timer.cancel() }
        let result = try tuner.tune(ir: source.bytes, handle: module.handle, name: source.name, budget: budget)
        if stop.isRequested {
            throw ServiceError(
                .limitExceeded,
                "tune did not finish within the server's --request-timeout "
                    + "(\(Int(limits.requestTimeout)) s); give a smaller budget or start the server with a larger limit"
            )
        }
        return try JSONValue.encoding(result)
    }
}

/// Runs work that has no time-out of its own (PassListEval) on its own
/// thread and waits at most `seconds`: past that the request is answered
/// `limit_exceeded` and the work finishes in the background (its results
/// still go to the store, so the same request later is quicker).
enum RequestDeadline {
    static func run<T>(seconds: Double, what: String, _ body: @escaping @Sendable () throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = Result { try body() }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + seconds) == .success, let result = box.result else {
            throw ServiceError(
                .limitExceeded,
                "\(what) did not finish within the server's --request-timeout (\(Int(seconds)) s); "
                    + "it goes on in the background and stores its verdict; ask with fewer programs, or raise the limit"
            )
        }
        return try result.get()
    }
}

/// Where a thread leaves its result for the one waiting on a semaphore.
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
