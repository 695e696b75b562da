#if canImport(Glibc)
import Glibc
#endif
import CProcess
import Foundation

/// PassLab's private temporary directories, removed on every way out.
///
/// A directory is named `passlab-<pid>-<purpose>-<random>` under the
/// temporary directory (`$TMPDIR`, else /tmp), so that a later run can tell
/// whose it is: `sweepStale` removes those of processes that no longer
/// exist (a SIGKILL, a power cut) and never a live process's. While the
/// process lives, each directory is also registered with the C side, which
/// removes it on a fatal signal, a crash or a second Ctrl-C, where Swift's
/// own cleanup (deinit, defer) never runs.
public enum ScratchDirectory {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var registrations: [String: Int32] = [:]

    /// Creates and registers a fresh directory; `purpose` is a short word
    /// ("engine", "validate") that says in a listing what made it.
    public static func create(purpose: String) throws -> String {
        let path = NSTemporaryDirectory() + "passlab-\(getpid())-\(purpose)-\(UInt32.random(in: 0...UInt32.max))"
        // Registered before it exists: a signal between the two finds nothing
        // to remove, never a directory it does not know (a clean-clone run left
        // one when SIGTERM fell between mkdir and registration).
        lock.lock()
        registrations[path] = passlab_scratch_register(path)
        lock.unlock()
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            remove(path)
            throw error
        }
        // A signal's cleanup that ran while this was being made (another
        // thread; the process is ending) may have missed it: remove it here.
        if passlab_cleanup_started() != 0 {
            remove(path)
            throw Ending(path: path)
        }
        return path
    }

    /// `create` was called while PassLab was ending (a signal's cleanup had begun).
    public struct Ending: Error, CustomStringConvertible {
        /// The directory that would have been made (and has been removed).
        public var path: String
        /// "PassLab is ending: no temporary directory made (PATH)".
        public var description: String { "PassLab is ending: no temporary directory made (\(path))" }
    }

    /// Removes a directory made by `create` (and forgets it).
    public static func remove(_ path: String) {
        lock.lock()
        let slot = registrations.removeValue(forKey: path)
        lock.unlock()
        try? FileManager.default.removeItem(atPath: path)
        if let slot { passlab_scratch_unregister(slot) }
    }

    /// Removes every registered directory now (and kills PassLab's running
    /// children, which may be writing into them): for exits that skip
    /// Swift's cleanup, such as `exit(130)` on a second Ctrl-C.
    public static func removeAllNow() {
        passlab_cleanup_now()
        lock.lock()
        registrations.removeAll()
        lock.unlock()
    }

    /// From now on a crash of this process removes the registered
    /// directories before Swift's backtracer (or the default action) runs;
    /// with `onTermination`, so does SIGINT, SIGTERM or SIGHUP, which then
    /// end the process as they would have (commands that take Ctrl-C as a
    /// request install `StopSignal` over it).
    public static func installCleanupHandlers(onTermination: Bool) {
        passlab_install_cleanup_handlers(onTermination ? 1 : 0)
    }

    /// The owner pid in a scratch directory's name (`passlab-<pid>-...`),
    /// nil for any other name (older PassLab versions, other programs).
    public static func ownerPID(ofName name: String) -> pid_t? {
        guard name.hasPrefix("passlab-") else { return nil }
        let digits = name.dropFirst("passlab-".count).prefix { $0.isNumber }
        guard !digits.isEmpty, name.dropFirst("passlab-".count + digits.count).first == "-" else { return nil }
        return pid_t(digits)
    }

    /// Whether process `pid` exists (a pid reused by another process counts
    /// as alive: a directory is kept rather than risk a live one).
    public static func isAlive(_ pid: pid_t) -> Bool {
        Glibc.kill(pid, 0) == 0 || errno != ESRCH
    }

    /// Removes the scratch directories in `parent` whose owner process is
    /// dead and that belong to this user; returns the paths removed.
    @discardableResult
    public static func sweepStale(in parent: String = NSTemporaryDirectory()) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return [] }
        var removed: [String] = []
        for name in names {
            guard let owner = ownerPID(ofName: name), owner != getpid(), !isAlive(owner) else { continue }
            let path = (parent as NSString).appendingPathComponent(name)
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == geteuid() else {
                continue
            }
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(path) }
        }
        return removed
    }
}
