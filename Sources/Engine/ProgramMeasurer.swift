import CodeSize
import Foundation
import Pipelines
import Support
import Toolchain

/// Errors of the one-shot commands (`size`, `opt`): each says what was wrong
/// with which file or pipeline and what to do. `exitCode` follows the house
/// convention: 64 user mistake, 65 bad data, 70 LLVM crashed or hung.
public enum MeasureError: UserFacingError, CustomStringConvertible {
    /// The user asked for something that cannot work (a missing file, an
    /// unsupported extension, a bad pipeline, a triple mismatch): exit 64.
    case usage(String)
    /// The input is unusable (malformed IR, source clang-19 rejects, an
    /// unreadable file): exit 65.
    case badInput(String)
    /// `pipeline` crashed LLVM on `file` (contained in a worker): exit 70.
    case crashed(file: String, pipeline: String, report: CrashReport)
    /// `pipeline` ran past the engine's time-out on `file`: exit 70.
    case timedOut(file: String, pipeline: String, seconds: Double)
    /// The pipeline left IR that LLVM's verifier rejects (opt-19: "Broken module found").
    case brokenModule(file: String, pipeline: String, message: String)
    /// PassLab contradicted itself (a bug): exit 70.
    case internalError(String)

    /// 64 for usage mistakes, 65 for bad input, 70 for a crash, a time-out, a
    /// broken module or an internal error.
    public var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .badInput: return 65
        case .crashed, .timedOut, .brokenModule, .internalError: return 70
        }
    }

    /// The message a user sees: the file, the pipeline and what to try next.
    public var description: String {
        switch self {
        case .usage(let message), .badInput(let message), .internalError(let message):
            return message
        case let .crashed(file, pipeline, report):
            return
                "\(file): pipeline '\(pipeline)' crashed LLVM: \(report.description.replacingOccurrences(of: "LLVM crashed ", with: ""))\nThe crash was contained in a worker; try another pipeline (e.g. wrap licm as function(loop-mssa(licm))), or report it to LLVM."
        case let .timedOut(file, pipeline, seconds):
            return "\(file): pipeline '\(pipeline)' did not finish within \(Int(seconds)) s (--timeout)"
        case let .brokenModule(file, pipeline, message):
            return "\(file): pipeline '\(pipeline)' produced a broken module, so it has no size: \(message)\n"
                + "opt-19 stops the same way (\"Broken module found\"); leave the pass that breaks it out of the pipeline."
        }
    }
}

/// Loads user inputs and measures them through the engine.
public struct ProgramMeasurer {
    /// The engine that parses and measures every module loaded here.
    public let engine: EvaluationEngine

    /// A measurer over `engine` (shared; the measurer owns nothing else).
    public init(engine: EvaluationEngine) {
        self.engine = engine
    }

    /// Extensions read as LLVM IR (textual or bitcode) rather than compiled by
    /// the frontend.
    public static let irExtensions: Set<String> = ["ll", "bc"]

