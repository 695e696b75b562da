import CProcess

/// Descendants that escape their process group. A program that forks, calls
/// setsid and forks again leaves PassLab's kill of its group alive, and init
/// adopts it. As the subreaper (PR_SET_CHILD_SUBREAPER) PassLab adopts such
/// orphans instead and can kill them: where no PID namespace is available,
/// this is how the end of a test program ends all it started.
public enum OrphanReaper {
    private static let subreaper: Bool = passlab_become_subreaper() == 0

    /// Makes this process the subreaper of its descendants (once); false
    /// when the kernel refused.
    @discardableResult
    public static func adoptOrphans() -> Bool { subreaper }

    /// The environment entry that marks the programs whose descendants
    /// `killOrphans` ends (every descendant inherits it).
    public static let marker = (name: "PASSLAB_CONTAINED", value: "1")

    /// Kills and reaps every adopted orphan that descends from a program
    /// started with `marker` in its environment; returns how many. Children
    /// PassLab started itself, or a library started, are never touched.
    @discardableResult
    public static func killOrphans() -> Int { Int(passlab_kill_orphans("\(marker.name)=\(marker.value)")) }
}
