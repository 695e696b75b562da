import CodeSize
import DropInPlanning
import Foundation
import Store
import Support
import Toolchain

/// `passlab cc`: a drop-in clang-19 that makes size-level objects smaller.
///
/// Plans each command (`CompilePlanner`); passes everything that is not a
/// size-level compile of one C/C++ file straight to the compiler (the
/// process becomes the compiler); tunes the rest (`TunedCompile`); and on
/// any failure of its own (crash of a list, time-out, a flag it cannot
/// honour, a full disk) runs the build's command as it was, so the build
/// gets exactly clang-19's object. Fallbacks go to cc.log; compilations to
/// cc.sqlite for `--report`.
public final class DropInCompiler {
    /// The settings read from the environment for this command.
    public let settings: DropInSettings
    /// The writer of `cc.log` (and of standard error when verbose).
    public let log: DropInLog
    /// Opened once, on first use, for the lookup and the record.
    lazy var cache: Result<BuildCache, BuildCache.Error> = {
        do {
            return .success(try BuildCache(path: settings.databasePath))
        } catch let error as BuildCache.Error {
            return .failure(error)
        } catch {
            return .failure(.cannotOpen(path: settings.databasePath, reason: "\(error)"))
        }
    }()

    /// A drop-in compiler for one command; the cache is opened on first use.
    public init(settings: DropInSettings) {
        self.settings = settings
        log = DropInLog(path: settings.logPath, verbose: settings.verbose)
    }

    /// Runs the command; returns the exit status for the build.
    public func run(_ invocation: CompilerInvocation) -> Int32 {
        let started = Date()
        if CompilePlanner.onlyRunsTheCompiler(invocation, settings: settings) { return passthrough(invocation) }
        if !invocation.compilerIsClang19 && CompilePlanner.namesInputs(invocation) { noteForeignCompiler(invocation) }
        switch CompilePlanner.plan(invocation, optimizeForSize: settings.optimizeForSize) {
        case .passthrough:
            if let step = CompilePlanner.link(invocation) { return link(invocation, step: step, started: started) }
            return passthrough(invocation)
        case .declined(let declined):
            return fallback(
                invocation, source: declined.source, output: declined.output, level: declined.level,
                reason: declined.reason,
                started: started)
        case .tune(let plan):
            guard settings.problems.isEmpty else {
                return fallback(
                    invocation, source: plan.source, output: plan.output, level: plan.level,
                    reason: DropInError.badSettings(settings.problems).description, started: started)
            }
            fallBackOnCrash(
                invocation, started: started,
                what: "tuning \(plan.output) (\(plan.source)); \(invocation.compiler) compiled it instead")
            do {
                try tune(plan, directory: invocation.workingDirectory, started: started)
                return 0
            } catch {
                return fallback(
                    invocation, source: plan.source, output: plan.output, level: plan.level, reason: error.description,
                    started: started)
            }
        case .build(let build):
            return self.build(invocation, build, started: started)
        }
    }

    /// From now on a crash of PassLab's own (a trap, a fault in LLVM while
    /// reading the IR) turns this process into the build's own command,
    /// logged as having happened while doing `what`.
    func fallBackOnCrash(_ invocation: CompilerInvocation, started: Date, what: String) {
        try? FileManager.default.createDirectory(atPath: settings.cacheDirectory, withIntermediateDirectories: true)
        AttachedProcess.replaceOnCrash(
            with: invocation.compiler, arguments: invocation.arguments, logPath: settings.logPath,
            message:
                "\(ISO8601DateFormatter().string(from: started)) [\(getpid())] passlab cc crashed while \(what); signal "
        )
    }

    /// Tunes one compile, records it (as `recordedOutput`, default the
    /// object's absolute path) and prints the compiler's warnings. Throws
    /// when the build must get clang-19's compile instead.
    func tune(
        _ plan: TunedCompilePlan, directory: String, started: Date, recordedOutput: String? = nil
    ) throws(DropInError) {
        let result = try TunedCompile(plan: plan, settings: settings, cache: cache).run()
        let name = recordedOutput ?? plan.output
        for note in result.notes { log.write("\(name): \(note)") }
        if settings.verbose {
            log.write("\(name): \(result.outcome.rawValue): " + result.timings.joined(separator: ", "))
        }
        record(
            CompilationRecord(
                startedAt: started, finishedAt: Date(), directory: directory,
                output: recordedOutput ?? absolute(plan.output, in: directory), source: plan.source,
                outcome: result.outcome,
                optimization: plan.level.rawValue, budget: settings.budget,
                referenceBinarySize: result.referenceBinarySize,
                binarySize: result.binarySize, pipeline: result.pipeline,
                seconds: Date().timeIntervalSince(started), fallbackReason: nil,
                cacheKey: result.cacheKey),
            objectPath: absolute(plan.output, in: directory))
        if !result.diagnostics.isEmpty { FileHandle.standardError.write(Data(result.diagnostics.utf8)) }
    }

    /// The process becomes the compiler.
    func passthrough(_ invocation: CompilerInvocation) -> Int32 {
        let code = AttachedProcess.replaceProcess(with: invocation.compiler, arguments: invocation.arguments)
        FileHandle.standardError.write(
            Data("passlab cc: cannot run \(invocation.compiler): \(String(cString: strerror(code)))\n".utf8))
        return 127
    }

