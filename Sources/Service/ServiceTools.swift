import CodeSize
import Engine
import Foundation
import Predictor
import Store
import Toolchain
import Validation

/// What `tune` and `validate` need beyond the engine, made on first use and
/// kept: the predictor models, the results store (verdicts and sizes outlive
/// a request, as for `passlab tune`) and prepared validators (a prepared
/// suite is registered with the engine once, not once per request).
final class ServiceTools: @unchecked Sendable {
    let configuration: ServiceConfiguration
    private let lock = NSLock()
    private var models: [ProtocolName: PredictorModel] = [:]
    private var openedStore: ResultStore?
    private var validators: [String: PassListValidator] = [:]

    init(configuration: ServiceConfiguration) {
        self.configuration = configuration
    }

    func model(_ name: ProtocolName) throws(ServiceError) -> PredictorModel {
        lock.lock()
        defer { lock.unlock() }
        if let model = models[name] { return model }
        do {
            let model = try PredictorModel.bundled(name)
            models[name] = model
            return model
        } catch {
            throw ServiceError(.internal, "the embedded predictor for \(name.rawValue) cannot be loaded: \(error)")
        }
    }

    func store() throws(ServiceError) -> ResultStore {
        lock.lock()
        defer { lock.unlock() }
        if let openedStore { return openedStore }
        let path =
            configuration.storePath ?? (ReferenceCache.defaultRoot as NSString).appendingPathComponent("tune.sqlite")
        do {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            }
            let store = try ResultStore(path: path)
            openedStore = store
            return store
        } catch {
            throw ServiceError(
                .internal, "the results store \(path) cannot be opened: \(error); start the server with --db PATH")
        }
    }

    /// The HumanEval-X suite, or nil when the server has none.
    func humanEvalSuite() -> String? {
        try? HumanEvalSuite.locate(explicit: configuration.humanEvalPath)
    }

    /// A validator over the first `programs` HumanEval-X problems (nil: all,
    /// 0: none) and `csmith` csmith programs.
    func validator(
        engine: EvaluationEngine, programs: Int?, csmith: Int,
        stopAtFirstFailure: Bool
    ) throws(ServiceError) -> PassListValidator {
        var suite: String?
        if programs != 0 {
            guard let found = humanEvalSuite() else {
                throw ServiceError(
                    .invalidParams,
                    "params.programs: this server has no HumanEval-X suite; give \"programs\": 0 "
                        + "with \"csmith\": N, or start the server with --humaneval FILE")
            }
            suite = found
        }
        let store = try store()
        let toolchain: Toolchain
        do {
            toolchain = try Toolchain.find()
        } catch {
            throw ServiceError(.internal, "\(error)")
        }
        let key = "\(programs.map(String.init) ?? "all")|\(csmith)|\(stopAtFirstFailure)"
        lock.lock()
        defer { lock.unlock() }
        if let validator = validators[key] { return validator }
        var settings = ValidationConfiguration(
            humanEvalPath: suite, csmithCount: csmith, jobs: engine.configuration.jobs,
            stopAtFirstFailure: stopAtFirstFailure)
        settings.humanEvalProblemLimit = programs
        let validator = PassListValidator(engine: engine, toolchain: toolchain, configuration: settings, store: store)
        validators[key] = validator
        return validator
    }
}
