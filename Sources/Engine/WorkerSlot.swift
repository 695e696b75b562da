import CProcess
import Foundation
import Toolchain

/// One worker process and what it has loaded. Used by one thread at a time
/// (the engine hands out slots exclusively).
final class WorkerSlot: @unchecked Sendable {
    let index: Int
    var stderrPath: String
    private var current: SpawnedProcess? {
        didSet { forgetLock.withLock { runningPID = current?.pid } }
    }
    var loaded: [String: (instructionCount: Int, triple: String)] = [:]
    /// A fresh worker was sent a module since it started or last recycled
    /// (see `EvaluationEngine.recycle`).
    var holdsModule = false
    /// Guards `forgotten` and `runningPID`, which other threads read.
    private let forgetLock = NSLock()
    private var forgotten: Set<String> = []
    private var runningPID: pid_t?

    /// The worker's process ID while one runs (any thread may ask).
    var processID: pid_t? { forgetLock.withLock { runningPID } }

    init(index: Int, stderrPath: String) {
        self.index = index
        self.stderrPath = stderrPath
    }

    func process(executable: String, fresh: Bool, onStart: () -> Void) throws -> SpawnedProcess {
        if let current { return current }
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        // Swift's backtracer would spend seconds symbolicating each expected
        // crash; LLVM's own handler names the pass, which is what we report.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        // Heap layout must not depend on Swift's per-process hash seeds:
        // some passes visit values in address order (see WorkerCommand).
        environment["SWIFT_DETERMINISTIC_HASHING"] = "1"
        environment[WorkerLaunch.freshWorkersVariable] = fresh ? "1" : nil
        // Address randomisation off from the start (see `WorkerLaunch`): the
        // worker need not re-execute itself, which cost a second start-up.
        let process = try SpawnedProcess.spawn(
            executable, ["worker"], environment: environment, standardError: .file(stderrPath),
            fixedAddressLayout: true)
        onStart()
        current = process
        loaded = [:]
        holdsModule = false
        return process
    }

    /// Modules unregistered while this slot may be busy: the worker is told
    /// to drop them on the slot's next use.
    func forget(_ id: String) {
        forgetLock.lock()
        forgotten.insert(id)
        forgetLock.unlock()
    }

    /// Loaded modules that were unregistered since the last call.
    func takeForgotten() -> [String] {
        forgetLock.lock()
        defer { forgotten.removeAll(); forgetLock.unlock() }
        return forgotten.filter { loaded[$0] != nil }
    }

    func clearStderr() {
        if let attributes = try? FileManager.default.attributesOfItem(atPath: stderrPath),
            (attributes[.size] as? Int ?? 0) > 0
        {
            truncate(stderrPath, 0)
        }
    }

    /// The worker died: collect how, and LLVM's last words.
    func reap() -> CrashReport {
        guard let process = current else { return CrashReport(signal: nil, exitStatus: nil, message: "") }
        process.closeInput()
        let termination = process.wait()
        current = nil
        loaded = [:]
        holdsModule = false
        let text = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").map(String.init)
        let message = Self.crashMessage(lines)
        switch termination {
        case .signaled(let signal): return CrashReport(signal: signal, exitStatus: nil, message: message)
        case .exited(let status): return CrashReport(signal: nil, exitStatus: status, message: message)
        }
    }

    /// LLVM's fatal error ("LLVM ERROR: ..."), else the innermost pass the
    /// stack dump names ("Running pass \"gvn\" on function \"f\"").
    static func crashMessage(_ lines: [String]) -> String {
        if let error = lines.last(where: { $0.contains("LLVM ERROR") }) { return error }
        if let pass = lines.last(where: { $0.contains("Running pass") }) {
            return pass.drop { $0.isNumber || $0 == "." || $0 == "\t" || $0 == " " }.trimmingCharacters(
                in: .whitespaces)
        }
        return lines.first {
            !$0.hasPrefix("PLEASE") && !$0.hasPrefix("Stack dump") && !$0.hasPrefix(" ") && !$0.hasPrefix("#")
        } ?? ""
    }

    func kill() {
        current?.kill()
        current?.wait()
        current = nil
        loaded = [:]
        holdsModule = false
    }

    func stop() {
        signalStop()
        current?.wait()
        current = nil
    }

    /// `stop` without waiting: the worker is told to end (its input closed, SIGKILL), so that several end side
    /// by side; `stop` then only reaps it. A worker's teardown (its address space, libLLVM's mappings) takes
    /// milliseconds that one after the other a short command waits for.
    func signalStop() {
        current?.closeInput()
        current?.kill()
    }
}