    /// The build's own command, run as it was; the object it made is measured
    /// and the fallback recorded with its reason.
    func fallback(
        _ invocation: CompilerInvocation, source: String, output: String, level: SizeLevel, reason: String,
        started: Date
    ) -> Int32 {
        log.write("fallback to \(invocation.compiler) for \(output) (\(source)): \(reason)")
        guard let termination = runAsAsked(invocation) else { return 127 }
        let recorded = absolute(output, in: invocation.workingDirectory)
        recordFallback(
            directory: invocation.workingDirectory, output: recorded, object: termination.succeeded ? recorded : nil,
            source: source, level: level,
            reason: termination.succeeded
                ? reason : "\(reason); then \(invocation.compiler) itself failed (\(termination))", started: started)
        return AttachedProcess.exitStatus(termination)
    }

    /// Records a compile that clang-19 made as the build asked instead of a
    /// tuned one (`reason`: why), as `output`, with the size of `object`
    /// (nil: it made none).
    func recordFallback(
        directory: String, output: String, object: String?, source: String, level: SizeLevel, reason: String,
        started: Date
    ) {
        let size = object.flatMap { FileManager.default.contents(atPath: $0) }.flatMap {
            try? ELFObject.sizes(of: [UInt8]($0)).binarySize
        }
        record(
            CompilationRecord(
                startedAt: started, finishedAt: Date(), directory: directory, output: output, source: source,
                outcome: .fallback, optimization: level.rawValue, budget: settings.budget, referenceBinarySize: size,
                binarySize: size, pipeline: nil, seconds: Date().timeIntervalSince(started), fallbackReason: reason,
                cacheKey: nil),
            objectPath: object)
    }

    /// Records a compilation in its build, with the hash of the object it
    /// wrote (to find the object again in a linked product): the file
    /// `objectPath`, default the record's output.
    func record(_ compilation: CompilationRecord, objectPath: String? = nil) {
        var compilation = compilation
        compilation.buildDirectory = BuildDirectory.of(compilation.directory)
        if compilation.binarySize != nil,
            let data = FileManager.default.contents(atPath: objectPath ?? compilation.output)
        {
            compilation.objectHash = SHA256.hex([UInt8](data))
        }
        do {
            try cache.get().record(compilation, explicitBuildID: settings.buildID)
        } catch {
            log.write("could not record \(compilation.output): \(error)")
        }
    }

    /// Runs the build's own command with the caller's streams; nil (after
    /// saying why on standard error) when it cannot be started.
    func runAsAsked(_ invocation: CompilerInvocation) -> Termination? {
        do {
            return try AttachedProcess.run(invocation.compiler, arguments: invocation.arguments)
        } catch {
            FileHandle.standardError.write(Data("passlab cc: \(error)\n".utf8))
            return nil
        }
    }

    /// A link step: runs as the build asked, then the product is measured
    /// and recorded for `--report` (a failure to measure never changes the
    /// build's result).
    func link(_ invocation: CompilerInvocation, step: LinkStep, started: Date) -> Int32 {
        guard let termination = runAsAsked(invocation) else { return 127 }
        guard termination.succeeded else { return AttachedProcess.exitStatus(termination) }
        do {
            let cache = try cache.get()
            let product = try LinkMeasurement(step: step, invocation: invocation, cache: cache)
                .measure(started: started, buildDirectory: BuildDirectory.of(invocation.workingDirectory))
            try cache.record(product, explicitBuildID: settings.buildID)
        } catch {
            log.write("could not measure the linked \(step.output): \(error)")
        }
        return AttachedProcess.exitStatus(termination)
    }

    /// Says once per build, on standard error and in the report, that the
    /// build's compiler is not clang-19 (so nothing is tuned), with the fix.
    func noteForeignCompiler(_ invocation: CompilerInvocation) {
        let message = Self.foreignCompilerMessage(invocation.compiler)
        let notice = BuildNotice(
            buildDirectory: BuildDirectory.of(invocation.workingDirectory), kind: "compiler",
            message: message)
        var first = true
        do {
            first = try cache.get().note(notice, explicitBuildID: settings.buildID)
        } catch {
            // Without the cache it cannot be said once; it is said every time.
            log.write("could not note the compiler in the cache: \(error)")
        }
        if first {
            FileHandle.standardError.write(Data("passlab cc: warning: \(message)\n".utf8))
            log.write(message)
        }
    }

    static func foreignCompilerMessage(_ compiler: String) -> String {
        let cxx = (compiler as NSString).lastPathComponent.contains("++")
        let (language, clang, variable, dropIn) =
            cxx
            ? ("CXX", "clang++-19", "CXX", "passlab c++")
            : ("C", "clang-19", "CC", "passlab cc")
        return "\(compiler) is not clang-19, so passlab cc tunes nothing in this build: "
            + "every object is \(compiler)'s own. Fix: configure CMake with -DCMAKE_\(language)_COMPILER=\(clang) "
            + "(keeping CMAKE_\(language)_COMPILER_LAUNCHER=passlab), "
            + "or build with \(variable)=\(clang) under the launcher, or \(variable)=\"\(dropIn)\". "
            + "(Said once per build.)"
    }

    func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/")
            ? path : ((directory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}
