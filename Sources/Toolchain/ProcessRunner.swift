#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CProcess
import Foundation

/// How a child process ended.
public enum Termination: Sendable, Hashable, CustomStringConvertible {
    /// The process exited with this status (0-255).
    case exited(Int32)
    /// The process was killed by this signal number (a time-out's SIGKILL is
    /// 9).
    case signaled(Int32)

    /// True only for exit status 0.
    public var succeeded: Bool { self == .exited(0) }

    /// "exit status N" or "signal N (SIGNAME)", for messages.
    public var description: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signaled(let signal): return "signal \(signal) (\(signalName(signal)))"
        }
    }
}

/// Conventional name of a signal number ("SIGABRT").
public func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGABRT: return "SIGABRT"
    case SIGSEGV: return "SIGSEGV"
    case SIGBUS: return "SIGBUS"
    case SIGILL: return "SIGILL"
    case SIGFPE: return "SIGFPE"
    case SIGKILL: return "SIGKILL"
    case SIGTERM: return "SIGTERM"
    case SIGXCPU: return "SIGXCPU"
    case SIGTRAP: return "SIGTRAP"
    default: return "signal \(signal)"
    }
}

/// The outcome of a bounded run. A non-zero exit is a result, not an error.
public struct ProcessResult: Sendable {
    /// How the process ended (a time-out shows as SIGKILL).
    public var termination: Termination
    /// Everything it wrote to standard output, up to the request's
    /// `outputLimit`.
    public var standardOutput: [UInt8]
    /// Everything it wrote to standard error, up to the request's
    /// `outputLimit`.
    public var standardError: [UInt8]
    /// The run passed its wall-clock limit and was killed.
    public var timedOut: Bool
    /// The request's `cancelled` said so and the run was killed: its outcome says nothing of the program.
    public var cancelled = false
    /// Output past the cap was dropped.
    public var outputTruncated: Bool
    /// Wall-clock seconds from the spawn to the reap.
    public var seconds: Double

    /// `standardOutput` decoded as UTF-8 (invalid bytes replaced).
    public var stdoutText: String { String(decoding: standardOutput, as: UTF8.self) }
    /// `standardError` decoded as UTF-8 (invalid bytes replaced).
    public var stderrText: String { String(decoding: standardError, as: UTF8.self) }
}

/// Errors that stop PassLab from running a tool at all.
public enum ProcessError: Error, CustomStringConvertible {
    /// `executable` could not be started (not found, not executable, no pipes
    /// left); `errno` says why.
    case spawnFailed(executable: String, errno: Int32)
    /// `executable` was started but its status could not be read (`waitpid`
    /// failed with `errno`): its outcome is unknown, not a success.
    case waitFailed(executable: String, errno: Int32)

    /// The message a user sees: the program, strerror's text and a hint to
    /// install LLVM 19.
    public var description: String {
        switch self {
        case let .spawnFailed(executable, code):
            return
                "cannot start '\(executable)': \(String(cString: strerror(code))). Is it installed? `scripts/demo` installs LLVM 19 with apt-get."
        case let .waitFailed(executable, code):
            return
                "lost track of '\(executable)': waitpid failed (\(String(cString: strerror(code)))); its outcome is unknown"
        }
    }
}

/// A request to run one external program with limits (house rule 12: every
/// external run has a timeout and an output limit).
public struct ProcessRequest: Sendable {
    /// A path, or a bare name looked up in PATH (the request's `environment`'s,
    /// if given).
    public var executable: String
    /// The arguments after the program name.
    public var arguments: [String]
    /// Bytes fed to the child's standard input, which is then closed; nil or
    /// empty: closed at once.
    public var standardInput: [UInt8]?
    /// Directory the child starts in; nil: PassLab's current directory.
    public var workingDirectory: String?
    /// The child's whole environment; nil: PassLab's own.
    public var environment: [String: String]?
    /// Wall-clock limit in seconds; past it the child's process group is killed
    /// and the result says `timedOut`.
    public var timeout: Double
    /// Bytes kept of each of standard output and standard error (64 MiB by
    /// default); the rest is read and dropped (`outputTruncated`).
    public var outputLimit: Int
    /// Kernel limits of the child (CPU, memory, file size, core files), for
    /// programs PassLab did not write; nil: inherited.
    public var limits: ResourceLimits?
    /// Asked about ten times a second while the child runs; once it answers
    /// true the child's process group is killed and the result says
    /// `cancelled` (a validation that has its verdict stops the programs it
    /// no longer needs). Nil: the child runs to its end or its time-out.
    public var cancelled: (@Sendable () -> Bool)?

