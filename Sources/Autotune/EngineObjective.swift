import CodeSize
import Engine
import Foundation
import Pipelines
import Search
import Store
import Toolchain

/// The adapter between search (which knows pass indices and costs) and the
/// real compiler: a pass list becomes the concatenation of catalog entries,
/// is evaluated by the engine, and its binary size is the cost.
///
/// Every evaluation is recorded in the store as it completes, and evaluations
/// already stored (a resumed run, another run on the same program) are read
/// back instead of compiled again: `compilations` counts only real ones.
public final class EngineObjective: FunctionSizeObjective, @unchecked Sendable {
    /// Number of `catalog` entries: valid pass indices are `0..<passCount`.
    public let passCount: Int
    /// The catalog pass indices refer to (`PassCatalog.entries` by default): index i stands for `catalog[i].pipeline`.
    public let catalog: [CatalogEntry]
    /// How every pipeline's binary size is measured, and the protocol its sizes are stored and read back under.
    public let measurementProtocol: MeasurementProtocol
    let engine: EvaluationEngine
    let handle: ModuleHandle
    let store: ResultStore?
    let program: StoredProgram?
    let run: StoredRun?
    /// Each catalog entry's top-level elements, parsed once: a list's pipeline is their concatenation.
    private let catalogElements: [[Pipeline.Element]]
    private let lock = NSLock()
    private var cache: [Pipeline: Int?]
    /// Why a pipeline has no size ("timed out after 120 s", LLVM's message...).
    private var failures: [Pipeline: String] = [:]
    /// Pipelines this objective compiled (sizes read back from the store or its cache, and evaluations killed from
    /// outside, are not counted).
    public private(set) var compilations = 0
    /// Of `compilations`, those whose worker crashed or whose pipeline left a broken module (`brokenModule`).
    public private(set) var crashes = 0
    /// Of `compilations`, those that ran past the engine's time limit (`EngineConfiguration.timeout`).
    public private(set) var timeouts = 0
    /// When set and requested, nothing new is compiled: lists not yet known
    /// cost nil and are not stored, so a resumed run evaluates them then.
    public var stop: StopSignal?

    /// Set before evaluating: each list compiled keeps its function sizes too
    /// (`objects(of:)`), for a per-function composition.
    public var keepsObjects = false
    private var objects: [Pipeline: MeasuredObject] = [:]
    /// Set before evaluating (and not with `keepsObjects`): each list
    /// compiled keeps this output of its compilation too (the optimized IR,
    /// the object: `artifact(of:)`), so that a caller writes the winner
    /// without compiling it again. Not the empty list's: the unoptimized
    /// reference is measured, not shipped.
    public var keptOutputs: OutputKinds = []
    private var artifacts: [Pipeline: [UInt8]] = [:]

    /// Search strategies end at once when this is set (see `Objective`).
    public var isStopped: Bool { stop?.isRequested == true }
    /// Called after each batch with the number of lists it held (compiled or
    /// read back), for progress displays.
    public var onBatch: (@Sendable (Int) -> Void)?

    /// An objective for the registered module `handle`. With `store` and `program` it first reads back every size (and
    /// failure) stored for the program under the protocol, and records each new evaluation there under `run`; throws
    /// when the store cannot be read, or when a catalog entry's text is not a pipeline.
    public init(
        engine: EvaluationEngine, handle: ModuleHandle, measurementProtocol: MeasurementProtocol,
        catalog: [CatalogEntry] = PassCatalog.entries, store: ResultStore? = nil, program: StoredProgram? = nil,
        run: StoredRun? = nil
    ) throws {
        self.engine = engine
        self.handle = handle
        self.measurementProtocol = measurementProtocol
        self.catalog = catalog
        self.store = store
        self.program = program
        self.run = run
        passCount = catalog.count
        catalogElements = try catalog.map { try PassCatalog.pipeline(of: $0).elements }
        var cache: [Pipeline: Int?] = [:]
        if let store, let program {
            for (pipeline, stored) in try store.measurements(of: program, measurementProtocol: measurementProtocol) {
                cache[pipeline] = stored.outcome == .measured ? stored.binarySize : nil
                if stored.outcome != .measured { failures[pipeline] = stored.detail }
            }
        }
        self.cache = cache
    }

