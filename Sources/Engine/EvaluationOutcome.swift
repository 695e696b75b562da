import CodeSize
import Toolchain

/// How LLVM died in a worker.
public struct CrashReport: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The terminating signal (6 = SIGABRT for LLVM's fatal errors), if any.
    public var signal: Int32?
    /// The exit status, when the worker exited instead of being signalled.
    public var exitStatus: Int32?
    /// LLVM's last message on stderr ("LLVM ERROR: LICM requires MemorySSA").
    public var message: String

    public var description: String {
        let how = signal.map { "killed by \(signalName($0))" } ?? "exited with status \(exitStatus ?? -1)"
        return message.isEmpty ? "LLVM crashed (\(how))" : "LLVM crashed (\(how)): \(message)"
    }
}

/// The result of one evaluation. Crashes and time-outs are values: under
/// random search they are expected and cost one evaluation, not the run.
public enum EvaluationOutcome: Sendable, Hashable {
    case measured(SizeMeasurement, output: [UInt8])
    /// The worker answered but could not measure (bad IR, invalid pipeline...).
    case failed(WorkerFailure)
    case crashed(CrashReport)
    case timedOut(seconds: Double)
    /// The pipeline ran but left IR that LLVM's verifier rejects, where
    /// opt-19 stops with "Broken module found": a fault of the pipeline
    /// (or of LLVM), recorded like a crash, never measured.
    case brokenModule(message: String)

    public var measurement: SizeMeasurement? {
        if case .measured(let measurement, _) = self { return measurement }
        return nil
    }

    public var output: [UInt8]? {
        if case .measured(_, let output) = self { return output }
        return nil
    }

    /// A short label for reports: measured, failed, crashed, timedOut.
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
    public var module: ModuleHandle
    public var pipeline: String
    public var measurementProtocol: MeasurementProtocol
    public var outputs: OutputKinds

    public init(
        module: ModuleHandle, pipeline: String, measurementProtocol: MeasurementProtocol, outputs: OutputKinds = []
    ) {
        self.module = module
        self.pipeline = pipeline
        self.measurementProtocol = measurementProtocol
        self.outputs = outputs
    }
}

/// A module registered with the engine; workers load it on first use.
public struct ModuleHandle: Sendable, Hashable {
    public let id: String
    public let name: String
}