    /// IR bytes for a .c/.cpp (through the paper's frontend) or .ll/.bc file.
    public static func irBytes(of path: String, triple: String?, clangArguments: [String]) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MeasureError.usage("\(path): no such file. Give a .c, .cpp, .ll or .bc file.")
        }
        guard !isDirectory.boolValue else {
            throw MeasureError.usage(
                "\(path) is a directory; give one .c, .cpp, .ll or .bc file "
                    + "(autotune and dataset take directories)")
        }
        let pathExtension = (path as NSString).pathExtension.lowercased()
        if irExtensions.contains(pathExtension) {
            if !clangArguments.isEmpty {
                throw MeasureError.usage(
                    "\(path): clang arguments (\(clangArguments.joined(separator: " "))) apply only to C/C++ sources, not to IR"
                )
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw MeasureError.badInput("\(path): cannot read the file")
            }
            return [UInt8](data)
        }
        guard let language = SourceLanguage.of(path: path) else {
            throw MeasureError.usage(
                "\(path): unsupported file type '.\(pathExtension)'. Give a .c, .cpp, .ll or .bc file.")
        }
        do {
            let invocation = FrontendInvocation(
                source: path, language: language, triple: triple, extraArguments: clangArguments)
            return try Frontend.emitIR(invocation, toolchain: try Toolchain.find())
        } catch let error as FrontendError {
            throw MeasureError.badInput(error.description)
        } catch let error as Toolchain.Error {
            throw MeasureError.badInput(error.description)
        }
    }

    /// Parses a pipeline and checks its pass names (exit 64 on mistakes).
    public static func parsePipeline(_ text: String) throws -> Pipeline {
        do {
            return try PassCatalog.parse(text)
        } catch {
            throw MeasureError.usage(error.description)
        }
    }

    /// Registers the file's IR with the engine and checks that it parses.
    public func load(
        _ path: String, triple: String?, clangArguments: [String]
    ) throws -> (handle: ModuleHandle, triple: String) {
        try load(
            bytes: Self.irBytes(of: path, triple: triple, clangArguments: clangArguments), path: path, triple: triple)
    }

    /// Registers IR already made from `path` (by `irBytes`) and checks it;
    /// `everywhere`: parsed in every worker at once (`EvaluationEngine.loadEverywhere`).
    public func load(
        bytes: [UInt8], path: String, triple: String?, everywhere: Bool = false
    ) throws -> (handle: ModuleHandle, triple: String) {
        let handle = engine.register(ir: bytes, name: path)
        switch everywhere ? engine.loadEverywhere(handle) : engine.load(handle) {
        case .success(let info):
            if let triple, Self.irExtensions.contains((path as NSString).pathExtension.lowercased()),
                !info.triple.isEmpty, info.triple != triple, normalized(info.triple) != normalized(triple)
            {
                throw MeasureError.usage(
                    "\(path) was compiled for \(info.triple), not \(triple); regenerate it with `passlab ir SOURCE --triple \(triple)` (IR is target-specific)"
                )
            }
            return (handle, info.triple)
        case .failure(let failure):
            throw MeasureError.badInput(failure.message)
        }
    }

    private func normalized(_ triple: String) -> String {
        triple.replacingOccurrences(of: "-unknown", with: "").replacingOccurrences(of: "-pc", with: "")
    }

    /// One measurement; failures become typed errors for the CLI.
    /// With `composition`, per-function pass lists (`pipeline` is then its
    /// base list, for messages).
    public func measure(
        _ handle: ModuleHandle, pipeline: Pipeline, composition: FunctionComposition? = nil,
        measurementProtocol: MeasurementProtocol, outputs: OutputKinds = []
    ) throws -> (SizeMeasurement, [UInt8]) {
        if let composition {
            let (measurement, _, output) = try compose(
                handle, lists: composition.lists, composition: composition,
                measurementProtocol: measurementProtocol, outputs: outputs)
            return (measurement, output)
        }
        let outcome = engine.evaluate(
            EvaluationJob(
                module: handle, pipeline: pipeline, measurementProtocol: measurementProtocol,
                outputs: outputs))
        return try result(of: outcome, file: handle.name, pipeline: pipeline.text)
    }

    /// Per-function pass lists (`EvaluationEngine.compose`): `composition`,
    /// or the one the worker chooses from `lists`. Returns the measurement,
    /// the composition applied and the requested output.
    public func compose(
        _ handle: ModuleHandle, lists: [Pipeline], composition: FunctionComposition? = nil,
        measurementProtocol: MeasurementProtocol,
        outputs: OutputKinds = []
    ) throws -> (SizeMeasurement, FunctionComposition, [UInt8]) {
        let composed = engine.compose(
            handle, lists: lists, composition: composition, measurementProtocol: measurementProtocol,
            outputs: outputs)
        let label = "per-function composition of \(lists.count) lists"
        let (measurement, output) = try result(of: composed.outcome, file: handle.name, pipeline: label)
        guard let applied = composed.composition else {
            throw MeasureError.internalError("\(handle.name): the worker measured a composition but did not say which")
        }
        return (measurement, applied, output)
    }

    /// A measurement, or the error that says what went wrong.
    private func result(
        of outcome: EvaluationOutcome, file: String, pipeline: String
    ) throws -> (SizeMeasurement, [UInt8]) {
        switch outcome {
        case let .measured(measurement, output):
            return (measurement, output)
        case .failed(let failure):
            switch failure.kind {
            case .invalidPipeline, .unknownTarget: throw MeasureError.usage(failure.message)
            default: throw MeasureError.badInput("\(file): \(failure.message)")
            }
        case .crashed(let report):
            throw MeasureError.crashed(file: file, pipeline: pipeline, report: report)
        case .timedOut(let seconds):
            throw MeasureError.timedOut(file: file, pipeline: pipeline, seconds: seconds)
        case .brokenModule(let message):
            throw MeasureError.brokenModule(file: file, pipeline: pipeline, message: message)
        }
    }
}
