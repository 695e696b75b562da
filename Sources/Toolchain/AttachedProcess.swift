#if canImport(Glibc)
import Glibc
#endif
import CProcess
import Foundation

/// Running a program as if the caller were that program: its standard
/// streams, process group and signals are the caller's. For a drop-in
/// compiler (`passlab cc`) handing a command to the real compiler, where
/// clang's own output and exit status must reach the build unchanged.
public enum AttachedProcess {
    /// Replaces this process with `executable` (looked up in PATH when it
    /// has no slash). SIGPIPE and every other signal get their default
    /// disposition back and the signal mask is emptied first, so the program
    /// behaves as if the build had started it. Returns only on failure, with
    /// the errno of `execvp`.
    public static func replaceProcess(with executable: String, arguments: [String]) -> Int32 {
        resetSignals()
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        execvp(executable, argv)
        let code = errno
        argv.forEach { free($0) }
        return code
    }

    /// Runs `executable` with this process's standard streams, in this
    /// process's group (a Ctrl-C reaches it as it reaches the build), and
    /// waits for it. No time-out: this is the build's own command, which
    /// runs as long as it would without PassLab.
    public static func run(_ executable: String, arguments: [String]) throws(ProcessError) -> Termination {
        var attributes = SpawnAttributes.make(ownProcessGroup: false)
        defer { posix_spawnattr_destroy(&attributes) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, executable, nil, &attributes, argv, environ)
        guard status == 0 else { throw .spawnFailed(executable: executable, errno: status) }
        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) < 0 {
            guard errno == EINTR else { throw .waitFailed(executable: executable, errno: errno) }
        }
        return (waitStatus & 0x7f) == 0 ? .exited((waitStatus >> 8) & 0xff) : .signaled(waitStatus & 0x7f)
    }

    /// From now on, a crash of this process (a trap, a segfault, an abort)
    /// replaces it with `executable arguments` instead of killing it: a
    /// drop-in compiler's own crash becomes the build's own compile. The
    /// executable is resolved in PATH now (nothing may allocate in a signal
    /// handler); `logPath` gets one line naming the signal. The strings are
    /// kept for the life of the process.
    public static func replaceOnCrash(with executable: String, arguments: [String], logPath: String?, message: String) {
        let path =
            executable.contains("/")
            ? executable
            : (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map {
                "\($0)/\(executable)"
            }
            .first { access($0, X_OK) == 0 } ?? executable
        let argv = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: arguments.count + 2)
        for (index, argument) in ([executable] + arguments).enumerated() { argv[index] = strdup(argument) }
        argv[arguments.count + 1] = nil
        let log = logPath.map { open($0, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) } ?? -1
        passlab_install_crash_fallback(strdup(path), argv, log, strdup(message))
    }

    /// The exit status a shell reports for `termination` (128 + signal).
    public static func exitStatus(_ termination: Termination) -> Int32 {
        switch termination {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    private static func resetSignals() {
        for signalNumber in 1..<32 where signalNumber != SIGKILL && signalNumber != SIGSTOP {
            signal(Int32(signalNumber), SIG_DFL)
        }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        sigprocmask(SIG_SETMASK, &noSignals, nil)
    }
}
