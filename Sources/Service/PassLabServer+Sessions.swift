import CodeSize
import Engine
import Foundation
import Pipelines

/// The CompilerGym-style session methods.
///
/// A step is one engine evaluation of the chosen passes on the session's
/// current module, asking the worker for the resulting bitcode besides the
/// sizes: that bitcode (use-list order kept, so measuring it again gives the
/// same size) is the new state, registered with the engine for the next
/// step. Keeping the IR rather than re-applying the action history from the
/// initial module makes a step cost one pass application however long the
/// episode, and is what CompilerGym does; it also means a step's size is
/// that of applying the passes one request at a time, as `opt` run once per
/// step would give (the `Actions` history says what was applied).
extension PassLabServer {
    func openSession(_ params: Params) throws -> JSONValue {
        try params.allowOnly(ModuleSource.parameters.union(["protocol"]))
        let measurementProtocol = try MeasurementProtocol.from(params)
        let source = try ModuleSource.from(params, limits: limits)
        let name = try params.string("name") ?? source.name
        let session = try addSession { id in
            let module = try source.register(in: engine)
            let (initial, baselines) = try measureInitial(module, name: name, measurementProtocol: measurementProtocol)
            return Session(
                id: id, name: name, measurementProtocol: measurementProtocol, initial: initial, baselines: baselines)
        }
        return describe(session, state: session.initial)
    }

    /// The unoptimized size (the initial state's) and the -Oz baseline, in parallel.
    func measureInitial(
        _ module: RegisteredModule, name: String,
        measurementProtocol: MeasurementProtocol
    ) throws -> (SessionState, Baselines) {
        let outcomes = engine.evaluate([
            EvaluationJob(module: module.handle, pipeline: .empty, measurementProtocol: measurementProtocol),
            EvaluationJob(
                module: module.handle, pipeline: PassCatalog.clangOz, measurementProtocol: measurementProtocol),
        ])
        guard let unoptimized = outcomes[0].measurement else {
            throw ServiceError(
                .moduleError, "\(name): the module does not compile as it is: \(Self.outcome(outcomes[0]).detail ?? "")"
            )
        }
        guard let oz = outcomes[1].measurement else {
            throw ServiceError(
                .moduleError,
                "\(name): the -Oz baseline (clang-19's -Oz pipeline) has no size: "
                    + (Self.outcome(outcomes[1]).detail ?? ""))
        }
        return (
            SessionState(module: module, measurement: unoptimized, actions: [], pipelines: []),
            Baselines(oz: oz.binarySize, unoptimized: unoptimized.binarySize)
        )
    }

    /// session.open's and session.reset's result.
    func describe(_ session: Session, state: SessionState) -> JSONValue {
        [
            "session": .string(session.id), "name": .string(session.name),
            "protocol": .string(session.measurementProtocol.name.rawValue),
            "baselines": ["oz": .int(session.baselines.oz), "unoptimized": .int(session.baselines.unoptimized)],
            "binarySize": .int(state.measurement.binarySize),
            "instructionCount": .int(state.measurement.instructionCount),
        ]
    }

    func step(_ params: Params) throws -> JSONValue {
        try params.allowOnly(["session", "action", "actions", "passes", "pipeline", "observe"])
        let session = try session(params)
        let (pipeline, actions) = try stepPasses(params)
        let spaces = try ObservationSpace.parse(try params.stringArray("observe") ?? [], field: "observe")
        return try session.withState { state -> JSONValue in
            let outcome = engine.evaluate(
                EvaluationJob(
                    module: state.module.handle, pipeline: pipeline,
                    measurementProtocol: session.measurementProtocol, outputs: .bitcode))
            var result: [String: JSONValue]
            if case .measured(let measurement, let bitcode) = outcome {
                let reward = state.measurement.binarySize - measurement.binarySize
                let module = RegisteredModule(bytes: bitcode, name: session.name, engine: engine)
                state = SessionState(
                    module: module, measurement: measurement, actions: state.actions + actions,
                    pipelines: state.pipelines + [pipeline])
                result = [
                    "outcome": "ok", "reward": .int(reward),
                    "rewardOz": .double(Double(reward) / session.baselines.ozScale),
                ]
            } else {
                let described = Self.outcome(outcome)
                result = [
                    "outcome": .string(described.label), "detail": .string(described.detail ?? ""), "reward": 0,
                    "rewardOz": .double(0),
                ]
            }
            result["binarySize"] = .int(state.measurement.binarySize)
            result["instructionCount"] = .int(state.measurement.instructionCount)
            result["observations"] = try ObservationSpace.observe(spaces, state: state, session: session)
            return .object(result)
        }
    }

