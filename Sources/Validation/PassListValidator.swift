import CodeSize
import Engine
import Foundation
import Pipelines
import Store
import Support
import Toolchain

/// What to validate against and how.
public struct ValidationConfiguration: Sendable {
    /// The HumanEval-X file (gzip JSON Lines); nil: no HumanEval-X programs.
    public var humanEvalPath: String?
    /// csmith programs with seeds 1...N (0: none).
    public var csmithCount: Int
    /// Programs built and run at once (the engine has its own worker count).
    public var jobs: Int
    /// Limits of every test program; each also gets at most 10x its
    /// reference's run time plus a second (see `minimumProgramSeconds`),
    /// so a miscompiled endless loop costs seconds.
    public var sandbox: Sandbox
    /// A test program runs for the larger of this and 10x its reference's
    /// run time plus a second (`Sandbox.limited(to:)` makes that a CPU
    /// limit, rounded up, plus one second, and a wall clock of three times it
    /// plus 10 s). At 1 s it never decides: every HumanEval-X program gets 3
    /// CPU seconds (its reference takes at most 0.05 s), so a miscompiled
    /// endless loop stops after 3 s instead of the 6 s of the floor of 5 s
    /// used before 2026-12-06 (`bench validation` sets that to compare).
    public var minimumProgramSeconds: Double = 1
    /// With `stopAtFirstFailure`, the programs still running when one fails
    /// are killed (their results are dropped: they count as skipped), so a
    /// failing list does not wait for an endless loop's time-out. False: they
    /// run to their end (`bench validation` compares).
    public var stopProgramsInFlight = true
    /// Root of the on-disk reference cache.
    public var cacheRoot: String
    /// Once any program fails, programs not yet started are not run: the
    /// verdict (failed) is final, the report partial (`stoppedEarly`,
    /// `skipped`). For callers that need only the verdict (tune and
    /// autotune winners); `passlab validate` gives the full report unless
    /// asked. Programs that failed most often in the store run first.
    public var stopAtFirstFailure: Bool
    /// Test-only hook: when set, the engine returns the optimized IR, the
    /// hook may rewrite it (nil: keep it) and llc-19 lowers it with the
    /// protocol's codegen level and relocation model. Verdicts made with a
    /// hook are never cached.
    public var mutateOptimizedIR: (@Sendable (_ program: String, _ ir: String) -> String?)?
    /// Link test programs through the clang-19 driver instead of replaying
    /// its linker command (see `LinkCommands`); `bench validation` compares.
    public var linkThroughDriver = false
    /// Only the first N HumanEval-X problems (nil: all): a quick check for
    /// an interactive client. Verdicts are keyed by a suite id that names the
    /// subset, so a subset's verdict never stands for the whole suite's.
    public var humanEvalProblemLimit: Int?

    /// A configuration with a `programTimeout`-second sandbox (see `Sandbox.init`); a negative
    /// `csmithCount` counts as 0 and `jobs` as at least 1.
    public init(
        humanEvalPath: String?, csmithCount: Int = 0, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        programTimeout: Double = 10, cacheRoot: String = ReferenceCache.defaultRoot,
        stopAtFirstFailure: Bool = false,
        mutateOptimizedIR: (@Sendable (_ program: String, _ ir: String) -> String?)? = nil
    ) {
        self.humanEvalPath = humanEvalPath
        self.csmithCount = max(0, csmithCount)
        self.jobs = max(1, jobs)
        self.sandbox = Sandbox(timeout: programTimeout)
        self.cacheRoot = cacheRoot
        self.stopAtFirstFailure = stopAtFirstFailure
        self.mutateOptimizedIR = mutateOptimizedIR
    }
}

/// PassListEval with differential testing: applies a pass list to every test
/// program through the engine (the very object PassLab measures), links it,
/// runs it in a sandbox and compares it with the program's reference build.
/// A pass list passes only if every program passes.
///
/// Thread-safe; `validate` blocks (run it on your own thread). References
/// are prepared on first use and cached on disk; programs stay registered
/// with the engine for the validator's lifetime.
public final class PassListValidator: @unchecked Sendable {
    /// The worker engine that optimizes and lowers every program (the same path measurements take).
    public let engine: EvaluationEngine
    /// The clang-19 and clang++-19 that build references and link test programs (llc-19 for the
    /// test-only IR hook).
    public let toolchain: Toolchain
    /// The suites, limits and parallelism, fixed for the validator's lifetime.
    public let configuration: ValidationConfiguration
    /// Where a validation shows how many programs ran (nil: silent).
    public var progress: ProgressReporter?
    /// Where verdicts and program outcomes are read and recorded; nil: nothing outlives the validator.
    public let store: ResultStore?
    private let lock = NSLock()
    private var suite: PreparedSuite?
    private let memo: ObjectOutcomeMemo
    private let linker: LinkCommands