    /// Why `pipeline` was evaluated without a size, if it was.
    public func failure(of pipeline: Pipeline) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return failures[pipeline]
    }

    /// The pipeline of a pass list: its catalog entries in order.
    public func pipeline(for list: PassList) -> Pipeline {
        Pipeline(elements: list.flatMap { catalogElements[$0] })
    }

    /// Sizes of arbitrary pipelines (the -Oz reference, broadcast lists...),
    /// through the same cache and store.
    public func cost(ofPipelines texts: [Pipeline]) -> [Int?] {
        lock.lock()
        var seen = Set<Pipeline>()
        let missing = texts.filter { cache[$0] == nil && seen.insert($0).inserted }
        lock.unlock()
        defer { onBatch?(texts.count) }
        if stop?.isRequested == true {
            lock.lock()
            defer { lock.unlock() }
            return texts.map { cache[$0] ?? nil }
        }
        if !missing.isEmpty {
            let started = Date()
            // Ctrl-C stops a large batch (the picks of a huge budget) after the compilations in flight.
            let stop = self.stop
            let outcomes = engine.evaluate(
                missing.map {
                    EvaluationJob(
                        module: handle, pipeline: $0, measurementProtocol: measurementProtocol,
                        outputs: keepsObjects ? .functionSizes : $0 == .empty ? [] : keptOutputs)
                }, startingWhile: { stop?.isRequested != true })
            let seconds = Date().timeIntervalSince(started) / Double(max(1, outcomes.compactMap { $0 }.count))
            var records: [MeasurementRecord] = []
            lock.lock()
            for (text, outcome) in zip(missing, outcomes) {
                // Not started (a stop) or killed from outside: no verdict, neither cached nor stored.
                guard let outcome, !Self.killedFromOutside(outcome) else { continue }
                compilations += 1
                cache[text] = .some(outcome.measurement?.binarySize)
                if keepsObjects { objects[text] = MeasuredObject(outcome) }
                if !keepsObjects, !keptOutputs.isEmpty, text != .empty, case .measured(_, let output) = outcome {
                    artifacts[text] = output
                }
                let (kind, detail): (StoredOutcome, String) =
                    switch outcome {
                    case .measured: (.measured, "")
                    case .failed(let failure): (.failed, failure.message)
                    case .crashed(let report): (.crashed, report.description)
                    case .timedOut(let limit): (.timedOut, "timed out after \(Int(limit)) s")
                    case .brokenModule(let message): (.brokenModule, message)
                    }
                if kind == .crashed || kind == .brokenModule { crashes += 1 }
                if kind != .measured { failures[text] = detail }
                if kind == .timedOut { timeouts += 1 }
                records.append(
                    MeasurementRecord(
                        pipeline: text, measurementProtocol: measurementProtocol,
                        llvmVersion: outcome.measurement?.llvmVersion ?? PassCatalog.llvmVersion,
                        outcome: kind, detail: detail, sizes: outcome.measurement, seconds: seconds))
            }
            lock.unlock()
            if let store, let program {
                // A failed write must not lose the search; it is reported by the next open.
                try? store.record(records, program: program, run: run)
            }
        }
        lock.lock()
        defer { lock.unlock() }
        return texts.map { cache[$0] ?? nil }
    }

    /// The size of `pipeline` if it is known without compiling (measured by
    /// this objective or read back from the store), else nil.
    public func knownCost(of pipeline: Pipeline) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        return cache[pipeline] ?? nil
    }

    /// Each pipeline's object size and function sizes: kept from this
    /// objective's compilations (`keepsObjects`), else from the engine (a
    /// worker's memo, or a compilation); nil for one that does not compile.
    public func objects(of pipelines: [Pipeline]) -> [MeasuredObject?] {
        lock.lock()
        var found = pipelines.map { objects[$0] }
        lock.unlock()
        let missing = pipelines.indices.filter { found[$0] == nil }
        guard !missing.isEmpty, stop?.isRequested != true else { return found }
        let fetched = engine.objects(
            handle, lists: missing.map { pipelines[$0] }, measurementProtocol: measurementProtocol)
        for (index, object) in zip(missing, fetched) { found[index] = object }
        return found
    }

    /// The output (`keptOutputs`) of the compilation that measured `pipeline`,
    /// if this objective compiled it with `keptOutputs` set; nil for a size
    /// read back from the store.
    public func artifact(of pipeline: Pipeline) -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        return artifacts[pipeline]
    }

    /// The function sizes of a list this objective compiled with `keepsObjects` set.
    public func functionSizes(of list: PassList) -> [String: Int]? {
        let pipeline = pipeline(for: list)
        lock.lock()
        defer { lock.unlock() }
        return objects[pipeline]?.functions
    }

    /// A worker killed by a signal LLVM never raises itself: the scheduler's
    /// SIGTERM to every process of a cancelled or preempted job, SIGKILL,
    /// Ctrl-C. That is no verdict on the pipeline, so it is neither cached
    /// nor stored: the resumed run evaluates it again (an evaluation in
    /// flight is lost, never recorded as a crash).
    static func killedFromOutside(_ outcome: EvaluationOutcome) -> Bool {
        guard case .crashed(let report) = outcome, let signal = report.signal else { return false }
        return [SIGTERM, SIGKILL, SIGINT, SIGHUP].contains(signal)
    }

    /// Costs of `lists` as catalog pipelines (`pipeline(for:)`, then `cost(ofPipelines:)`): bytes of Berkeley text +
    /// data, `nil` for a list that failed or that a stop left uncompiled.
    public func evaluate(_ lists: [PassList]) -> [Int?] {
        cost(ofPipelines: lists.map(pipeline(for:)))
    }
}
