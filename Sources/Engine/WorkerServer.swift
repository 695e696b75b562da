import CProcess
import CodeSize
import Foundation
import LLVMBridge
import Support
import Toolchain

/// The loop inside `passlab worker`. Runs until standard input closes.
///
/// A module is parsed once, on load, and kept as bitcode with its use-list
/// order; each evaluation reads that bitcode into a fresh LLVMContext (as
/// fast as reading bitcode gets, and the same module `opt-19` would have
/// parsed). Reusing one context and cloning is faster still but not exact:
/// constants and their use lists are shared context-wide, so earlier
/// evaluations would change the order in which later passes visit users.
///
/// A pass that aborts LLVM kills this process; the engine sees end of file,
/// records `crashed` with LLVM's last message from our stderr, and starts a
/// new worker.
public final class WorkerServer {
    var modules: [String: (name: String, bytes: [UInt8])] = [:]
    private var machines: [String: TargetMachine] = [:]
    /// Sizes already measured, keyed by the target machine and the SHA-256
    /// of the module's bitcode (use-list order included) just before codegen.
    /// Codegen is a function of exactly that, and many pass lists leave a
    /// module in a state another list already produced (a pass that changes
    /// nothing, two orders of independent passes), so the expensive part,
    /// codegen, runs once per distinct module. The key is the content, not
    /// the loaded module it came from, so the memo is shared by every module
    /// of the worker: the states of a `passlab serve` session are new modules
    /// at each step, and a step that changes nothing is then a memo hit. Only
    /// size-only evaluations use it: an evaluation that returns the object or
    /// assembly always runs codegen.
    private var codegenMemo: [String: ObjectSizes] = [:]
    /// Entries kept before the memo is cleared (memory bound).
    static let codegenMemoLimit = 100_000
    /// Function sizes of the objects most recently measured, by the same
    /// key: what a composition of lists this worker compiled reads instead
    /// of compiling them again. Bounded more tightly (a table per entry).
    private var functionMemo: [String: [String: Int]] = [:]
    static let functionMemoLimit = 4_000
    private let channel = FrameChannel(input: 0, output: 1)

    /// A worker with nothing loaded; installs LLVM's crash handlers so that a
    /// crash's last words name the pass.
    public init() {
        LLVM.enableCrashDiagnostics()
    }

    /// Serves frames on standard input and output until standard input closes.
    /// Returns the exit status: 0 when the engine has gone, 65 on a malformed
    /// request frame.
    public func run() -> Int32 {
        while true {
            if let status = serveOne().exitStatus { return status }
        }
    }

    /// A use of this worker as a fork server's children make it, done once
    /// here so that they start warm: Swift's runtime has built the protocol's
    /// types and coders, and the target machines of both protocols exist
    /// (without this, each use cost a child 20 ms of both; about 1 ms with
    /// it, 2026-12-06). The same every time, so children still all start
    /// from the same memory; nothing of it stays loaded.
    func warmUp() {
        let module = """
            target triple = "\(MeasurementProtocol.shipping.triple)"
            @g = global [8 x i32] zeroinitializer
            define i32 @f(i32 %n) {
            entry:
              br label %loop
            loop:
              %i = phi i32 [ 0, %entry ], [ %next, %loop ]
              %p = getelementptr [8 x i32], ptr @g, i32 0, i32 %i
              store i32 %n, ptr %p
              %next = add i32 %i, 1
              %c = icmp slt i32 %next, %n
              br i1 %c, label %loop, label %exit
            exit:
              ret i32 %next
            }
            """
        let requests: [(WorkerRequest, [UInt8])] =
            [(.load(moduleID: "warm-up", name: "warm-up.ll"), Array(module.utf8))]
            + [MeasurementProtocol.shipping, .paper].map {
                (
                    .evaluate(
                        moduleID: "warm-up", pipeline: "module(default<Oz>)", measurementProtocol: $0,
                        outputs: [.irText, .functionSizes]), []
                )
            } + [(.unload(moduleID: "warm-up"), [])]
        for (request, payload) in requests {
            // Through the coders as a real request and reply go (the reply is encoded, not sent).
            guard let frame = try? FrameChannel.encoder.encode(request),
                let decoded = try? FrameChannel.decoder.decode(WorkerRequest.self, from: frame)
            else { continue }
            let (reply, _) = handle(decoded, payload: payload)
            _ = try? FrameChannel.encoder.encode(reply)
        }
        codegenMemo = [:]
        functionMemo = [:]
    }

