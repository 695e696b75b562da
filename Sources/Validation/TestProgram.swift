import Foundation
import Toolchain

/// One self-checking program of a validation suite, as source.
public struct TestProgram: Sendable, Hashable {
    /// "CPP/12", "csmith/7".
    public var name: String
    /// C (built with clang-19) or C++ (clang++-19): decides the frontend, the linker driver and the
    /// source file's extension.
    public var language: SourceLanguage
    /// The whole program text, `main` included; it checks itself (asserts or prints a checksum).
    public var source: String
    /// Flags for the frontend and the reference build (-I...).
    public var compileFlags: [String]
    /// Libraries for every link (-lcrypto).
    public var linkFlags: [String]
    /// Optimisation level of the reference build ("-O2"; csmith: "-O0").
    public var referenceLevel: String

    /// A file-system-safe name: "CPP_12".
    public var fileStem: String { name.replacingOccurrences(of: "/", with: "_") }
    /// "cpp" for C++, "c" for C: the extension the source is written under for clang.
    public var sourceExtension: String { language == .cxx ? "cpp" : "c" }
}

/// How a program ended when run: termination, captured output, limits hit.
public struct RunRecord: Sendable, Codable, Hashable {
    /// The exit status when the program exited; nil when a signal ended it.
    public var exitStatus: Int32?
    /// The signal that ended the program (SIGSEGV, SIGABRT, SIGXCPU, ...); nil when it exited.
    public var signal: Int32?
    /// Everything the program wrote to standard output, up to the sandbox's `outputLimit`: what is
    /// compared with the reference byte for byte.
    public var standardOutput: Data
    /// The tail of standard error (assertion messages).
    public var standardErrorTail: String
    /// The program ran past the sandbox's wall-clock limit and was killed.
    public var timedOut: Bool
    /// Output past the sandbox's `outputLimit` was dropped.
    public var outputTruncated: Bool
    /// Wall-clock seconds of the run, from spawn to reap.
    public var seconds: Double

    /// Ran past its wall-clock or CPU limit.
    public var exceededTime: Bool { timedOut || signal == SIGXCPU || signal == SIGKILL }
    /// Exited with status 0 within the limits: what a reference must do to count as the truth.
    public var succeeded: Bool { exitStatus == 0 && !timedOut }

    var terminationText: String {
        if timedOut { return "timed out after \(String(format: "%.1f", seconds)) s" }
        if let signal { return "killed by \(signalName(signal))" }
        return "exit status \(exitStatus ?? -1)"
    }
}

extension RunRecord {
    init(_ result: ProcessResult) {
        switch result.termination {
        case .exited(let status): exitStatus = status; signal = nil
        case .signaled(let number): exitStatus = nil; signal = number
        }
        standardOutput = Data(result.standardOutput)
        standardErrorTail = String(result.stderrText.suffix(600))
        timedOut = result.timedOut
        outputTruncated = result.outputTruncated
        seconds = result.seconds
    }
}

/// Turns a test run into an outcome by comparing it with the reference run.
public enum OutcomeClassifier {
    /// The outcome of `test` against `reference`, and its detail ("" when passed): time-outs first,
    /// then a different signal (a failed assert is `testFailed`, anything else `crashed`), a non-zero
    /// exit where the reference succeeded, another termination, then the first differing output line.
    public static func classify(test: RunRecord, reference: RunRecord) -> (ProgramOutcome, String) {
        if test.exceededTime {
            return (
                .timedOut, "\(test.terminationText) (the reference took \(String(format: "%.2f", reference.seconds)) s)"
            )
        }
        let assertion = test.standardErrorTail.split(separator: "\n").last { $0.contains("Assertion") }.map(String.init)
        if let signal = test.signal, signal != reference.signal {
            // assert() fails through abort(): a failed test, not a crash.
            if reference.succeeded, signal == SIGABRT, let assertion { return (.testFailed, assertion) }
            return (.crashed, "killed by \(signalName(signal))" + lastLine(test.standardErrorTail))
        }
        if reference.succeeded, let status = test.exitStatus, status != 0 {
            return (.testFailed, "exit status \(status)" + lastLine(test.standardErrorTail))
        }
        if test.exitStatus != reference.exitStatus || test.signal != reference.signal {
            return (.diverged, "\(test.terminationText), reference: \(reference.terminationText)")
        }
        if test.standardOutput != reference.standardOutput {
            return (.diverged, firstDifference(test.standardOutput, reference.standardOutput))
        }
        return (.passed, "")
    }

    private static func lastLine(_ text: String) -> String {
        guard let line = text.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        else { return "" }
        return ": " + line.prefix(300)
    }

