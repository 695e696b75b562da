import Foundation

/// Progress of long work on standard error, for people and for logs.
///
/// On a terminal the status line is redrawn in place; otherwise (a log, a CI
/// job) it is printed as a line of its own at most once per `interval`
/// (30 s by default, `$PASSLAB_PROGRESS_INTERVAL` seconds when set, so a
/// test need not wait), plus once when a counted task starts and when it
/// finishes. `line`
/// prints a finished step above the status. Counted tasks (`begin`, then
/// `ProgressTask.advance`) get a bar, "done/total", what is running and an
/// ETA; callers with their own status text (autotune) use `status`.
public final class ProgressReporter: @unchecked Sendable {
    /// The environment variable that overrides the log interval (seconds, 0: every update).
    public static let intervalVariable = "PASSLAB_PROGRESS_INTERVAL"

    /// 30 s, or `$PASSLAB_PROGRESS_INTERVAL` when it holds a number >= 0.
    public static var defaultInterval: Double {
        ProcessInfo.processInfo.environment[intervalVariable].flatMap(Double.init).flatMap { $0 >= 0 ? $0 : nil } ?? 30
    }

    /// True: the status line is redrawn in place (carriage return and erase);
    /// false: printed as log lines, at most once per `interval`.
    public let terminal: Bool
    /// Seconds between status lines in a log (not on a terminal); 0: every
    /// update.
    public let interval: Double
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var lastLogged = Date.distantPast
    private var showing = false

    /// A reporter for standard error: `terminal` when it is a TTY, the default
    /// interval, and `write` (tests capture it) printing to standard error.
    public init(
        terminal: Bool = isatty(STDERR_FILENO) == 1, interval: Double = ProgressReporter.defaultInterval,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.terminal = terminal
        self.interval = interval
        self.write = write
    }

    /// Starts a counted task: `name` says what runs ("validate clang -Oz"),
    /// `total` counts its `unit`s ("programs"). Tasks may nest (a tune
    /// validates a list): the status shows the task that moved last.
    public func begin(_ name: String, total: Int, unit: String) -> ProgressTask {
        let task = ProgressTask(reporter: self, name: name, total: total, unit: unit)
        status(task.statusText(), force: true)
        return task
    }

    /// Shows `text` as the status: redrawn on a terminal, a log line when
    /// the interval has passed (or `force`).
    public func status(_ text: String, force: Bool = false) {
        lock.lock()
        defer { lock.unlock() }
        if terminal {
            write("\r\u{1B}[K\(text)")
            showing = true
        } else if force || Date().timeIntervalSince(lastLogged) >= interval {
            lastLogged = Date()
            write(text + "\n")
        }
    }

    /// Prints `text` on a line of its own above the status (clears the status when empty).
    public func line(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        if showing {
            write("\r\u{1B}[K")
            showing = false
        }
        if !text.isEmpty { write(text + "\n") }
    }

    /// A text bar of `width` cells, `fraction` (0...1) of them filled.
    public static func bar(_ fraction: Double, width: Int = 24) -> String {
        let filled = max(0, min(width, Int((fraction * Double(width)).rounded(.down))))
        return String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    }

    /// "41 s", "6 min", "1.5 h".
    public static func duration(_ seconds: Double) -> String {
        if seconds < 90 { return "\(Int(seconds)) s" }
        if seconds < 5400 { return "\(Int(seconds / 60)) min" }
        return String(format: "%.1f h", seconds / 3600)
    }
}

/// One counted task of a `ProgressReporter`: how many of how many done,
/// what runs now, and the ETA at the pace so far.
public final class ProgressTask: @unchecked Sendable {
    private let reporter: ProgressReporter
    /// What runs, shown before the count ("validate clang -Oz").
    public let name: String
    /// How many units make the task complete (negative totals count as 0).
    public let total: Int
    /// The plural noun of what is counted ("programs"), shown after
    /// "done/total".
    public let unit: String
    private let started = Date()
    private let lock = NSLock()
    private var done = 0
    private var current = ""

    init(reporter: ProgressReporter, name: String, total: Int, unit: String) {
        self.reporter = reporter
        self.name = name
        self.total = max(0, total)
        self.unit = unit
    }

    /// `count` more units are done; `current` says what ran (a program's
    /// name). The last unit is logged even between intervals.
    public func advance(by count: Int = 1, current: String? = nil) {
        lock.lock()
        done += count
        if let current { self.current = current }
        let finished = total > 0 && done >= total
        lock.unlock()
        reporter.status(statusText(), force: finished)
    }

    /// `[#####...] validate clang -Oz: 12/164 programs | HumanEval/11 | 41 s, ETA 6 min`.
    func statusText() -> String {
        lock.lock()
        defer { lock.unlock() }
        let shown = min(done, total)
        let elapsed = Date().timeIntervalSince(started)
        let fraction = total > 0 ? Double(shown) / Double(total) : 0
        let eta: Double? =
            shown >= total && total > 0
            ? 0
            : shown > 0 ? elapsed / Double(shown) * Double(total - shown) : nil
        let now = current.isEmpty ? "" : " | " + (current.count > 40 ? "..." + current.suffix(37) : current)
        let label = name.count > 48 ? name.prefix(45) + "..." : name
        return "[\(ProgressReporter.bar(fraction))] \(label): \(shown)/\(total) \(unit)\(now) | "
            + "\(ProgressReporter.duration(elapsed)), ETA \(eta.map(ProgressReporter.duration) ?? "?")"
    }
}