    /// A request to run `executable` with `arguments`: a 120 s time-out, 64 MiB
    /// of each output stream, inherited kernel limits unless `limits` is given.
    public init(
        _ executable: String, _ arguments: [String], standardInput: [UInt8]? = nil, workingDirectory: String? = nil,
        environment: [String: String]? = nil, timeout: Double = 120, outputLimit: Int = 64 << 20,
        limits: ResourceLimits? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.standardInput = standardInput
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.limits = limits
    }
}

/// Runs programs (see `SpawnedProcess.spawn`) with a deadline and capped output. Blocking:
/// call it from a thread you own, not from Swift's cooperative pool.
public enum ProcessRunner {
    /// Runs `request` to the end (or the time-out), feeding its input and
    /// collecting its outputs. Throws only when the program cannot be started:
    /// a non-zero exit or a time-out is in the result.
    public static func run(_ request: ProcessRequest) throws(ProcessError) -> ProcessResult {
        let start = Date()
        let child = try SpawnedProcess.spawn(
            request.executable, request.arguments, workingDirectory: request.workingDirectory,
            environment: request.environment, standardError: .pipe, limits: request.limits)
        let input = request.standardInput ?? []
        var written = 0
        if input.isEmpty { child.closeInput() }
        var output: [UInt8] = [], errors: [UInt8] = []
        var truncated = false, timedOut = false, cancelled = false
        let deadline = start.addingTimeInterval(request.timeout)
        let pollSeconds = request.cancelled == nil ? 1.0 : 0.1
        /// Kills the child once its deadline has passed or the request is
        /// cancelled (saying which); false while it may run on.
        func stoppedNow() -> Bool {
            if deadline.timeIntervalSinceNow <= 0 {
                timedOut = true
            } else if let ask = request.cancelled, ask() {
                cancelled = true
            } else {
                return false
            }
            child.kill()
            return true
        }
        var openOut = true, openErr = true
        while openOut || openErr {
            if stoppedNow() { break }
            let remaining = deadline.timeIntervalSinceNow
            var fds: [pollfd] = []
            if openOut { fds.append(pollfd(fd: child.outputFD, events: Int16(POLLIN), revents: 0)) }
            if openErr, let e = child.errorFD { fds.append(pollfd(fd: e, events: Int16(POLLIN), revents: 0)) }
            if written < input.count, let i = child.inputFD {
                fds.append(pollfd(fd: i, events: Int16(POLLOUT), revents: 0))
            }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining, pollSeconds) * 1000) + 1)
            // A failed poll other than EINTR: wait a little and try again, so the deadline still holds.
            if ready < 0 {
                if errno != EINTR { usleep(10_000) }
                continue
            }
            for entry in fds where entry.revents != 0 {
                if entry.fd == child.inputFD {
                    // An offset, not removeFirst: that moves the rest of the input on every write.
                    let count = input.withUnsafeBytes {
                        write(entry.fd, $0.baseAddress! + written, min($0.count - written, 65536))
                    }
                    written = count > 0 ? written + count : input.count
                    if written == input.count { child.closeInput() }
                    continue
                }
                var chunk = [UInt8](repeating: 0, count: 65536)
                let count = read(entry.fd, &chunk, chunk.count)
                if count <= 0 {
                    if entry.fd == child.outputFD { openOut = false } else { openErr = false }
                    continue
                }
                let isOut = entry.fd == child.outputFD
                let current = isOut ? output.count : errors.count
                let room = max(0, request.outputLimit - current)
                if count > room { truncated = true }
                if isOut {
                    output.append(contentsOf: chunk[0..<min(count, room)])
                } else {
                    errors.append(contentsOf: chunk[0..<min(count, room)])
                }
            }
        }
        // Both outputs closed is not the end: a program may close them and
        // go on (or block), so the deadline and a cancellation still hold
        // until it is reaped.
        var termination: Termination
        var pause: useconds_t = 200
        while true {
            if timedOut || cancelled {
                termination = child.wait()
                break
            }
            if let ended = child.waitIfEnded() {
                termination = ended
                break
            }
            if !stoppedNow() {
                usleep(pause)
                pause = min(pause * 2, 20_000)
            }
        }
        return ProcessResult(
            termination: termination, standardOutput: output, standardError: errors, timedOut: timedOut,
            cancelled: cancelled, outputTruncated: truncated, seconds: Date().timeIntervalSince(start))
    }
}

/// A child process with pipes to its stdin and stdout. Used directly for the
/// long-lived evaluation workers; `ProcessRunner` wraps it for one-shot runs.
public final class SpawnedProcess: @unchecked Sendable {
    /// Where the child's standard error goes.
    public enum ErrorDestination {
        /// A pipe PassLab reads (`errorFD`).
        case pipe
        /// Appended to the file at this path (created 0644 when missing), such
        /// as a worker's stderr log.
        case file(String)
        /// PassLab's own standard error.
        case inherit
    }