    /// What a step applies: catalog passes (their indices go to `Actions`)
    /// or, beyond CompilerGym, any `opt -p` text (`"pipeline"`).
    private func stepPasses(_ params: Params) throws -> (pipeline: Pipeline, actions: [Int]) {
        let given = ["action", "actions", "passes", "pipeline"].filter { params[$0] != nil }
        guard given.count == 1 else {
            throw ServiceError.invalidParams(
                given.isEmpty ? "action" : given[1],
                "give exactly one of \"action\" (a catalog index), \"actions\" (indices), "
                    + "\"passes\" (catalog names) or \"pipeline\" (opt -p text)")
        }
        if given[0] == "pipeline" {
            switch try PassList.resolve(params["pipeline"]!, field: "pipeline", limits: limits) {
            case .success(let pipeline) where !pipeline.isEmpty: return (pipeline, [])
            case .success: throw ServiceError.invalidParams("pipeline", "empty; give at least one pass")
            case .failure(let error): throw ServiceError.invalidParams("pipeline", error.description)
            }
        }
        let actions =
            given[0] == "action"
            ? [try PassList.catalogIndex(params["action"]!, field: "action")]
            : try PassList.catalogIndices(params[given[0]]!, field: given[0], limits: limits)
        guard !actions.isEmpty else { throw ServiceError.invalidParams(given[0], "empty; give at least one pass") }
        return (PassList.pipeline(actions), actions)
    }

    func observe(_ params: Params) throws -> JSONValue {
        try params.allowOnly(["session", "spaces"])
        let session = try session(params)
        guard let names = try params.stringArray("spaces") else {
            throw ServiceError.invalidParams("spaces", "missing; give observation space names, e.g. [\"Autophase\"]")
        }
        let spaces = try ObservationSpace.parse(names, field: "spaces")
        return ["observations": try ObservationSpace.observe(spaces, state: session.state, session: session)]
    }

    func fork(_ params: Params) throws -> JSONValue {
        try params.allowOnly(["session"])
        let original = try session(params)
        let copy = try addSession { id in
            Session(
                id: id, name: original.name, measurementProtocol: original.measurementProtocol,
                initial: original.initial,
                baselines: original.baselines, current: original.state)
        }
        return ["session": .string(copy.id)]
    }

    func reset(_ params: Params) throws -> JSONValue {
        try params.allowOnly(["session"])
        let session = try session(params)
        let initial = session.withState { state -> SessionState in
            state = session.initial
            return state
        }
        return describe(session, state: initial)
    }

    func close(_ params: Params) throws -> JSONValue {
        try params.allowOnly(["session"])
        let id = try params.requiredString("session")
        guard removeSession(id) != nil else {
            throw ServiceError(.unknownSession, "no session \(id.debugDescription) (closed, or never opened)")
        }
        return [:]
    }

    /// The wire form of an evaluation's outcome: "ok", or why there is no
    /// size ("crashed" covers every way LLVM could not give one: a signal, a
    /// fatal error, a verifier rejection, a code generation error).
    static func outcome(_ outcome: EvaluationOutcome) -> (label: String, detail: String?) {
        switch outcome {
        case .measured: ("ok", nil)
        case .crashed(let report): ("crashed", report.description)
        case .timedOut(let seconds): ("timed_out", "did not finish within \(Int(seconds)) s (the server's --timeout)")
        case .brokenModule(let message): ("crashed", "the pipeline left a broken module: \(message)")
        case .failed(let failure) where failure.kind == .invalidPipeline: ("invalid_pipeline", failure.message)
        case .failed(let failure): ("crashed", "LLVM failed (\(failure.kind.rawValue)): \(failure.message)")
        }
    }
}
