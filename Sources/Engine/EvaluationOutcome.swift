import CodeSize
import Pipelines
import Toolchain

/// How LLVM died in a worker.
public struct CrashReport: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The terminating signal (6 = SIGABRT for LLVM's fatal errors), if any.
    public var signal: Int32?
    /// The exit status, when the worker exited instead of being signalled.
    public var exitStatus: Int32?
    /// LLVM's last message on stderr ("LLVM ERROR: LICM requires MemorySSA").
    public var message: String

    /// "LLVM crashed (killed by SIGABRT): MESSAGE", or with the exit status
    /// when the worker exited.
    public var description: String {
        let how = signal.map { "killed by \(signalName($0))" } ?? "exited with status \(exitStatus ?? -1)"
        return message.isEmpty ? "LLVM crashed (\(how))" : "LLVM crashed (\(how)): \(message)"
    }
}

/// The result of one evaluation. Crashes and time-outs are values: under
/// random search they are expected and cost one evaluation, not the run.
public enum EvaluationOutcome: Sendable, Hashable {
    /// Measured: the sizes, and the bytes of the requested `OutputKinds` (empty
    /// when none was asked for).
    case measured(SizeMeasurement, output: [UInt8])
    /// The worker answered but could not measure (bad IR, invalid pipeline...).
    case failed(WorkerFailure)
    /// The worker died (LLVM aborted or faulted); a fresh worker replaces it.
    case crashed(CrashReport)
    /// No answer within `seconds` (the engine's limit); the worker was killed.
    case timedOut(seconds: Double)
    /// The pipeline ran but left IR that LLVM's verifier rejects, where
    /// opt-19 stops with "Broken module found": a fault of the pipeline
    /// (or of LLVM), recorded like a crash, never measured.
    case brokenModule(message: String)

    /// The sizes when `measured`, else nil.
    public var measurement: SizeMeasurement? {
        if case .measured(let measurement, _) = self { return measurement }
        return nil
    }

    /// The requested output bytes when `measured`, else nil.
    public var output: [UInt8]? {
        if case .measured(_, let output) = self { return output }
        return nil
    }

    /// A short label for reports: measured, failed, crashed, timedOut or
    /// brokenModule.
    public var label: String {
        switch self {
        case .measured: return "measured"
        case .failed: return "failed"
        case .crashed: return "crashed"
        case .timedOut: return "timedOut"
        case .brokenModule: return "brokenModule"
        }
    }
}

/// One unit of work: a pipeline applied to a loaded module and measured.
public struct EvaluationJob: Sendable, Hashable {
    /// The registered module to optimize (the engine keeps its bytes; each
    /// evaluation starts from them afresh).
    public var module: ModuleHandle
    /// The pass list (`module(default<Oz>)`); the empty pipeline runs no passes.
    public var pipeline: Pipeline
    /// How the result is lowered and measured (codegen level, relocation model;
    /// the module's own triple wins over the protocol's).
    public var measurementProtocol: MeasurementProtocol
    /// What to return besides sizes (none by default). Asking for the object
    /// or assembly always runs code generation; without them the worker may
    /// answer from its memo of modules it already compiled.
    public var outputs: OutputKinds

    /// A job measuring `pipeline` on `module` under `measurementProtocol`.
    public init(
        module: ModuleHandle, pipeline: Pipeline, measurementProtocol: MeasurementProtocol, outputs: OutputKinds = []
    ) {
        self.module = module
        self.pipeline = pipeline
        self.measurementProtocol = measurementProtocol
        self.outputs = outputs
    }
}

/// A module registered with the engine; workers load it on first use.
public struct ModuleHandle: Sendable, Hashable {
    /// The engine's key for the module ("m1", "m2", ...), unique within one
    /// engine.
    public let id: String
    /// The name given at registration (usually the file's path): LLVM's module
    /// identifier and the file named in messages.
    public let name: String
}
