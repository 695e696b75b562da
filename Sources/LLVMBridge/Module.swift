internal import CLLVM
import Foundation

/// An owned LLVM module. Not thread-safe: use it from the thread that owns
/// its context. Passes and code generation mutate a module, so measurements
/// work on a `clone()` of a pristine original.
public final class Module {
    let ref: LLVMModuleRef
    /// Keeps the context alive as long as any of its modules.
    public let context: Context

    init(ref: LLVMModuleRef, context: Context) {
        self.ref = ref
        self.context = context
    }

    deinit {
        LLVMDisposeModule(ref)
    }

    /// A deep copy in the same context.
    public func clone() -> Module {
        Module(ref: LLVMCloneModule(ref), context: context)
    }

    /// The module's target triple ("" when it has none).
    public var triple: String {
        get { String(cString: LLVMGetTarget(ref)) }
        set { LLVMSetTarget(ref, newValue) }
    }

    /// The module's data layout string.
    public var dataLayout: String { String(cString: LLVMGetDataLayoutStr(ref)) }

    /// True when the frontend compiled for position-independent code (the
    /// module carries a "PIC Level" flag). clang derives the module flag and
    /// its target machine's relocation model from the same options, so this
    /// tells which relocation model clang's passes saw.
    public var isPositionIndependent: Bool {
        let key = "PIC Level"
        return LLVMGetModuleFlag(ref, key, key.utf8.count) != nil
    }

    /// Textual IR, as `opt -S` prints it.
    public func printIR() -> String {
        takeLLVMMessage(LLVMPrintModuleToString(ref))
    }

    /// Textual IR with `uselistorder` directives where the order of a
    /// value's users is not the one parsing would give: parsed back, it is
    /// the very module (`printIR()` can come back with other user orders,
    /// and code generation, hence sizes, can differ by a few bytes).
    public func printIRPreservingUseListOrder() -> String {
        takeLLVMMessage(passlab_print_module(ref))
    }

    /// Bitcode, as `opt -o x.bc` writes it (use-list order preserved).
    public func bitcode() -> [UInt8] {
        guard let buffer = passlab_write_bitcode(ref) else { return [] }
        defer { LLVMDisposeMemoryBuffer(buffer) }
        return bytes(of: buffer)
    }

    /// Checks the module with LLVM's verifier: nil when it is valid, else the verifier's report
    /// of the problems found.
    public func verify() -> String? {
        var message: UnsafeMutablePointer<CChar>?
        let broken = LLVMVerifyModule(ref, LLVMReturnStatusAction, &message) != 0
        let text = takeLLVMMessage(message)
        return broken ? text : nil
    }

    /// Number of instructions in all function bodies (the paper's "instruction
    /// count"; `opt -passes=instcount` counts the same).
    public var instructionCount: Int {
        var count = 0
        var function = LLVMGetFirstFunction(ref)
        while let f = function {
            var block = LLVMGetFirstBasicBlock(f)
            while let b = block {
                var instruction = LLVMGetFirstInstruction(b)
                while let i = instruction {
                    count += 1
                    instruction = LLVMGetNextInstruction(i)
                }
                block = LLVMGetNextBasicBlock(b)
            }
            function = LLVMGetNextFunction(f)
        }
        return count
    }

    /// Names of the functions that have a body, in module order.
    public var definedFunctionNames: [String] {
        definedFunctions.map(\.name)
    }

    /// Names of the functions with a body and `available_externally`
    /// linkage, in module order: copies of a definition that another object
    /// provides (C++ extern templates, e.g. `std::allocator<char>`'s
    /// constructor under libstdc++), kept only for inlining. Code generation
    /// emits nothing for them, and `llvm-extract --func` cannot keep one:
    /// GlobalDCE drops it once nothing else kept calls it.
    public var availableExternallyFunctionNames: [String] {
        definedFunctions.filter(\.availableExternally).map(\.name)
    }

    private var definedFunctions: [(name: String, availableExternally: Bool)] {
        var functions: [(name: String, availableExternally: Bool)] = []
        var function = LLVMGetFirstFunction(ref)
        while let f = function {
            if LLVMIsDeclaration(f) == 0 {
                var length = 0
                let name = LLVMGetValueName2(f, &length)
                let availableExternally = LLVMGetLinkage(f) == LLVMAvailableExternallyLinkage
                functions.append((name.map { String(cString: $0) } ?? "", availableExternally))
            }
            function = LLVMGetNextFunction(f)
        }
        return functions
    }

