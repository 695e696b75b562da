#if canImport(Glibc)
import Glibc
#endif
import CProcess
import Foundation

/// Kernel limits for a program PassLab runs but did not write (a test
/// program built by a possibly miscompiling pass list): it may loop, allocate
/// without bound, write huge files or dump core. The wall-clock limit is the
/// request's `timeout`; these are enforced by the kernel in the child.
public struct ResourceLimits: Sendable, Hashable {
    /// RLIMIT_CPU: past it the kernel sends SIGXCPU (then SIGKILL).
    public var cpuSeconds: Int
    /// RLIMIT_AS: allocations past it fail (C++ throws bad_alloc).
    public var addressSpaceBytes: Int
    /// RLIMIT_FSIZE: a write past it raises SIGXFSZ.
    public var fileSizeBytes: Int
    /// RLIMIT_NOFILE: the most file descriptors the program may hold open;
    /// an open(2) past it fails with EMFILE.
    public var openFiles: Int
    /// RLIMIT_NPROC: bounds a fork bomb. The kernel counts every process and
    /// thread of the user, not only the program's, and does not enforce it
    /// for root (nor with CAP_SYS_RESOURCE): as root only the wall-clock
    /// limit and the kill of every descendant bound a fork bomb.
    public var processes: Int

    /// Limits for one untrusted program: by default 10 s of CPU, 1 GiB of
    /// address space, 16 MiB per file, 256 open files, 4096 processes.
    /// `cpuSeconds` is at least 1.
    public init(
        cpuSeconds: Int = 10, addressSpaceBytes: Int = 1 << 30, fileSizeBytes: Int = 16 << 20, openFiles: Int = 256,
        processes: Int = 4096
    ) {
        self.cpuSeconds = max(1, cpuSeconds)
        self.addressSpaceBytes = addressSpaceBytes
        self.fileSizeBytes = fileSizeBytes
        self.openFiles = openFiles
        self.processes = processes
    }
}

extension SpawnedProcess {
    /// fork + setrlimit + execve through the C shim (every child of PassLab
    /// starts here); core files are always off (RLIMIT_CORE 0), other limits
    /// inherited when `limits` is nil. Takes ownership of the two pipes.
    static func spawnLimited(
        _ executable: String, _ arguments: [String], workingDirectory: String?, environment: [String: String]?,
        standardError: ErrorDestination, limits: ResourceLimits?, fixedAddressLayout: Bool,
        inPipe: [Int32], outPipe: [Int32]
    ) throws(ProcessError) -> SpawnedProcess {
        var errPipe: [Int32] = [-1, -1]
        var errorTarget: Int32 = -1
        switch standardError {
        case .pipe:
            guard passlab_pipe_cloexec(&errPipe) == 0 else { throw .spawnFailed(executable: executable, errno: errno) }
            errorTarget = errPipe[1]
        case .file(let path):
            errorTarget = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        case .inherit:
            break
        }
        let path = resolveExecutable(executable, environment: environment)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Sorted by name: a dictionary's order changes from instance to instance, and a child that
        // reads its environment into its heap (a worker) would lay that heap out differently.
        let environmentStrings: [UnsafeMutablePointer<CChar>?] =
            (environment ?? ProcessInfo.processInfo.environment).sorted { $0.key < $1.key }
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environmentStrings.forEach { free($0) } }
        let inherit: Int64 = -1
        var cLimits = passlab_limits(
            cpu_seconds: limits.map { Int64($0.cpuSeconds) } ?? inherit,
            address_space: limits.map { Int64($0.addressSpaceBytes) } ?? inherit,
            file_size: limits.map { Int64($0.fileSizeBytes) } ?? inherit, core_size: 0,
            open_files: limits.map { Int64($0.openFiles) } ?? inherit,
            processes: limits.map { Int64($0.processes) } ?? inherit, fixed_layout: fixedAddressLayout ? 1 : 0)
        var failure: Int32 = 0
        var registration: Int32 = -1
        let pid = passlab_spawn_limited(
            path, argv, environmentStrings, workingDirectory, inPipe[0], outPipe[1], errorTarget,
            &cLimits, &failure, &registration)
        close(inPipe[0]); close(outPipe[1])
        if errorTarget >= 0 { close(errorTarget) }
        guard pid > 0 else {
            close(inPipe[1]); close(outPipe[0])
            if errPipe[0] >= 0 { close(errPipe[0]) }
            throw .spawnFailed(executable: executable, errno: failure)
        }
        return SpawnedProcess(
            pid: pid, inputFD: inPipe[1], outputFD: outPipe[0], errorFD: errPipe[0] >= 0 ? errPipe[0] : nil,
            registration: registration)
    }

    /// execve does not search PATH: resolve a bare name the way posix_spawnp would.
    private static func resolveExecutable(_ executable: String, environment: [String: String]?) -> String {
        guard !executable.contains("/") else { return executable }
        let path = (environment ?? ProcessInfo.processInfo.environment)["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(executable)" }.first { access($0, X_OK) == 0 } ?? executable
    }
}