    /// Serves as a fresh worker (`EngineConfiguration.freshWorkers`), so
    /// that every request starts from the same memory whatever came before:
    /// after `warmUp`, this process is a fork server (the zygote). Its child
    /// serves one request, usually loading a module, and then becomes a fork
    /// server itself: each of its children serves one request (an
    /// evaluation) on that module and exits. A `recycle` request ends the
    /// module's server and the zygote forks a new child for the next module.
    /// Returns the exit status (the servers end as their children did), or
    /// serves in this process when it cannot fork.
    public func serveFresh() -> Int32 {
        warmUp()
        guard passlab_fork_server(PASSLAB_RECYCLE_EXIT) == 0 else { return run() }
        let loading = serveOne()
        guard case .served(let first) = loading else { return loading.exitStatus ?? 0 }
        // Nothing loaded (a recycle, a module that did not parse): back to the zygote's state for the next request.
        guard case .load = first, !modules.isEmpty else { _exit(PASSLAB_RECYCLE_EXIT) }
        guard passlab_fork_server(PASSLAB_FORK_AGAIN_EXIT) == 0 else { return run() }
        let serving = serveOne()
        guard case .served(let request) = serving else { return serving.exitStatus ?? 0 }
        // Leave at once, without exit handlers (libLLVM's static destructors): the server forks the next.
        _exit(request.status)
    }

    /// What became of one request (`serveOne`).
    enum Served {
        case served(WorkerRequest)
        /// End of input, or the engine stopped reading: it has gone.
        case ended
        case badFrame

        /// `run`'s exit status once this ends it: 0 when the engine has gone, 65 on a malformed frame.
        var exitStatus: Int32? {
            switch self {
            case .served: nil
            case .ended: 0
            case .badFrame: 65
            }
        }
    }

    /// Reads, serves and answers one request.
    private func serveOne() -> Served {
        let message: (WorkerRequest, [UInt8])?
        do {
            message = try channel.receive(WorkerRequest.self)
        } catch {
            FileHandle.standardError.write(Data("passlab worker: bad request frame: \(error)\n".utf8))
            return .badFrame
        }
        guard let (request, payload) = message else { return .ended }
        let (reply, output) = handle(request, payload: payload)
        do {
            try channel.send(reply, payload: output)
        } catch {
            return .ended
        }
        return .served(request)
    }

