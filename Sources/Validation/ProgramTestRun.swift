import CodeSize
import Evaluation
import Foundation
import Toolchain

/// One pass list applied to test programs: engine evaluation (the object
/// PassLab measures), link, sandboxed run, comparison with the reference.
struct ProgramTestRun: Sendable {
    let engine: EvaluationEngine
    let toolchain: Toolchain
    let pipeline: String
    let measurementProtocol: MeasurementProtocol
    let sandbox: Sandbox
    let mutate: (@Sendable (_ program: String, _ ir: String) -> String?)?
    /// Parent of every per-program directory; removed by the caller.
    let scratch: String
    /// Outcomes of objects already linked and run by this validator.
    let memo: ObjectOutcomeMemo

    func test(_ prepared: PreparedProgram, handle: ModuleHandle) -> ProgramResult {
        let started = Date()
        let program = prepared.program
        let directory = "\(scratch)/\(program.fileStem)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func result(_ outcome: ProgramOutcome, _ detail: String) -> ProgramResult {
            ProgramResult(program: program.name, outcome: outcome, detail: detail, seconds: Date().timeIntervalSince(started))
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let object = "\(directory)/optimized.o"
            let bytes: [UInt8]
            switch try buildObject(handle: handle, program: program.name, at: object, directory: directory) {
            case .failure(let failure): return result(.compileFailed, failure.message)
            case .success(let built): bytes = built
            }
            let key = ObjectOutcomeMemo.Key(program: program.name, reloc: measurementProtocol.reloc, object: bytes)
            if mutate == nil, let known = memo.outcome(for: key) { return result(known.outcome, known.detail) }
            let executable = "\(directory)/optimized"
            let compiler = program.language == .cxx ? toolchain.clangxx : toolchain.clang
            let pie = measurementProtocol.reloc == .pic ? [] : ["-no-pie"]
            if let failure = try Linker.attempt(compiler, [object, "-o", executable, "-fuse-ld=lld"] + pie + program.linkFlags) {
                memo.record(key, .compileFailed, "link: \(failure)")
                return result(.compileFailed, "link: \(failure)")
            }
            let limit = max(5, 10 * prepared.reference.seconds + 1)
            let run = try sandbox.limited(to: limit).run(executable, scratchParent: directory)
            let (outcome, detail) = OutcomeClassifier.classify(test: run, reference: prepared.reference)
            // A time-out may be the machine's load, not the object's: never reused.
            if outcome != .timedOut { memo.record(key, outcome, detail) }
            return result(outcome, detail)
        } catch {
            return result(.compileFailed, "cannot run the tools: \(error)")
        }
    }

    struct BuildFailure: Error {
        var message: String
    }

    /// Writes the optimized object and returns its bytes, or why it could not.
    private func buildObject(handle: ModuleHandle, program: String, at object: String, directory: String) throws -> Result<[UInt8], BuildFailure> {
        let outputs: OutputKinds = mutate == nil ? .object : .irText
        let outcome = engine.evaluate(EvaluationJob(module: handle, pipeline: pipeline, measurementProtocol: measurementProtocol, outputs: outputs))
        let bytes: [UInt8]
        switch outcome {
        case .measured(_, let output): bytes = output
        case .failed(let failure): return .failure(BuildFailure(message: "LLVM: \(failure.message)"))
        case .crashed(let report): return .failure(BuildFailure(message: report.description))
        case .timedOut(let seconds): return .failure(BuildFailure(message: "LLVM did not finish within \(Int(seconds)) s"))
        case .brokenModule(let message): return .failure(BuildFailure(message: message))
        }
        guard let mutate else {
            try Data(bytes).write(to: URL(fileURLWithPath: object))
            return .success(bytes)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let irPath = "\(directory)/optimized.ll"
        try (mutate(program, text) ?? text).write(toFile: irPath, atomically: false, encoding: .utf8)
        var arguments = ["-\(measurementProtocol.codeGen.rawValue)", "-filetype=obj", irPath, "-o", object]
        if measurementProtocol.reloc != .default { arguments.append("-relocation-model=\(measurementProtocol.reloc.rawValue)") }
        if let failure = try Linker.attempt(toolchain.llc, arguments) { return .failure(BuildFailure(message: "llc-19: \(failure)")) }
        return .success([UInt8](FileManager.default.contents(atPath: object) ?? Data()))
    }
}

/// Outcomes by (program, relocation model, object bytes): pass lists that
/// differ only in passes that change nothing give byte-identical objects,
/// and an identical object links and runs identically, so it is linked and
/// run once per validator. In memory only; keyed by a 64-bit hash plus the
/// size (a collision among the objects of one session is negligible).
final class ObjectOutcomeMemo: @unchecked Sendable {
    struct Key: Hashable {
        var program: String
        var reloc: RelocationModel
        var size: Int
        var digest: Int

        init(program: String, reloc: RelocationModel, object: [UInt8]) {
            self.program = program
            self.reloc = reloc
            size = object.count
            var hasher = Hasher()
            object.withUnsafeBytes { hasher.combine(bytes: $0) }
            digest = hasher.finalize()
        }
    }

    private let lock = NSLock()
    private var outcomes: [Key: (outcome: ProgramOutcome, detail: String)] = [:]
    /// Results reused instead of linked and run.
    private(set) var hits = 0

    func outcome(for key: Key) -> (outcome: ProgramOutcome, detail: String)? {
        lock.lock()
        defer { lock.unlock() }
        let found = outcomes[key]
        if found != nil { hits += 1 }
        return found
    }

    func record(_ key: Key, _ outcome: ProgramOutcome, _ detail: String) {
        lock.lock()
        outcomes[key] = (outcome, detail)
        lock.unlock()
    }
}
