import CProcess

/// Descendants that escape their process group. A program that forks, calls
/// setsid and forks again leaves PassLab's kill of its group alive, and init
/// adopts it. While PassLab is the subreaper (PR_SET_CHILD_SUBREAPER) it
/// adopts such orphans instead and can kill them: where no PID namespace is
/// available, this is how the end of a test program ends all it started.
public enum OrphanReaper {
    /// Runs `body` with this process as the subreaper of its descendants
    /// (nested and concurrent calls share it; the last to end turns it off).
    /// Where the kernel refuses, `body` runs all the same, adopting nothing.
    public static func adopting<T>(_ body: () throws -> T) rethrows -> T {
        let adopting = passlab_subreaper_begin() == 0
        defer { if adopting { passlab_subreaper_end() } }
        return try body()
    }

    /// Whether this process is a subreaper now.
    public static var isAdopting: Bool { passlab_is_subreaper() == 1 }

    /// The environment entry that marks the programs whose descendants
    /// `killOrphans` ends (every descendant inherits it).
    public static let marker = (name: "PASSLAB_CONTAINED", value: "1")

    /// Kills and reaps every adopted orphan that descends from a program
    /// started with `marker` in its environment; returns how many. Children
    /// PassLab started itself, or a library started, are never touched.
    @discardableResult
    public static func killOrphans() -> Int { Int(passlab_kill_orphans("\(marker.name)=\(marker.value)")) }
}