    func handle(_ request: WorkerRequest, payload: [UInt8]) -> (WorkerReply, [UInt8]) {
        switch request {
        case let .load(moduleID, name):
            do {
                let module = try Context().parseIR(payload, name: name)
                modules[moduleID] = (name, module.bitcode())
                return (.loaded(instructionCount: module.instructionCount, triple: module.triple), [])
            } catch {
                return (.failed(Self.failure(error)), [])
            }
        case let .unload(moduleID):
            modules[moduleID] = nil
            return (.unloaded, [])
        case .recycle:
            return (.recycled, [])
        case let .compose(moduleID, lists, functions, measured, measurementProtocol, outputs):
            guard let source = modules[moduleID] else {
                return (
                    .failed(
                        WorkerFailure(kind: .unknownModule, message: "module \(moduleID) is not loaded in this worker")),
                    []
                )
            }
            do {
                let (measurement, composition, output) = try compose(
                    source, lists: lists, functions: functions, measured: measured,
                    measurementProtocol: measurementProtocol, outputs: outputs)
                return (.composed(measurement, composition), output)
            } catch let failure as WorkerFailure {
                return (.failed(failure), [])
            } catch {
                return (.failed(Self.failure(error)), [])
            }
        case let .evaluate(moduleID, pipeline, measurementProtocol, outputs):
            guard let source = modules[moduleID] else {
                return (
                    .failed(
                        WorkerFailure(kind: .unknownModule, message: "module \(moduleID) is not loaded in this worker")),
                    []
                )
            }
            do {
                let module = try Context().parseIR(source.bytes, name: source.name)
                let (measurement, output) = try evaluate(
                    module, pipeline: pipeline, measurementProtocol: measurementProtocol, outputs: outputs,
                    memoize: true)
                return (.measured(measurement), output)
            } catch let failure as WorkerFailure {
                return (.failed(failure), [])
            } catch let error as BridgeError {
                return (.failed(Self.failure(error)), [])
            } catch {
                return (.failed(WorkerFailure(kind: .emitFailed, message: "\(error)")), [])
            }
        }
    }

    /// Runs the pipeline on `module` (consumed: passes and codegen mutate it).
    /// With `memoize`, size-only evaluations reuse the sizes of an identical
    /// module already compiled in this worker (see `codegenMemo`).
    func evaluate(
        _ module: Module, pipeline: String, measurementProtocol: MeasurementProtocol, outputs: OutputKinds,
        memoize: Bool = false
    ) throws -> (SizeMeasurement, [UInt8]) {
        let machines = try self.machines(for: module, measurementProtocol: measurementProtocol)
        try optimize(module, pipeline: pipeline, machine: machines.passes)
        return try finish(module, pipeline: pipeline, machines: machines, outputs: outputs, memoize: memoize)
    }

    /// The target machines of an evaluation: code generation's, and the one
    /// passes see (see `MeasurementProtocol.passRelocationModel`).
    struct Machines {
        var used: MeasurementProtocol
        var codeGen: TargetMachine
        var passes: TargetMachine
    }

    func machines(for module: Module, measurementProtocol: MeasurementProtocol) throws -> Machines {
        var used = measurementProtocol
        let triple = module.triple.isEmpty ? measurementProtocol.triple : module.triple
        used.triple = triple
        do {
            return Machines(
                used: used, codeGen: try targetMachine(triple: triple, codeGen: used.codeGen, reloc: used.reloc),
                passes: try targetMachine(triple: triple, codeGen: .O2, reloc: used.passRelocationModel))
        } catch {
            throw Self.failure(error)
        }
    }

    /// Runs `pipeline`, then LLVM's verifier, as opt-19 does after a
    /// pipeline ("Broken module found"): a pass that breaks the IR gives no
    /// size, whatever codegen would make of it.
    func optimize(_ module: Module, pipeline: String, machine: TargetMachine) throws {
        do {
            try module.runPasses(pipeline, targetMachine: machine)
        } catch {
            throw Self.failure(error)
        }
        if !pipeline.isEmpty { try verify(module) }
    }

    func verify(_ module: Module) throws {
        if let problem = module.verify() {
            let lines = problem.split(separator: "\n")
            throw WorkerFailure(
                kind: .brokenModule,
                message: "LLVM's verifier: " + lines.prefix(4).joined(separator: " ")
                    + (lines.count > 4 ? " ... (\(lines.count - 4) more lines)" : ""))
        }
    }