    static func firstDifference(_ test: Data, _ reference: Data) -> String {
        let testLines = String(decoding: test, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let referenceLines = String(decoding: reference, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(testLines.count, referenceLines.count) {
            let got = index < testLines.count ? String(testLines[index]) : "<end of output>"
            let expected = index < referenceLines.count ? String(referenceLines[index]) : "<end of output>"
            if got != expected {
                return "output line \(index + 1): got '\(got.prefix(120))', expected '\(expected.prefix(120))'"
            }
        }
        return "output differs"
    }
}

/// Runs a program PassLab built but did not write: in a private temporary
/// directory (removed afterwards) as its working directory and $HOME/$TMPDIR,
/// with a wall-clock limit, kernel limits (CPU, address space, file size,
/// processes, no core files), capped output, and isolation (`isolation`):
/// when the program ends, nothing it started survives it.
public struct Sandbox: Sendable {
    /// Wall-clock limit of one run in seconds; past it the program is killed (`timedOut`).
    public var timeout: Double
    /// Kernel limits of the program; by default CPU time is the timeout rounded up plus one second.
    public var limits: ResourceLimits
    /// Bytes kept of each of standard output and standard error (1 MiB by default).
    public var outputLimit: Int
    /// bubblewrap or process-level isolation; by default the best this machine allows.
    public var isolation: SandboxIsolation {
        get { chosenIsolation ?? .available }
        set { chosenIsolation = newValue }
    }
    /// The isolation asked for; nil: the best available, probed when first
    /// needed (`SandboxIsolation.available` starts bwrap once), so that a
    /// `tune` that validates nothing does not pay for the probe.
    private var chosenIsolation: SandboxIsolation?

    /// A sandbox with a `timeout`-second wall clock; nil `limits`: `ResourceLimits` defaults with a CPU
    /// limit of the timeout plus one second; nil `isolation`: the best this machine allows.
    public init(
        timeout: Double = 10, limits: ResourceLimits? = nil, outputLimit: Int = 1 << 20,
        isolation: SandboxIsolation? = nil
    ) {
        self.timeout = timeout
        self.limits = limits ?? ResourceLimits(cpuSeconds: Int(timeout.rounded(.up)) + 1)
        self.outputLimit = outputLimit
        chosenIsolation = isolation
    }

    /// The same sandbox for a program that should finish in `seconds` (at
    /// most `timeout`): a CPU limit of that much plus one second, which a
    /// miscompiled endless loop runs into however loaded the machine is, and a
    /// wall clock of three times that plus 10 s, the backstop for a program
    /// that blocks without computing. A wall-clock limit alone failed fast
    /// programs on an overloaded machine: at load average 10, three -Oz
    /// HumanEval-X programs whose references take 0.01-0.08 s ran past 5 s.
    public func limited(to seconds: Double) -> Sandbox {
        var copy = self
        let limit = min(timeout, seconds)
        copy.limits.cpuSeconds = Int(limit.rounded(.up)) + 1
        copy.timeout = 3 * limit + 10
        return copy
    }

    /// Runs `executable` in a fresh directory inside `scratchParent` (which must exist; the directory is
    /// removed afterwards), with PATH=/usr/bin:/bin and LC_ALL=C. Throws only when the run cannot start;
    /// a crash or time-out is in the record.
    public func run(_ executable: String, arguments: [String] = [], scratchParent: String) throws -> RunRecord {
        RunRecord(try process(executable, arguments: arguments, scratchParent: scratchParent, cancelled: nil))
    }

    /// `run`, except that the program is killed as soon as `cancelled`
    /// answers true (asked about ten times a second): nil then, since how
    /// a killed program would have ended is unknown. A nil `cancelled`: `run`.
    public func run(
        _ executable: String, arguments: [String] = [], scratchParent: String,
        cancelled: (@Sendable () -> Bool)?
    ) throws -> RunRecord? {
        let result = try process(executable, arguments: arguments, scratchParent: scratchParent, cancelled: cancelled)
        return result.cancelled ? nil : RunRecord(result)
    }

    private func process(
        _ executable: String, arguments: [String], scratchParent: String, cancelled: (@Sendable () -> Bool)?
    ) throws -> ProcessResult {
        let directory = (scratchParent as NSString).appendingPathComponent("run-\(UUID().uuidString.prefix(12))")
        // Not withIntermediateDirectories: `scratchParent` exists, and if
        // PassLab's cleanup on a signal has just removed it, it must stay gone.
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = [
            "PATH": "/usr/bin:/bin", "HOME": directory, "TMPDIR": directory, "LC_ALL": "C",
            OrphanReaper.marker.name: OrphanReaper.marker.value,
        ]
        let wrapped =
            isolation == .bubblewrap ? SandboxIsolation.wrap(executable, arguments, runDirectory: directory) : nil
        let command = wrapped ?? (executable, arguments)
        var request = ProcessRequest(
            command.0, command.1, workingDirectory: directory, environment: environment,
            timeout: timeout, outputLimit: outputLimit, limits: limits)
        request.cancelled = cancelled
        var result: ProcessResult
        if wrapped != nil {
            result = try ProcessRunner.run(request)
            // bwrap reports a program killed by signal N as exit status 128 + N.
            if case .exited(let code) = result.termination, code > 128, code <= 128 + 64 {
                result.termination = .signaled(code - 128)
            }
        } else {
            // No PID namespace: descendants that leave the program's process
            // group are adopted while it runs, and ended when it has.
            result = try OrphanReaper.adopting {
                defer { OrphanReaper.killOrphans() }
                return try ProcessRunner.run(request)
            }
        }
        return result
    }
}
