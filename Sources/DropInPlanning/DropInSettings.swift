#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `passlab cc`'s settings, all from the environment (a drop-in compiler
/// has no options of its own: every argument belongs to the compiler).
public struct DropInSettings: Sendable, Hashable {
    /// Pass lists compiled per translation unit besides the -Oz backup
    /// (PASSLAB_BUDGET). 0: only the backup, which reproduces clang-19's
    /// object byte for byte (a check of the machinery).
    public var budget: Int
    /// PASSLAB_OPTIMIZE=size: tune compiles at any -O level, with -Oz as the
    /// backup.
    public var optimizeForSize: Bool
    /// With two or more lists compiled, also try per-function pass lists
    /// composed from them (as `passlab compose` does); PASSLAB_PER_FUNCTION=0 turns
    /// it off.
    public var perFunction = true
    /// Where cc.sqlite and cc.log live (PASSLAB_CACHE_DIR, else
    /// $XDG_CACHE_HOME/passlab, else ~/.cache/passlab).
    public var cacheDirectory: String
    /// PASSLAB_VERBOSE=1: log lines go to standard error too.
    public var verbose: Bool
    /// PASSLAB_BUILD_ID: the build the compilations belong to (for --report).
    public var buildID: String?
    /// Seconds any one run PassLab adds (frontend, worker, lowering) may take
    /// (PASSLAB_CC_TIMEOUT); past it the compile falls back to clang-19.
    public var timeout: Double
    /// PASSLAB_DISABLE=1: every command goes straight to the compiler.
    public var disabled: Bool
    /// PASSLAB_CC_INJECT_FAULT=crash: passlab cc crashes as it starts a
    /// tuned compile (to test that a crash of its own gives the build clang's
    /// compile). Nothing else reads it.
    public var injectedFault: String?
    /// Values that could not be used, each naming the variable, the value
    /// and the fix. A compile with a problem falls back to clang-19 and logs
    /// it: a typo in the environment must not break (or silently change) a build.
    public var problems: [String]

    /// The default budget: one list per unit (the predictor's first pick,
    /// zero-shot, plus the -Oz backup). Each list costs about as much CPU as
    /// a compile (passes, then code generation), so on Lua 5.4 with make
    /// -j2 a cold build takes 2.4-3.0x plain clang-19 -Oz at budget 1 and
    /// 4-5x at 2 or 3 (README, "Smaller builds").
    public static let defaultBudget = 1
    /// Seconds per step when PASSLAB_CC_TIMEOUT is unset: 300.
    public static let defaultTimeout = 300.0

    /// `cc.sqlite` in `cacheDirectory`: the `BuildCache` of objects,
    /// compilations, links and notices that `--report` reads.
    public var databasePath: String { cacheDirectory + "/cc.sqlite" }
    /// `cc.log` in `cacheDirectory`: fallbacks, notes and problems, one line
    /// each.
    public var logPath: String { cacheDirectory + "/cc.log" }

    /// Settings given directly (tests, benchmarks): per-function composition
    /// on, no injected fault.
    public init(
        budget: Int = DropInSettings.defaultBudget, optimizeForSize: Bool = false, cacheDirectory: String,
        verbose: Bool = false,
        buildID: String? = nil, timeout: Double = DropInSettings.defaultTimeout, disabled: Bool = false,
        problems: [String] = []
    ) {
        self.budget = budget
        self.optimizeForSize = optimizeForSize
        self.cacheDirectory = cacheDirectory
        self.verbose = verbose
        self.buildID = buildID
        self.timeout = timeout
        self.disabled = disabled
        self.problems = problems
    }

    /// Reads the settings from `environment` (`home`: the fallback for the
    /// cache directory).
    public init(environment: [String: String], home: String = NSHomeDirectory()) {
        var problems: [String] = []
        func nonEmpty(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                return nil
            }
            return value
        }
        var budget = Self.defaultBudget
        if let text = nonEmpty("PASSLAB_BUDGET") {
            if let value = Int(text), value >= 0 {
                budget = value
            } else {
                problems.append(
                    "PASSLAB_BUDGET='\(text)' is not a whole number (0 or more); set it to e.g. \(Self.defaultBudget) or unset it"
                )
            }
        }
        var optimizeForSize = false
        if let text = nonEmpty("PASSLAB_OPTIMIZE") {
            if text == "size" {
                optimizeForSize = true
            } else {
                problems.append(
                    "PASSLAB_OPTIMIZE='\(text)' is not understood; the only value is 'size' (tune compiles at any -O level)"
                )
            }
        }
        var timeout = Self.defaultTimeout
        if let text = nonEmpty("PASSLAB_CC_TIMEOUT") {
            if let value = Double(text), value > 0 {
                timeout = value
            } else {
                problems.append(
                    "PASSLAB_CC_TIMEOUT='\(text)' is not a positive number of seconds; set it to e.g. 300 or unset it")
            }
        }
        let cacheDirectory =
            nonEmpty("PASSLAB_CACHE_DIR") ?? nonEmpty("XDG_CACHE_HOME").map { $0 + "/passlab" } ?? home
            + "/.cache/passlab"
        self.init(
            budget: budget, optimizeForSize: optimizeForSize, cacheDirectory: cacheDirectory,
            verbose: Self.isOn(environment["PASSLAB_VERBOSE"]), buildID: nonEmpty("PASSLAB_BUILD_ID"), timeout: timeout,
            disabled: Self.isOn(environment["PASSLAB_DISABLE"]), problems: problems)
        injectedFault = nonEmpty("PASSLAB_CC_INJECT_FAULT")
        if let text = nonEmpty("PASSLAB_PER_FUNCTION") {
            if ["0", "no", "false", "off"].contains(text.lowercased()) {
                perFunction = false
            } else if !Self.isOn(text) {
                self.problems.append(
                    "PASSLAB_PER_FUNCTION='\(text)' is not understood; set it to 0 (single lists only) or 1, or unset it"
                )
            }
        }
    }

    static func isOn(_ value: String?) -> Bool {
        guard let value = value?.lowercased() else { return false }
        return ["1", "yes", "true", "on"].contains(value)
    }
}

/// Appends lines to `cc.log` (one write per line, O_APPEND: lines of
/// concurrent compiles do not interleave) and, when verbose, to standard
/// error. Never to standard output, which belongs to the compiler.
public struct DropInLog: Sendable {
    /// The log file (`DropInSettings.logPath`); a missing directory is made
    /// when a line is written.
    public let path: String
    /// True: each line also goes to standard error, prefixed "passlab cc: ".
    public let verbose: Bool

    /// A log appending to `path`, echoed to standard error when `verbose`.
    public init(path: String, verbose: Bool) {
        self.path = path
        self.verbose = verbose
    }

    /// Appends `message` with an ISO 8601 time and the process id (continuation
    /// lines indented). Failures are ignored: logging never fails a compile.
    public func write(_ message: String) {
        let formatter = ISO8601DateFormatter()
        let line =
            "\(formatter.string(from: Date())) [\(getpid())] \(message.replacingOccurrences(of: "\n", with: "\n    "))\n"
        let bytes = Array(line.utf8)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        if descriptor >= 0 {
            _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
        }
        if verbose {
            FileHandle.standardError.write(Data("passlab cc: \(message)\n".utf8))
        }
    }
}