    /// The requested IR output, the protocol's finalization, then code
    /// generation and the measurement of an optimized `module` (consumed).
    /// `pipeline`: what the measurement says produced it.
    func finish(
        _ module: Module, pipeline: String, machines: Machines, outputs: OutputKinds,
        memoize: Bool = false
    ) throws -> (SizeMeasurement, [UInt8]) {
        let used = machines.used, machine = machines.codeGen
        let instructionCount = module.instructionCount
        var output: [UInt8] = []
        if outputs.contains(.irText) { output = Array(module.printIR().utf8) }
        if outputs.contains(.exactIRText) { output = Array(module.printIRPreservingUseListOrder().utf8) }
        if outputs.contains(.bitcode) { output = module.bitcode() }
        if let finalization = used.finalizationPipeline {
            // What clang runs between the IR pipeline and codegen (see
            // MeasurementProtocol.finalizationPipeline); sizes include it.
            try? module.runPasses(finalization, targetMachine: machine)
        }
        if outputs.contains(.assembly) {
            let assemblyModule = module.clone()
            output = Array((try assemblyModule.emitAssembly(targetMachine: machine)).utf8)
        }
        var memoKey: String?
        if memoize, outputs.isDisjoint(with: [.object, .assembly]) {
            let key =
                "\(used.triple)|\(used.codeGen.rawValue)|\(used.reloc.rawValue)|"
                + SHA256.hex(SHA256.digest(module.bitcode()))
            let functions = functionMemo[key]
            if let sizes = codegenMemo[key], functions != nil || !outputs.contains(.functionSizes) {
                if outputs.contains(.functionSizes), let functions { output = try Self.encoded(functions) }
                let measurement = SizeMeasurement(
                    instructionCount: instructionCount, sizes: sizes, llvmVersion: LLVM.version,
                    measurementProtocol: used, pipeline: pipeline)
                return (measurement, output)
            }
            memoKey = key
        }
        let object = try emitObject(module, machine: machine)
        if outputs.contains(.object) { output = object }
        let sizes: ObjectSizes
        var functions: [String: Int]?
        do {
            sizes = try ELFObject.sizes(of: object)
            if memoKey != nil || outputs.contains(.functionSizes) {
                functions = try ELFObject.functionSizes(of: object)
            }
        } catch {
            throw WorkerFailure(kind: .notELF, message: "\(error)")
        }
        if outputs.contains(.functionSizes), let functions { output = try Self.encoded(functions) }
        if let memoKey {
            if codegenMemo.count >= Self.codegenMemoLimit { codegenMemo = [:] }
            codegenMemo[memoKey] = sizes
            if functionMemo.count >= Self.functionMemoLimit { functionMemo = [:] }
            functionMemo[memoKey] = functions
        }
        let measurement = SizeMeasurement(
            instructionCount: instructionCount, sizes: sizes, llvmVersion: LLVM.version,
            measurementProtocol: used, pipeline: pipeline)
        return (measurement, output)
    }

    static func encoded(_ functions: [String: Int]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(functions))
    }

    func emitObject(_ module: Module, machine: TargetMachine) throws -> [UInt8] {
        do {
            return try module.emitObject(targetMachine: machine)
        } catch {
            throw Self.failure(error)
        }
    }

    private func targetMachine(
        triple: String, codeGen: CodeGenLevel, reloc: RelocationModel
    ) throws(BridgeError) -> TargetMachine {
        let key = "\(triple)|\(codeGen.rawValue)|\(reloc.rawValue)"
        if let machine = machines[key] { return machine }
        let machine = try TargetMachine(triple: triple, codeGenLevel: codeGen, relocationModel: reloc)
        machines[key] = machine
        return machine
    }

    static func failure(_ error: any Error) -> WorkerFailure {
        guard let error = error as? BridgeError else { return WorkerFailure(kind: .emitFailed, message: "\(error)") }
        let kind: WorkerFailure.Kind =
            switch error {
            case .malformedIR: .malformedIR
            case .newerLLVM: .newerLLVM
            case .unreadable: .unreadable
            case .invalidPipeline: .invalidPipeline
            case .unknownTarget: .unknownTarget
            case .emitFailed, .noSuchFunction, .transplantRefused: .emitFailed
            }
        return WorkerFailure(kind: kind, message: error.description)
    }
}