    /// The child's process id, also its process group id (it leads its own
    /// group).
    public let pid: pid_t
    /// Write end of the child's standard input; nil after `closeInput()`.
    public private(set) var inputFD: Int32?
    /// Read end of the child's standard output (closed when this object goes).
    public let outputFD: Int32
    /// Read end of the child's standard error; nil unless it was spawned with
    /// `.pipe`.
    public let errorFD: Int32?
    private var reaped: Termination?
    /// The child's entry in the C registry that a fatal signal kills.
    private let registration: Int32

    init(pid: pid_t, inputFD: Int32, outputFD: Int32, errorFD: Int32?, registration: Int32) {
        self.pid = pid
        self.inputFD = inputFD
        self.outputFD = outputFD
        self.errorFD = errorFD
        self.registration = registration
    }

    deinit {
        closeInput()
        close(outputFD)
        if let errorFD { close(errorFD) }
        if reaped == nil {
            kill()
            _ = wait()
        }
    }

    /// Starts `executable` (a path, or a name looked up in PATH) in its own
    /// process group, so that a kill reaches its children too. Every child
    /// gets RLIMIT_CORE 0: PassLab runs LLVM on lists that crash it, and
    /// programs it did not write, and a user's `ulimit -c unlimited` must not
    /// turn each contained crash into a core file in their working directory.
    /// `limits` adds the limits for untrusted programs. posix_spawn cannot
    /// set rlimits, so the child is vforked and limited before exec (a fork
    /// would copy this process's page tables: 80 ms per spawn once it holds
    /// 2 GB, `passlab bench spawn`). `fixedAddressLayout` turns address-space
    /// randomisation off in the child before exec (the engine's workers need
    /// it, and would otherwise re-execute themselves to get it).
    public static func spawn(
        _ executable: String, _ arguments: [String], workingDirectory: String? = nil,
        environment: [String: String]? = nil, standardError: ErrorDestination,
        limits: ResourceLimits? = nil, fixedAddressLayout: Bool = false
    ) throws(ProcessError) -> SpawnedProcess {
        var inPipe: [Int32] = [0, 0], outPipe: [Int32] = [0, 0]
        guard passlab_pipe_cloexec(&inPipe) == 0 else { throw .spawnFailed(executable: executable, errno: errno) }
        guard passlab_pipe_cloexec(&outPipe) == 0 else {
            let code = errno
            close(inPipe[0]); close(inPipe[1])
            throw .spawnFailed(executable: executable, errno: code)
        }
        return try spawnLimited(
            executable, arguments, workingDirectory: workingDirectory, environment: environment,
            standardError: standardError, limits: limits, fixedAddressLayout: fixedAddressLayout, inPipe: inPipe,
            outPipe: outPipe)
    }

    /// Closes the child's standard input (it then reads end of file); calling
    /// it again does nothing.
    public func closeInput() {
        if let fd = inputFD {
            close(fd)
            inputFD = nil
        }
    }

    /// SIGKILL to the child's whole process group.
    public func kill() {
        guard reaped == nil else { return }
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
    }

    /// How the child ended, if it has (it is then reaped); nil while it runs.
    public func waitIfEnded() -> Termination? {
        if let reaped { return reaped }
        var status: Int32 = 0
        var ended: pid_t
        repeat { ended = waitpid(pid, &status, WNOHANG) } while ended < 0 && errno == EINTR
        // 0: still running. An error (no such child) ends the wait as `wait` does.
        guard ended != 0 else { return nil }
        return reap(ended == pid ? status : 0)
    }

    /// Waits for the child to end and reports how.
    @discardableResult
    public func wait() -> Termination {
        if let reaped { return reaped }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return reap(status)
    }

    private func reap(_ status: Int32) -> Termination {
        let result: Termination = (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
        reaped = result
        passlab_child_unregister(registration)
        return result
    }
}

/// The spawn attributes every child gets: no blocked signals and default
/// signal dispositions, whatever the spawning thread had (a Dispatch thread
/// blocks SIGTERM, and a child would inherit that), and optionally a
/// process group of its own. The caller destroys them.
enum SpawnAttributes {
    static func make(ownProcessGroup: Bool) -> posix_spawnattr_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        let flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | (ownProcessGroup ? POSIX_SPAWN_SETPGROUP : 0)
        posix_spawnattr_setflags(&attributes, Int16(flags))
        if ownProcessGroup { posix_spawnattr_setpgroup(&attributes, 0) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        return attributes
    }
}
