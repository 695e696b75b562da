import CodeSize
import Engine
import Foundation
import LLVMBridge
import Pipelines

/// Per-function pass lists in a tuned compile, composed in cc's own process.
extension TunedCompile {
    /// A list's object in a per-function composition: the list, its
    /// optimized module and the object cc lowered it to.
    struct CompositionMember {
        var list: Pipeline
        var bitcode: String
        var object: [UInt8]
        var size: Int
    }

    /// The per-function composition of `members` (`FunctionChoice`, as
    /// `tune` composes), made in this process from what cc made already:
    /// each function's size read from the object cc lowered each list to
    /// (the build's own flags), the bodies from the optimized modules those
    /// objects were lowered from. The base is the smallest object; trial
    /// objects are made in-process for the build's target and relocation
    /// model, and the composition chosen is lowered by clang-19 with the
    /// build's flags like a list: that object is the one measured. Every
    /// module already ran its lists and the always-inliner, so nothing runs
    /// before the lowering. `.duplicate` when no function moved. A crash
    /// here turns cc into the build's own compile (`DropInCompiler`).
    func composedCandidate(_ members: [CompositionMember], reloc: String, scratch: String) -> LoweringQueue.Result {
        let composed = scratch + "/composed.bc", object = scratch + "/composed.o"
        let started = Date()
        defer { clock.note("per-function composition", since: started) }
        do {
            let tables = try members.map { try ELFObject.functionSizes(of: $0.object) }
            // The smallest object is the base; the first of equals (-Oz, then the lists in order).
            guard let base = members.indices.min(by: { (members[$0].size, $0) < (members[$1].size, $1) }) else {
                return .duplicate
            }
            let order = [base] + members.indices.filter { $0 != base }
            let choices = FunctionChoice.candidates(base: tables[base], others: order.dropFirst().map { tables[$0] })
            guard !choices.isEmpty else { return .duplicate }
            let context = Context()
            func parse(_ member: Int) throws -> Module {
                guard let bytes = FileManager.default.contents(atPath: members[member].bitcode) else {
                    throw DropInError.stepFailed(step: "reading \(members[member].bitcode)", detail: "no module")
                }
                return try context.parseIR([UInt8](bytes), name: plan.source)
            }
            let baseModule = try parse(base)
            let machine = try Self.passMachine(for: baseModule, reloc: reloc)
            let trials = CompositionTrials(
                base: baseModule, copy: { position in try? parse(order[position]) }, passes: machine, codeGen: machine,
                finalization: nil)
            let kept = FunctionChoice.choose(
                choices, attempts: FunctionChoice.attempts(forObjectOf: members[base].size), size: trials.size(with:))
            guard !kept.isEmpty, let module = trials.module(with: kept) else { return .duplicate }
            try module.write(to: composed)
            let result = try runCompiler(
                step: "lowering the per-function composition",
                plan.loweringArguments(bitcode: composed, object: object),
                timeout: settings.timeout)
            guard result.termination.succeeded else {
                return .failure("lowering the per-function composition: \(result.termination): \(result.stderrText)")
            }
            let composition = FunctionComposition(lists: order.map { members[$0].list }, functions: kept).pruned()
            return .success(
                try readObject(
                    object, pipeline: "per-function: " + composition.text, isReference: false,
                    diagnostics: result.stderrText))
        } catch {
            return .failure("per-function composition: \(error)")
        }
    }

    /// The target machine a module's passes and a trial's code generation
    /// see: the module's target, codegen -O2 (clang's for -Oz and -Os), the
    /// relocation model clang's passes saw.
    static func passMachine(for module: Module, reloc: String) throws -> TargetMachine {
        try TargetMachine(
            triple: module.triple, codeGenLevel: .O2, relocationModel: reloc == "static" ? .static : .pic)
    }
}
