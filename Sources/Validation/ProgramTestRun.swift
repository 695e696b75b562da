import CodeSize
import Engine
import Foundation
import Pipelines
import Store
import Support
import Toolchain

/// A program of a prepared suite: its IR and reference, its handle in the
/// engine, and what its outcomes are keyed by besides the object.
struct SuiteProgram: Sendable {
    var prepared: PreparedProgram
    var handle: ModuleHandle
    /// The program's own suite and version ("humaneval-x@dcf2e280a1e9", "csmith-2.3.0").
    var suite: String
    /// SHA-256 of the reference run's exit status, signal and output.
    var referenceDigest: String

    init(prepared: PreparedProgram, handle: ModuleHandle, suite: String) {
        self.prepared = prepared
        self.handle = handle
        self.suite = suite
        let reference = prepared.reference
        let status = reference.exitStatus.map(String.init) ?? "-", signal = reference.signal.map(String.init) ?? "-"
        let header = "exit \(status) signal \(signal)\n"
        referenceDigest = SHA256.hex(Array(header.utf8) + [UInt8](reference.standardOutput))
    }
}

/// One pass list applied to test programs: engine evaluation (the object
/// PassLab measures), link, sandboxed run, comparison with the reference.
struct ProgramTestRun: Sendable {
    let engine: EvaluationEngine
    let toolchain: Toolchain
    let pipeline: Pipeline
    let measurementProtocol: MeasurementProtocol
    let sandbox: Sandbox
    let mutate: (@Sendable (_ program: String, _ ir: String) -> String?)?
    /// Parent of every per-program directory; removed by the caller.
    let scratch: String
    /// Outcomes of objects already linked and run (by this validator, or
    /// recorded in its store).
    let memo: ObjectOutcomeMemo
    /// The driver's link commands, replayed without the driver.
    let linker: LinkCommands
    /// Part of every outcome's key: the version of the clang-19 that links.
    let clangVersion: String
    let llvmVersion: String
    /// The least run time a program gets, whatever its reference took (`ValidationConfiguration.minimumProgramSeconds`).
    let minimumSeconds: Double

    /// The program's result, or nil when `cancelled` answered true before
    /// it was linked or while it ran (nothing is recorded of it then).
    func test(_ item: SuiteProgram, cancelled: (@Sendable () -> Bool)? = nil) -> ProgramResult? {
        let started = Date()
        let prepared = item.prepared
        let program = prepared.program
        let directory = "\(scratch)/\(program.fileStem)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func result(_ outcome: ProgramOutcome, _ detail: String, reused: Bool = false) -> ProgramResult {
            ProgramResult(
                program: program.name, outcome: outcome, detail: detail,
                seconds: Date().timeIntervalSince(started), reused: reused)
        }
        do {
            // Inside the validation's scratch directory, which a cleanup on a
            // signal may just have removed: never made again from here.
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            let object = "\(directory)/optimized.o"
            if let cancelled, cancelled() { return nil }
            let bytes: [UInt8]
            switch try buildObject(handle: item.handle, program: program.name, at: object, directory: directory) {
            case .failure(let failure): return result(.compileFailed, failure.message)
            case .success(let built): bytes = built
            }
            // A mutated object is a test's fabrication: never reused, never recorded.
            let key = mutate == nil ? outcomeKey(item, object: bytes) : nil
            let limited = sandbox.limited(to: max(minimumSeconds, 10 * prepared.reference.seconds + 1))
            // Outcomes are keyed by the CPU limit: what decides a time-out of a computing program.
            let timeLimit = Double(limited.limits.cpuSeconds)
            if let key, let known = memo.outcome(for: key, timeLimit: timeLimit) {
                return result(known.outcome, known.detail, reused: true)
            }
            if let cancelled, cancelled() { return nil }
            let linkStarted = Date()
            let executable = "\(directory)/optimized"
            let compiler = program.language == .cxx ? toolchain.clangxx : toolchain.clang
            let pie = measurementProtocol.reloc == .pic ? [] : ["-no-pie"]
            if let failure = try linker.attempt(
                compiler, object: object, output: executable,
                flags: ["-fuse-ld=lld"] + pie + program.linkFlags)
            {
                if let key {
                    memo.record(
                        key, .compileFailed, "link: \(failure)", seconds: Date().timeIntervalSince(linkStarted),
                        timeLimit: timeLimit)
                }
                return result(.compileFailed, "link: \(failure)")
            }
            guard let run = try limited.run(executable, scratchParent: directory, cancelled: cancelled) else {
                return nil
            }
            let (outcome, detail) = OutcomeClassifier.classify(test: run, reference: prepared.reference)
            if let key {
                memo.record(key, outcome, detail, seconds: Date().timeIntervalSince(linkStarted), timeLimit: timeLimit)
            }
            return result(outcome, detail)
        } catch {
            return result(.compileFailed, "cannot run the tools: \(error)")
        }
    }

    /// Everything the outcome of this object depends on (see `ProgramOutcomeKey`).
    private func outcomeKey(_ item: SuiteProgram, object: [UInt8]) -> ProgramOutcomeKey {
        ProgramOutcomeKey(
            program: item.prepared.program.name, suite: item.suite, referenceDigest: item.referenceDigest,
            objectDigest: SHA256.hex(object), protocolKey: measurementProtocol.storeKey,
            llvmVersion: llvmVersion, clangVersion: clangVersion,
            sandbox: sandbox.isolation.rawValue)
    }

    struct BuildFailure: Error {
        var message: String
    }

    /// Writes the optimized object and returns its bytes, or why it could not.
    private func buildObject(
        handle: ModuleHandle, program: String, at object: String, directory: String
    ) throws -> Result<[UInt8], BuildFailure> {
        let outputs: OutputKinds = mutate == nil ? .object : .irText
        let outcome = engine.evaluate(
            EvaluationJob(
                module: handle, pipeline: pipeline, measurementProtocol: measurementProtocol, outputs: outputs))
        let bytes: [UInt8]
        switch outcome {
        case .measured(_, let output): bytes = output
        case .failed(let failure): return .failure(BuildFailure(message: "LLVM: \(failure.message)"))
        case .crashed(let report): return .failure(BuildFailure(message: report.description))
        case .timedOut(let seconds):
            return .failure(BuildFailure(message: "LLVM did not finish within \(Int(seconds)) s"))
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
        if measurementProtocol.reloc != .default {
            arguments.append("-relocation-model=\(measurementProtocol.reloc.rawValue)")
        }
        if let failure = try Linker.attempt(toolchain.llc, arguments) {
            return .failure(BuildFailure(message: "llc-19: \(failure)"))
        }
        return .success([UInt8](FileManager.default.contents(atPath: object) ?? Data()))
    }
}