    /// A copy holding only `function` (and the globals it uses), as
    /// `llvm-extract --func` makes it: other functions become declarations.
    public func extractingFunction(_ function: String) throws(BridgeError) -> Module {
        let copy = clone()
        var message: UnsafeMutablePointer<CChar>?
        if passlab_extract_function(copy.ref, function, &message) != 0 {
            _ = takeLLVMMessage(message)
            throw .noSuchFunction(name: function)
        }
        return copy
    }

    /// Keeps only `functions`, in place, as `llvm-extract --func A --func B`
    /// does: extracting a subset, then one function of it, gives exactly
    /// what extracting that function from the whole module gives, which
    /// lets `ModuleSplitter` halve a module instead of cloning it whole once
    /// per function.
    public func extractFunctions(_ functions: [String]) throws(BridgeError) {
        var message: UnsafeMutablePointer<CChar>?
        let names = functions.map { strdup($0) }
        defer { names.forEach { free($0) } }
        let status = names.map { UnsafePointer($0) }.withUnsafeBufferPointer { buffer in
            passlab_extract_functions(ref, buffer.baseAddress, buffer.count, &message)
        }
        if status != 0 {
            // The message is the name that is missing, not the whole list.
            throw .noSuchFunction(name: takeLLVMMessage(message))
        }
    }

    /// Replaces the body of `function` with its body in `source`, another
    /// copy of this module (same context) that another pass list optimized:
    /// per-function pass lists in one module. Refused, leaving this module
    /// as it was, when the new body uses a global this copy dropped or
    /// changed (see `passlab_transplant_function`).
    public func transplantFunction(_ function: String, from source: Module) throws(BridgeError) {
        var message: UnsafeMutablePointer<CChar>?
        if passlab_transplant_function(ref, source.ref, function, &message) != 0 {
            throw .transplantRefused(function: function, reason: takeLLVMMessage(message))
        }
    }

    /// Runs an `opt -p` pipeline (the empty text runs nothing) with the target machine of the measurement
    /// protocol (it decides target-dependent passes, e.g. PIC enables
    /// rel-lookup-table-converter). Invalid pipelines throw; passes that abort
    /// LLVM take the process down, which is why this runs in workers.
    public func runPasses(_ pipeline: String, targetMachine: TargetMachine) throws(BridgeError) {
        guard !pipeline.isEmpty else { return }
        let options = LLVMCreatePassBuilderOptions()
        defer { LLVMDisposePassBuilderOptions(options) }
        if let message = takeLLVMError(LLVMRunPasses(ref, pipeline, targetMachine.ref, options)) {
            throw .invalidPipeline(pipeline: pipeline, message: message)
        }
    }

    /// Emits an object file to memory. Code generation mutates the module:
    /// count instructions or print IR before calling this.
    public func emitObject(targetMachine: TargetMachine) throws(BridgeError) -> [UInt8] {
        try emit(targetMachine: targetMachine, assembly: false)
    }

    /// Emits assembly text (AT&T on x86) to memory.
    public func emitAssembly(targetMachine: TargetMachine) throws(BridgeError) -> String {
        String(decoding: try emit(targetMachine: targetMachine, assembly: true), as: UTF8.self)
    }

    private func emit(targetMachine: TargetMachine, assembly: Bool) throws(BridgeError) -> [UInt8] {
        _ = context.drainErrors()
        var message: UnsafeMutablePointer<CChar>?
        var buffer: LLVMMemoryBufferRef?
        let failed = passlab_emit(targetMachine.ref, ref, assembly ? 1 : 0, &buffer, &message) != 0
        let diagnostics = context.drainErrors()
        let text = takeLLVMMessage(message)
        guard !failed, let buffer else {
            throw .emitFailed(message: ([text] + diagnostics).filter { !$0.isEmpty }.joined(separator: "; "))
        }
        defer { LLVMDisposeMemoryBuffer(buffer) }
        if !diagnostics.isEmpty { throw .emitFailed(message: diagnostics.joined(separator: "; ")) }
        return bytes(of: buffer)
    }

    /// Writes `.bc` as bitcode and anything else as textual IR.
    public func write(to path: String) throws {
        let data: Data = path.hasSuffix(".bc") ? Data(bitcode()) : Data(printIR().utf8)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

func bytes(of buffer: LLVMMemoryBufferRef) -> [UInt8] {
    let size = LLVMGetBufferSize(buffer)
    guard size > 0, let start = LLVMGetBufferStart(buffer) else { return [] }
    return start.withMemoryRebound(to: UInt8.self, capacity: size) {
        Array(UnsafeBufferPointer(start: $0, count: size))
    }
}
