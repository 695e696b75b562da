import CodeSize
import Foundation
import LLVMBridge
import Pipelines

/// Per-function pass lists in one object (`FunctionComposition`), in the worker.
extension WorkerServer {
    /// Measures a composition: the one given (`functions`), or, without one,
    /// the one `choose` makes of `lists`. Returns the composition applied
    /// (transplants LLVM refused are left out, lists no function uses pruned),
    /// so that composing it again gives this very object.
    func compose(
        _ source: (name: String, bytes: [UInt8]), lists: [Pipeline], functions: [String: Int]?,
        measured: [MeasuredObject?]? = nil, measurementProtocol: MeasurementProtocol, outputs: OutputKinds
    ) throws
        -> (SizeMeasurement, FunctionComposition, [UInt8])
    {
        guard !lists.isEmpty else {
            throw WorkerFailure(
                kind: .invalidPipeline, message: "a per-function composition needs at least one pass list")
        }
        let composition =
            try functions.map { FunctionComposition(lists: lists, functions: $0) }
            ?? choose(source, lists: lists, measured: measured, measurementProtocol: measurementProtocol)
        return try build(source, composition, measurementProtocol: measurementProtocol, outputs: outputs)
    }

    /// Compiles the module with each list and reads each function's size in
    /// each object. The base is the list whose object is smallest. Each
    /// other list that compiled a function smaller is a candidate for it;
    /// candidates are tried in the order of the bytes they save, up to
    /// `FunctionChoice.attempts(forObjectOf:)`, and one is kept only when the whole object
    /// (code and data, after global DCE) gets smaller with it: a function's
    /// symbol leaves out the tables and constants it uses, and a body that
    /// frees a helper saves more than its own bytes. Lists that fail are
    /// left out. A list with its object already `known` is not compiled here.
    func choose(
        _ source: (name: String, bytes: [UInt8]), lists: [Pipeline], measured known: [MeasuredObject?]? = nil,
        measurementProtocol: MeasurementProtocol
    ) throws -> FunctionComposition {
        var measured: [(index: Int, size: Int, functions: [String: Int])] = []
        var firstFailure: (any Error)?
        for (index, list) in lists.enumerated() {
            if let known, index < known.count, let object = known[index] {
                measured.append((index, object.binarySize, object.functions))
                continue
            }
            do {
                let module = try Context().parseIR(source.bytes, name: source.name)
                let machines = try self.machines(for: module, measurementProtocol: measurementProtocol)
                try optimize(module, pipeline: list.text, machine: machines.passes)
                let object = try objectAfterFinalization(module, machines: machines)
                measured.append(
                    (index, try ELFObject.sizes(of: object).binarySize, try ELFObject.functionSizes(of: object)))
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        guard let base = measured.min(by: { ($0.size, $0.index) < ($1.size, $1.index) }) else {
            throw firstFailure.map(Self.failure) ?? WorkerFailure(kind: .emitFailed, message: "no list compiled")
        }
        let others = measured.filter { $0.index != base.index }.sorted { $0.index < $1.index }
        let ordered = [lists[base.index]] + others.map { lists[$0.index] }
        let candidates = FunctionChoice.candidates(base: base.functions, others: others.map(\.functions))
        guard !candidates.isEmpty else { return FunctionComposition(lists: ordered, functions: [:]) }

        let context = Context()
        let module = try context.parseIR(source.bytes, name: source.name)
        let machines = try self.machines(for: module, measurementProtocol: measurementProtocol)
        try optimize(module, pipeline: ordered[0].text, machine: machines.passes)
        let trials = CompositionTrials(
            base: module,
            copy: { position in
                let made = try? context.parseIR(source.bytes, name: source.name)
                return made.flatMap { copy in
                    (try? self.optimize(copy, pipeline: ordered[position].text, machine: machines.passes)).map { copy }
                }
            }, passes: machines.passes, codeGen: machines.codeGen, finalization: machines.used.finalizationPipeline)
        let kept = FunctionChoice.choose(
            candidates, attempts: FunctionChoice.attempts(forObjectOf: base.size), size: trials.size(with:))
        return FunctionComposition(lists: ordered, functions: kept)
    }

    /// The protocol's finalization on `module` (consumed), then its object.
    func objectAfterFinalization(_ module: Module, machines: Machines) throws -> [UInt8] {
        if let finalization = machines.used.finalizationPipeline {
            try? module.runPasses(finalization, targetMachine: machines.codeGen)
        }
        return try emitObject(module, machine: machines.codeGen)
    }

    /// The base list on the module, then each function's body from its
    /// list's copy, then global DCE (internal functions and globals only the
    /// old bodies used go), LLVM's verifier, and the measurement. Copies are
    /// freed before code generation: the object then depends only on the
    /// module and the transplants made, in name order.
    func build(
        _ source: (name: String, bytes: [UInt8]), _ composition: FunctionComposition,
        measurementProtocol: MeasurementProtocol, outputs: OutputKinds
    ) throws
        -> (SizeMeasurement, FunctionComposition, [UInt8])
    {
        let context = Context()
        let module = try context.parseIR(source.bytes, name: source.name)
        let machines = try self.machines(for: module, measurementProtocol: measurementProtocol)
        try optimize(module, pipeline: composition.base.text, machine: machines.passes)
        var applied: [String: Int] = [:]
        var copies: [Int: Module?] = [:]
        for (name, index) in composition.functions.sorted(by: { $0.key < $1.key })
        where index > 0 && index < composition.lists.count {
            if copies[index] == nil {
                let copy = try context.parseIR(source.bytes, name: source.name)
                copies[index] = (try? optimize(copy, pipeline: composition.lists[index].text, machine: machines.passes))
                    .map { copy }
            }
            guard let copy = copies[index] ?? nil else { continue }
            if (try? module.transplantFunction(name, from: copy)) != nil { applied[name] = index }
        }
        copies = [:]
        let result = FunctionComposition(lists: composition.lists, functions: applied).pruned()
        if !applied.isEmpty {
            do {
                try module.runPasses("globaldce", targetMachine: machines.passes)
            } catch {
                throw Self.failure(error)
            }
            try verify(module)
        }
        let (measurement, output) = try finish(
            module, pipeline: applied.isEmpty ? composition.base.text : result.text,
            machines: machines, outputs: outputs)
        return (
            measurement, applied.isEmpty ? FunctionComposition(lists: [composition.base], functions: [:]) : result,
            output
        )
    }
}
