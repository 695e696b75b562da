#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Toolchain

/// A test program ready for validation: its unoptimized IR (the paper's
/// frontend) and how its reference build ran.
public struct PreparedProgram: Sendable {
    /// The program as source, with its flags and reference level.
    public var program: TestProgram
    /// Its unoptimized textual IR from clang-19's frontend: what every pass list is applied to.
    public var ir: [UInt8]
    /// How the reference build (the program at its `referenceLevel`) ran: the expected behaviour.
    public var reference: RunRecord
}

/// The part of validation that does not depend on the pass list, computed
/// once and kept on disk: the frontend IR of each program and the run of its
/// reference build (-O2 for HumanEval-X, -O0 for csmith). Each file is
/// written to a temporary name and renamed, so a killed run leaves only
/// whole entries; a directory's name carries the suite version and the
/// clang version, so a new suite or compiler never reads stale references.
public struct ReferenceCache: Sendable {
    /// Directory of one suite version under one compiler.
    public var directory: String
    /// The clang-19 and clang++-19 that build the IR and the reference executables.
    public var toolchain: Toolchain
    /// The sandbox and limits reference executables run under.
    public var sandbox: Sandbox

    /// What the cache holds for a program: a prepared program, or why no
    /// verdict is possible on it.
    public enum Entry: Sendable {
        /// The program's IR and a reference run that succeeded.
        case prepared(PreparedProgram)
        /// No verdict is possible on program `name` (a csmith program clang-19 cannot compile or whose
        /// reference failed); `reason` says which.
        case excluded(name: String, reason: String)
    }

    struct Stored: Codable {
        var reference: RunRecord?
        var excludedReason: String?
    }

    /// $PASSLAB_CACHE_DIR, else $XDG_CACHE_HOME/passlab, else ~/.cache/passlab.
    public static var defaultRoot: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["PASSLAB_CACHE_DIR"], !path.isEmpty { return path }
        if let path = environment["XDG_CACHE_HOME"], !path.isEmpty { return path + "/passlab" }
        return NSHomeDirectory() + "/.cache/passlab"
    }

    /// The program's IR and reference, from disk or made now. `excludeFailingReference`:
    /// csmith programs whose reference fails are excluded (remembered, except
    /// after a time-out, which may be the machine's load); a HumanEval-X
    /// reference that fails stops validation (nothing is cached).
    public func entry(for program: TestProgram, excludeFailingReference: Bool) throws -> Entry {
        let irPath = "\(directory)/\(program.fileStem).ll"
        let storedPath = "\(directory)/\(program.fileStem).reference.json"
        if let data = FileManager.default.contents(atPath: storedPath),
            let stored = try? JSONDecoder().decode(Stored.self, from: data)
        {
            if let reason = stored.excludedReason { return .excluded(name: program.name, reason: reason) }
            if let reference = stored.reference, let ir = FileManager.default.contents(atPath: irPath) {
                return .prepared(PreparedProgram(program: program, ir: [UInt8](ir), reference: reference))
            }
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let work = try ScratchDirectory.create(purpose: "reference")
        defer { ScratchDirectory.remove(work) }
        let source = "\(work)/\(program.fileStem).\(program.sourceExtension)"
        try program.source.write(toFile: source, atomically: true, encoding: .utf8)

        let entry: Entry
        let stored: Stored
        do {
            let invocation = FrontendInvocation(
                source: source, language: program.language, extraArguments: program.compileFlags)
            let ir = try Frontend.emitIR(invocation, toolchain: toolchain)
            let executable = "\(work)/reference"
            let compiler = program.language == .cxx ? toolchain.clangxx : toolchain.clang
            try Linker.run(
                compiler,
                [program.referenceLevel] + program.compileFlags + [source, "-o", executable, "-fuse-ld=lld"]
                    + program.linkFlags,
                what: "the reference build of \(program.name)")
            let reference = try sandbox.run(executable, scratchParent: work)
            if !reference.succeeded {
                let reason = "the \(program.referenceLevel) reference \(reference.terminationText)"
                // A suite whose own tests fail (or a machine too loaded to run
                // them) must not be cached as the truth.
                guard excludeFailingReference else {
                    throw PassListEvalError.suiteUnavailable(
                        "\(program.name): \(reason): \(reference.standardErrorTail.suffix(300)); nothing can be validated against it"
                    )
                }
                entry = .excluded(name: program.name, reason: reason)
                // A time-out may be this machine's load, not the program: excluded for this run only, tried
                // again next time. Any other failure is the program's own and is remembered.
                if reference.timedOut { return entry }
                stored = Stored(reference: nil, excludedReason: reason)
            } else {
                try Data(ir).write(to: URL(fileURLWithPath: irPath), options: .atomic)
                entry = .prepared(PreparedProgram(program: program, ir: ir, reference: reference))
                stored = Stored(reference: reference, excludedReason: nil)
            }
        } catch let error as FrontendError where excludeFailingReference {
            let reason = "clang-19 cannot compile it: \(error.description.prefix(300))"
            entry = .excluded(name: program.name, reason: reason)
            stored = Stored(reference: nil, excludedReason: reason)
        } catch let error as FrontendError {
            throw PassListEvalError.suiteUnavailable("\(program.name): \(error)")
        }
        try JSONEncoder().encode(stored).write(to: URL(fileURLWithPath: storedPath), options: .atomic)
        return entry
    }
}

/// Links (or compiles and links) with clang-19/clang++-19, bounded.
enum Linker {
    /// Runs the compiler driver; a failure is a `PassListEvalError.toolFailed`.
    static func run(_ compiler: String, _ arguments: [String], what: String, timeout: Double = 300) throws {
        if let failure = try attempt(compiler, arguments, timeout: timeout) {
            throw PassListEvalError.toolFailed("\(what) failed: \(failure)")
        }
    }

    /// Runs the compiler driver; returns the failure message, nil on success.
    static func attempt(_ compiler: String, _ arguments: [String], timeout: Double = 120) throws -> String? {
        let result = try ProcessRunner.run(ProcessRequest(compiler, arguments, timeout: timeout, outputLimit: 1 << 20))
        if result.timedOut { return "\((compiler as NSString).lastPathComponent) did not finish in \(Int(timeout)) s" }
        guard result.termination.succeeded else {
            let message = result.stderrText.split(separator: "\n").filter { $0.contains("error") }.prefix(3).joined(
                separator: "; ")
            return message.isEmpty
                ? "\((compiler as NSString).lastPathComponent): \(result.termination)" : String(message.prefix(600))
        }
        return nil
    }

    /// The first line of `tool --version` ("clang version 19.1.7 ..."),
    /// run in `workingDirectory` (csmith writes platform.info there).
    static func versionLine(_ tool: String, workingDirectory: String? = nil) throws -> String {
        let result = try ProcessRunner.run(
            ProcessRequest(tool, ["--version"], workingDirectory: workingDirectory, timeout: 30))
        return result.stdoutText.split(separator: "\n").first.map(String.init) ?? ""
    }
}

/// An exclusive advisory lock (flock) on a cache directory, held while
/// references are built; the kernel drops it if the process dies.
final class CacheLock {
    private var descriptor: Int32

    init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        descriptor = open(directory + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PassListEvalError.toolFailed(
                "\(directory)/.lock: cannot open the cache lock: \(String(cString: strerror(errno))); set PASSLAB_CACHE_DIR to a writable directory"
            )
        }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