    struct PreparedSuite {
        var id: String
        var programs: [SuiteProgram]
        var excluded: [String]
        var clangVersion: String
    }

    /// With a store, verdicts and program outcomes are read from and
    /// recorded in it, so they outlive the validator.
    public init(
        engine: EvaluationEngine, toolchain: Toolchain, configuration: ValidationConfiguration,
        store: ResultStore? = nil
    ) {
        self.engine = engine
        self.toolchain = toolchain
        self.configuration = configuration
        self.store = store
        memo = ObjectOutcomeMemo(store: configuration.mutateOptimizedIR == nil ? store : nil)
        linker = LinkCommands(throughDriver: configuration.linkThroughDriver)
    }

    deinit {
        for item in suite?.programs ?? [] { engine.unregister(item.handle) }
    }

    /// Program results reused because a list gave a byte-identical object
    /// to one already linked and run, here or in the store (see `ObjectOutcomeMemo`).
    public var reusedOutcomes: Int { memo.hits }

    /// The LLVM version verdicts are keyed by (the catalog's, checked
    /// against opt-19 by the catalog freshness test).
    public static let llvmVersion = PassCatalog.llvmVersion

    /// Builds (or reads from the cache) every program's IR and reference run.
    /// Returns the suite id verdicts are keyed by.
    @discardableResult
    public func prepare() throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let suite { return suite.id }
        let clangVersion = try Self.clangVersion(toolchain)
        var parts: [String] = []
        var work: [(cache: ReferenceCache, program: TestProgram, exclude: Bool, suite: String)] = []
        if let path = configuration.humanEvalPath {
            let loaded = try HumanEvalSuite.load(path: path)
            let digest = try Self.sha256(of: path).prefix(12)
            let part = "humaneval-x@\(digest)" + (configuration.humanEvalProblemLimit.map { "[first \($0)]" } ?? "")
            parts.append(part)
            let cache = ReferenceCache(
                directory: "\(configuration.cacheRoot)/validation/humaneval-x-\(digest)-clang\(clangVersion)",
                toolchain: toolchain, sandbox: configuration.sandbox)
            let programs =
                configuration.humanEvalProblemLimit.map { Array(loaded.testPrograms.prefix($0)) } ?? loaded.testPrograms
            work += programs.map { (cache, $0, false, part) }
        }
        if configuration.csmithCount > 0 {
            let version = try CsmithSuite.version()
            parts.append("csmith-\(version):\(configuration.csmithCount)")
            let directory = "\(configuration.cacheRoot)/validation/csmith-\(version)-clang\(clangVersion)"
            let cache = ReferenceCache(directory: directory, toolchain: toolchain, sandbox: configuration.sandbox)
            work += try CsmithSuite.programs(count: configuration.csmithCount, directory: directory)
                .map { (cache, $0, true, "csmith-\(version)") }
        }
        guard !work.isEmpty else {
            throw PassListEvalError.unsupported("nothing to validate on: give the HumanEval-X suite or --csmith N")
        }
        // One process builds references at a time; another (a parallel test,
        // autotune beside validate) waits and then reads them from disk.
        let lock = try CacheLock(directory: "\(configuration.cacheRoot)/validation")
        defer { lock.release() }
        let items = work
        let task = progress?.begin("reference builds (made once, then cached)", total: items.count, unit: "programs")
        let entries = ParallelResults<Result<ReferenceCache.Entry, Error>>.compute(
            count: items.count, width: configuration.jobs
        ) { index in
            defer { task?.advance(current: items[index].program.name) }
            return Result {
                try items[index].cache.entry(for: items[index].program, excludeFailingReference: items[index].exclude)
            }
        }
        var programs: [SuiteProgram] = []
        var excluded: [String] = []
        for (entry, item) in zip(entries, items) {
            switch try entry.get() {
            case .prepared(let prepared):
                let handle = engine.register(ir: prepared.ir, name: prepared.program.name)
                programs.append(SuiteProgram(prepared: prepared, handle: handle, suite: item.suite))
            case let .excluded(name, reason):
                excluded.append("\(name): \(reason)")
            }
        }
        let prepared = PreparedSuite(
            id: parts.joined(separator: "+"), programs: programs, excluded: excluded,
            clangVersion: clangVersion)
        suite = prepared
        return prepared.id
    }

    /// Validates one pass list (every name checked against the pass builder's names: an unknown one
    /// is `PassListEvalError.badPipeline`). A verdict in the store for the same pipeline, protocol, suite and
    /// LLVM version is returned as is (`cached`), except a partial one
    /// (stopped at its first failure) when this validator gives full
    /// reports: the list is then run again, its objects mostly reused.
    /// A new verdict is recorded, with every fresh program outcome.
    public func validate(pipeline: Pipeline, measurementProtocol: MeasurementProtocol) throws -> ValidationReport {
        let canonical = pipeline
        do {
            try PassCatalog.validate(pipeline)
        } catch {
            throw PassListEvalError.badPipeline(error.description)
        }
        guard measurementProtocol.triple.hasPrefix("x86_64"), measurementProtocol.triple.contains("linux") else {
            throw PassListEvalError.unsupported(
                "test programs must run here: the protocol's triple '\(measurementProtocol.triple)' is not this machine's (x86_64 Linux); validate with the default triple"
            )
        }
        let suite = try prepareSuite()
        let useStore = configuration.mutateOptimizedIR == nil ? store : nil
        if let useStore,
            let cached = try storedReport(
                useStore, pipeline: canonical,
                measurementProtocol: measurementProtocol, suite: suite.id)
        {
            return cached
        }
        let started = Date()
        let scratch = try ScratchDirectory.create(purpose: "validate")
        defer { ScratchDirectory.remove(scratch) }
        let run = ProgramTestRun(
            engine: engine, toolchain: toolchain, pipeline: canonical, measurementProtocol: measurementProtocol,
            sandbox: configuration.sandbox, mutate: configuration.mutateOptimizedIR, scratch: scratch,
            memo: memo, linker: linker, clangVersion: suite.clangVersion, llvmVersion: Self.llvmVersion,
            minimumSeconds: configuration.minimumProgramSeconds)
        let programs = suite.programs
        let order = runOrder(programs)
        let stopping = configuration.stopAtFirstFailure
        let failed = FailureFlag()
        let hasFailed: (@Sendable () -> Bool)? = { failed.isSet }
        let cancel = stopping && configuration.stopProgramsInFlight ? hasFailed : nil
        let task = progress?.begin(
            "validate \(PassCatalog.displayName(of: canonical.text))", total: programs.count, unit: "programs")
        // Each thread runs the engine compilation, the link and the run of
        // one program: width jobs*2 keeps the engine's `jobs` workers busy
        // while other threads link or wait on a test program.
        let width = configuration.jobs * 2
        let ran = ParallelResults<ProgramResult?>.compute(count: programs.count, width: width) { position in
            let item = programs[order[position]]
            if stopping, failed.isSet { return nil }
            guard let result = run.test(item, cancelled: cancel) else { return nil }
            if result.outcome != .passed { failed.set() }
            task?.advance(current: item.prepared.program.name)
            return result
        }
        var bySuiteOrder = [ProgramResult?](repeating: nil, count: programs.count)
        for (position, result) in ran.enumerated() { bySuiteOrder[order[position]] = result }
        let results = bySuiteOrder.compactMap { $0 }
        let skipped = zip(bySuiteOrder, programs).filter { $0.0 == nil }.map { $0.1.prepared.program.name }
        let report = ValidationReport(
            pipeline: canonical, measurementProtocol: measurementProtocol, suite: suite.id,
            llvmVersion: Self.llvmVersion, results: results, excluded: suite.excluded,
            skipped: skipped,
            seconds: Date().timeIntervalSince(started))
        if let useStore {
            try memo.flush()
            let encoder = JSONEncoder()
            try useStore.record(
                StoredVerdict(
                    pipeline: canonical, protocolKey: report.measurementProtocol, suite: suite.id,
                    llvmVersion: Self.llvmVersion, passed: report.passed, programs: report.programs,
                    failures: report.failures.count,
                    resultsJSON: String(decoding: try encoder.encode(results), as: UTF8.self),
                    excludedJSON: String(decoding: try encoder.encode(suite.excluded), as: UTF8.self),
                    skippedJSON: String(decoding: try encoder.encode(skipped), as: UTF8.self),
                    seconds: report.seconds))
        }
        return report
    }

    /// The stored verdict as a report, or nil when there is none usable: a
    /// partial verdict answers only a validator that stops early itself.
    private func storedReport(
        _ store: ResultStore, pipeline: Pipeline, measurementProtocol: MeasurementProtocol,
        suite: String
    ) throws -> ValidationReport? {
        guard
            let stored = try store.verdict(
                pipeline: pipeline, protocolKey: measurementProtocol.storeKey,
                suite: suite, llvmVersion: Self.llvmVersion),
            let results = try? JSONDecoder().decode([ProgramResult].self, from: Data(stored.resultsJSON.utf8)),
            let skipped = try? JSONDecoder().decode([String].self, from: Data(stored.skippedJSON.utf8))
        else {
            return nil
        }
        if !skipped.isEmpty && !configuration.stopAtFirstFailure { return nil }
        let excluded = (try? JSONDecoder().decode([String].self, from: Data(stored.excludedJSON.utf8))) ?? []
        return ValidationReport(
            pipeline: pipeline, measurementProtocol: measurementProtocol, suite: suite,
            llvmVersion: Self.llvmVersion, results: results, excluded: excluded, skipped: skipped,
            seconds: stored.seconds, cached: true)
    }

    /// Indices of `programs` in the order they are started: suite order,
    /// or, when stopping at the first failure, the programs that failed
    /// most often in stored outcomes first (a failing list then stops
    /// after a handful of programs instead of a random share of 164), those
    /// that crashed or failed a test before those that timed out (a
    /// time-out takes the whole limit to show; a stopped run kills the
    /// programs in flight unless `stopProgramsInFlight` is off).
    private func runOrder(_ programs: [SuiteProgram]) -> [Int] {
        guard configuration.stopAtFirstFailure else { return Array(programs.indices) }
        var counts: [String: [String: FailureCounts]] = [:]
        for suite in Set(programs.map(\.suite)) { counts[suite] = memo.failureCounts(suite: suite) }
        let none = FailureCounts(failures: 0, timeouts: 0)
        let known = programs.map { counts[$0.suite]?[$0.prepared.program.name] ?? none }
        return programs.indices.sorted {
            (-known[$0].failures, -known[$0].timeouts, $0) < (-known[$1].failures, -known[$1].timeouts, $1)
        }
    }

    /// Validates several lists one after another (each uses every core).
    public func validate(pipelines: [Pipeline], measurementProtocol: MeasurementProtocol) throws -> [ValidationReport] {
        try pipelines.map { try validate(pipeline: $0, measurementProtocol: measurementProtocol) }
    }

    private func prepareSuite() throws -> PreparedSuite {
        try prepare()
        lock.lock()
        defer { lock.unlock() }
        return suite!
    }

    /// Set once by any thread, read by all: a program failed.
    private final class FailureFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false

        var isSet: Bool {
            lock.lock()
            defer { lock.unlock() }
            return value
        }

        func set() {
            lock.lock()
            value = true
            lock.unlock()
        }
    }

    /// "Debian clang version 19.1.7 (3+b1)" -> "19.1.7".
    static func clangVersion(_ toolchain: Toolchain) throws -> String {
        let words = try Linker.versionLine(toolchain.clang).split(separator: " ")
        guard let index = words.firstIndex(of: "version"), index + 1 < words.count else {
            throw PassListEvalError.toolFailed("cannot read the version of \(toolchain.clang)")
        }
        return String(words[index + 1])
    }

    /// The suite file's SHA-256.
    static func sha256(of path: String) throws -> String {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw PassListEvalError.suiteUnavailable("\(path): cannot read the suite file to hash it")
        }
        return SHA256.hex(Array(bytes))
    }
}
