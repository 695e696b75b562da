import Foundation
import Toolchain

/// How far a test program is isolated from the machine it runs on.
///
/// `bubblewrap` (bwrap, Debian package `bubblewrap`) when it works here:
/// the program sees the file system read-only except its run directory,
/// with private /tmp, /dev and /proc, no network, and runs in a PID
/// namespace of its own, so everything it started dies with it (a
/// double-forked, setsid daemon included). Otherwise `processes`: the same
/// limits and run directory, PassLab adopts and kills every descendant that
/// outlives the program, but the file system is the user's.
public enum SandboxIsolation: String, Sendable, Codable {
    /// Under bwrap: read-only file system but the run directory, private /tmp, /dev and /proc, no
    /// network, own PID namespace.
    case bubblewrap
    /// Kernel limits and the kill of every descendant only; the program sees the user's file system.
    case processes

    /// What this machine allows, probed once: bwrap on PATH that can create
    /// its namespaces (user namespaces may be off in a container).
    public static let available: SandboxIsolation = probe()

    /// Why `available` is what it is, for reports.
    public static var summary: String {
        switch available {
        case .bubblewrap:
            return "test programs run under bubblewrap: read-only file system but their directory, "
                + "private /tmp, no network, own PID namespace"
        case .processes:
            return "test programs run WITHOUT a private file system (bwrap is missing or cannot create "
                + "namespaces here); their descendants are still killed"
        }
    }

    /// bwrap's path, if installed.
    static let bubblewrapPath: String? = ["/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The bwrap command line that runs `executable` with `runDirectory` as
    /// its only writable place (the program's own directory stays readable).
    static func wrap(_ executable: String, _ arguments: [String], runDirectory: String) -> (String, [String])? {
        guard let bwrap = bubblewrapPath else { return nil }
        let programDirectory = ((executable as NSString).deletingLastPathComponent as NSString).standardizingPath
        var options = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
        if !programDirectory.isEmpty { options += ["--ro-bind", programDirectory, programDirectory] }
        options += [
            "--bind", runDirectory, runDirectory, "--chdir", runDirectory,
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--",
        ]
        return (bwrap, options + [executable] + arguments)
    }

    private static func probe() -> SandboxIsolation {
        guard let directory = try? ScratchDirectory.create(purpose: "bwrap-probe") else { return .processes }
        defer { ScratchDirectory.remove(directory) }
        let marker = (directory as NSString).appendingPathComponent("written")
        // Inside: the run directory is writable, / is not.
        let script = "touch '\(marker)' && ! touch /passlab-bwrap-probe 2>/dev/null"
        guard let (bwrap, arguments) = wrap("/bin/sh", ["-c", script], runDirectory: directory),
            let result = try? ProcessRunner.run(ProcessRequest(bwrap, arguments, timeout: 20)),
            result.termination.succeeded, FileManager.default.fileExists(atPath: marker)
        else { return .processes }
        return .bubblewrap
    }
}
