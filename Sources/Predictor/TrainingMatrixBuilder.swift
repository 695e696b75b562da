import Autotune
import CodeSize
import Engine
import Foundation
import LLVMBridge
import Pipelines
import Store
import Support
import Toolchain

/// Measures every action on every training example (`passlab predictor
/// matrix`): the -Oz reference and each action, through the engine, every
/// size stored as it is measured, so an interrupted run resumes and a
/// rerun compiles nothing.
///
/// With `splitFunctions`, every function of every unit is an example of
/// its own too (`ModuleSplitter`, as `passlab split`): many more labelled
/// examples for the same corpus, small and quick to compile.
public final class TrainingMatrixBuilder: @unchecked Sendable {
    /// The worker pool that compiles every action on every example.
    public let engine: EvaluationEngine
    /// Where each size is stored as it is measured, and read back on a rerun instead of compiled.
    public let store: ResultStore
    /// How sizes are measured; -Oz is this protocol's reference pipeline (`PassCatalog.ozPipeline(for:)`).
    public let measurementProtocol: MeasurementProtocol
    /// The actions measured on every example, in the matrix's column order.
    public let actions: [PassAction]
    /// The protocol's -Oz pipeline when some action is an edit, else nil; recorded in the matrix.
    public let editBase: Pipeline?
    /// Also measure each function of a unit as an example of its own (`ModuleSplitter`); off by default.
    public var splitFunctions = false
    /// Units above this many bytes of IR are measured whole but not split.
    public var splitLimit = 200_000
    /// Ctrl-C: once requested, nothing new is compiled and `build` returns nil.
    public var stop: StopSignal?
    /// Where progress over the units shows (nil: nowhere).
    public var progress: ProgressReporter?

    private let pipelines: [Pipeline]
    private let ozPipeline: Pipeline

    /// A builder for `actions` under the protocol; throws when an action has no pipeline (an edit that does not apply
    /// to -Oz).
    public init(
        engine: EvaluationEngine, store: ResultStore, measurementProtocol: MeasurementProtocol, actions: [PassAction]
    ) throws {
        self.engine = engine
        self.store = store
        self.measurementProtocol = measurementProtocol
        self.actions = actions
        let oz = PassCatalog.ozPipeline(for: measurementProtocol)
        ozPipeline = oz
        editBase = actions.contains { if case .edits = $0 { true } else { false } } ? oz : nil
        pipelines = try actions.map { try $0.pipeline(editBase: oz) }
    }

    /// Reads an actions file: one action per line (`PassAction` text; `(no passes)` for the empty list), `#` comments and blank lines ignored.
    public static func actions(fromFile path: String) throws -> [PassAction] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MeasureError.usage("\(path): cannot read the actions file")
        }
        var actions: [PassAction] = []
        var seen = Set<PassAction>()
        for (number, line) in String(decoding: data, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        ).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("#") || text.isEmpty { continue }
            do {
                let action = try PassAction(parsing: text)
                if seen.insert(action).inserted { actions.append(action) }
            } catch {
                throw MeasureError.badInput("\(path):\(number + 1): \(error.description)")
            }
        }
        guard !actions.isEmpty else {
            throw MeasureError.usage("\(path): no actions (one catalog list or `oz-edits: ...` per line)")
        }
        return actions
    }

    /// The matrix for `inputs` (IR files; the code base is each file's parent
    /// directory), or nil when `stop` was requested before it was complete.
    public func build(inputs: [String], provenance: String) throws -> TrainingMatrix? {
        var examples: [TrainingMatrix.Example] = []
        var compileSeconds = 0.0
        let scratch = try ScratchDirectory.create(purpose: "matrix")
        defer { ScratchDirectory.remove(scratch) }
        let task = progress?.begin("training matrix", total: inputs.count, unit: "units")
        for (index, input) in inputs.enumerated() {
            if stop?.isRequested == true { return nil }
            let codeBase = ((input as NSString).deletingLastPathComponent as NSString).lastPathComponent
            let name = "\(codeBase)/\((input as NSString).lastPathComponent)"
            let bytes = try ProgramMeasurer.irBytes(of: input, triple: nil, clangArguments: [])
            var pieces: [(name: String, function: String?, bytes: [UInt8])] = [(name, nil, bytes)]
            if splitFunctions, bytes.count <= splitLimit {
                // C and C++ inputs are split from the IR just made of them.
                let directory = "\(scratch)/\(index)", unit = "\(scratch)/unit-\(index)"
                try Data(bytes).write(to: URL(fileURLWithPath: unit))
                defer { try? FileManager.default.removeItem(atPath: unit) }
                let split = try ModuleSplitter.split(unit, into: directory, budget: 0)
                if split.split {
                    for piece in split.pieces {
                        guard let data = FileManager.default.contents(atPath: piece.path) else { continue }
                        let pieceName = "\(name)#\(piece.function)"
                        pieces.append((pieceName, piece.function, Self.renamingModule([UInt8](data), to: pieceName)))
                    }
                }
                try? FileManager.default.removeItem(atPath: directory)
            }
            for piece in pieces {
                let started = Date()
                let (example, compiled) = try measure(
                    piece.bytes, name: piece.name, codeBase: codeBase, function: piece.function)
                if compiled > 0 { compileSeconds += Date().timeIntervalSince(started) }
                if let example { examples.append(example) }
            }
            task?.advance(current: name)
        }
        if stop?.isRequested == true { return nil }
        return TrainingMatrix(
            formatVersion: TrainingMatrix.formatVersion, protocolName: measurementProtocol.name.rawValue,
            protocolKey: measurementProtocol.storeKey,
            llvmVersion: PassCatalog.llvmVersion, passlabVersion: PassLabVersion.current, editBase: editBase,
            ozPipeline: ozPipeline,
            featureNames: IRFeatures.names, actions: actions, examples: examples, provenance: provenance,
            compileSeconds: compileSeconds,
            jobs: engine.configuration.jobs)
    }

    /// The piece's text with its `; ModuleID` line naming the example, not
    /// the scratch file it was split into: equal functions are equal bytes,
    /// so a rerun finds their sizes in the store.
    static func renamingModule(_ bytes: [UInt8], to name: String) -> [UInt8] {
        let prefix = Array("; ModuleID = ".utf8)
        guard bytes.starts(with: prefix), let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return bytes }
        return Array("; ModuleID = '\(name)'".utf8) + bytes[newline...]
    }

    /// One example's row (nil when -Oz itself fails on it), and how many pipelines were compiled, not read back.
    func measure(
        _ bytes: [UInt8], name: String, codeBase: String, function: String?
    ) throws -> (TrainingMatrix.Example?, Int) {
        let module = try Context().parseIR(bytes, name: name)
        let features = module.features
        let program = try store.program(
            contentHash: SHA256.hex(bytes), llvmVersion: PassCatalog.llvmVersion, name: name,
            instructionCount: features["instructions"].map { Int($0) } ?? 0)
        let handle = engine.register(ir: bytes, name: name)
        defer { engine.unregister(handle) }
        let objective = try EngineObjective(
            engine: engine, handle: handle, measurementProtocol: measurementProtocol, store: store, program: program)
        objective.stop = stop
        let before = objective.compilations
        let sizes = objective.cost(ofPipelines: [ozPipeline] + pipelines)
        let compiled = objective.compilations - before
        guard let oz = sizes[0] else { return (nil, compiled) }
        return (
            TrainingMatrix.Example(
                name: name, codeBase: codeBase, function: function, features: features.counts, oz: oz,
                sizes: Array(sizes.dropFirst())), compiled
        )
    }
}
