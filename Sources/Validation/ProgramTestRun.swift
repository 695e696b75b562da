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
            if let failure = try buildObject(handle: handle, program: program.name, at: object, directory: directory) {
                return result(.compileFailed, failure)
            }
            let executable = "\(directory)/optimized"
            let compiler = program.language == .cxx ? toolchain.clangxx : toolchain.clang
            let pie = measurementProtocol.reloc == .pic ? [] : ["-no-pie"]
            if let failure = try Linker.attempt(compiler, [object, "-o", executable, "-fuse-ld=lld"] + pie + program.linkFlags) {
                return result(.compileFailed, "link: \(failure)")
            }
            let limit = max(5, 10 * prepared.reference.seconds + 1)
            let run = try sandbox.limited(to: limit).run(executable, scratchParent: directory)
            let (outcome, detail) = OutcomeClassifier.classify(test: run, reference: prepared.reference)
            return result(outcome, detail)
        } catch {
            return result(.compileFailed, "cannot run the tools: \(error)")
        }
    }

    /// Writes the optimized object; returns why it could not, or nil.
    private func buildObject(handle: ModuleHandle, program: String, at object: String, directory: String) throws -> String? {
        let outputs: OutputKinds = mutate == nil ? .object : .irText
        let outcome = engine.evaluate(EvaluationJob(module: handle, pipeline: pipeline, measurementProtocol: measurementProtocol, outputs: outputs))
        let bytes: [UInt8]
        switch outcome {
        case .measured(_, let output): bytes = output
        case .failed(let failure): return "LLVM: \(failure.message)"
        case .crashed(let report): return report.description
        case .timedOut(let seconds): return "LLVM did not finish within \(Int(seconds)) s"
        }
        guard let mutate else {
            try Data(bytes).write(to: URL(fileURLWithPath: object))
            return nil
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let irPath = "\(directory)/optimized.ll"
        try (mutate(program, text) ?? text).write(toFile: irPath, atomically: false, encoding: .utf8)
        var arguments = ["-\(measurementProtocol.codeGen.rawValue)", "-filetype=obj", irPath, "-o", object]
        if measurementProtocol.reloc != .default { arguments.append("-relocation-model=\(measurementProtocol.reloc.rawValue)") }
        return try Linker.attempt(toolchain.llc, arguments).map { "llc-19: \($0)" }
    }
}
