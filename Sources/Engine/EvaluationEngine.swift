import CProcess
import CodeSize
import Foundation
import Pipelines
import Support
import Toolchain
#if canImport(Glibc)
import Glibc
#endif

/// Settings of the worker pool.
public struct EngineConfiguration: Sendable {
    /// The `passlab` binary; workers run as `passlab worker`.
    public var workerExecutable: String
    /// Number of worker processes (default: one per core).
    public var jobs: Int
    /// Wall-clock limit of one evaluation; past it the worker is killed and
    /// the evaluation is `timedOut` (the paper's limit: 120 s). An evaluation
    /// whose worker was killed from outside runs once more, with the limit
    /// again.
    public var timeout: Double
    /// Each evaluation (or composition) in a process that has done nothing
    /// since it started but load its module. Some LLVM passes (the Attributor, gvn-sink) visit
    /// values in heap-address order, so a pipeline's output can depend on
    /// what its worker did before: the suffixes LLVM makes names unique
    /// with, at times the code. Workers run without address randomisation,
    /// so a worker with the same past gives the same bytes; this makes every
    /// past the same, and output a function of the module and the pipeline
    /// alone, however the work is spread over the workers. Datasets use it
    /// (the same inputs and seed give the same bytes with any `--jobs`); it
    /// costs a fork per evaluation (`WorkerServer.serveFresh`).
    public var freshWorkers = false

    /// Settings for `jobs` workers (at least 1) with a per-evaluation limit of
    /// `timeout` seconds. The default `workerExecutable` is this process, right
    /// only inside the `passlab` binary: another program must name a `passlab`
    /// executable.
    public init(
        workerExecutable: String = EngineConfiguration.currentExecutable,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        timeout: Double = 120
    ) {
        self.workerExecutable = workerExecutable
        self.jobs = max(1, jobs)
        self.timeout = timeout
    }

    /// This process's own executable (`/proc/self/exe`).
    public static var currentExecutable: String { PackageLocation.currentExecutable }
}

/// Runs evaluations in long-lived worker processes. In-process LLVM is far
/// faster than spawning opt/llc, but LLVM reports some errors by aborting the
/// process: a crash or hang here costs one evaluation, never the run.
///
/// Thread-safe. `evaluate` blocks; call it from your own thread or a Task
/// that may block (the engine uses GCD threads, not the cooperative pool).
public final class EvaluationEngine: @unchecked Sendable {
    /// The pool's settings, fixed at creation.
    public let configuration: EngineConfiguration
    private let lock = NSLock()
    private var sources: [String: (name: String, bytes: [UInt8])] = [:]
    private var slots: [WorkerSlot]
    private var freeSlots: [Int]
    private let slotAvailable = NSCondition()
    /// Set at the engine's first use, when every idle slot's worker starts
    /// (guarded by `slotAvailable`).
    private var startedIdleWorkers = false
    private let scratch: String
    private var nextID = 0

    /// Evaluations run, crashes and time-outs seen, workers started.
    public private(set) var statistics = Statistics()

    /// Counters since the engine was made, for reports and tests.
    public struct Statistics: Sendable {
        /// Evaluations and compositions run on a loaded module, whatever
        /// their outcome (a module that fails to load is not counted).
        public var evaluations = 0
        /// Evaluations whose worker died (`EvaluationOutcome.crashed`).
        public var crashes = 0
        /// Evaluations killed at the time-out (`EvaluationOutcome.timedOut`).
        public var timeouts = 0
        /// Worker processes spawned: one per slot at the engine's first use,
        /// plus one after each crash, time-out or kill.
        public var workersStarted = 0
        /// With `freshWorkers`: modules a worker dropped to load another.
        public var recycles = 0
        /// Modules parsed by a worker (a module is parsed once per worker that uses it, and again in a worker
        /// that replaced one).
        public var loads = 0
        /// Evaluations and module loads whose worker was killed by SIGKILL
        /// (the out-of-memory killer, a user) and that ran again in a fresh
        /// worker (counted once in `evaluations`).
        public var killedAndRetried = 0
    }

    /// An engine with `configuration.jobs` slots and its scratch directory
    /// (removed with the engine). Workers start lazily: all of them at the
    /// engine's first use (or at `startWorkers`), and a replacement at a
    /// slot's next use;
    /// throws only when the scratch directory cannot be made.
    public init(configuration: EngineConfiguration = EngineConfiguration()) throws {
        ignoreSIGPIPE()
        self.configuration = configuration
        scratch = try ScratchDirectory.create(purpose: "engine")
        slots = (0..<configuration.jobs).map { WorkerSlot(index: $0, stderrPath: "") }
        for index in slots.indices { slots[index].stderrPath = "\(scratch)/worker-\(index).stderr" }
        freeSlots = Array(slots.indices.reversed())
    }

    deinit {
        shutdown()
        ScratchDirectory.remove(scratch)
    }

    /// Registers a module (IR text or bitcode). Nothing is parsed yet: each
    /// worker parses it on first use and keeps it.
    public func register(ir bytes: [UInt8], name: String) -> ModuleHandle {
        lock.lock()
        defer { lock.unlock() }
        nextID += 1
        let id = "m\(nextID)"
        sources[id] = (name, bytes)
        return ModuleHandle(id: id, name: name)
    }

    /// Forgets a module in the engine and in every worker.
    public func unregister(_ handle: ModuleHandle) {
        lock.lock()
        sources[handle.id] = nil
        lock.unlock()
        for slot in slots { slot.forget(handle.id) }
    }

    /// The process IDs of the workers running now (slots not yet used, or
    /// whose worker died, have none): for diagnostics and tests.
    public var workerProcessIDs: [pid_t] { slots.compactMap(\.processID) }

    /// Parses the module in a worker and returns its instruction count and
    /// triple, or the parse failure. A worker killed by SIGKILL while parsing
    /// is replaced and the module parsed again once (see `run`).
    public func load(_ handle: ModuleHandle) -> Result<(instructionCount: Int, triple: String), WorkerFailure> {
        withSlot { slot in loadRetrying(handle, in: slot) }
    }

    /// `load` in every worker at once, each in its own slot, so that the
    /// first batch of evaluations finds the module parsed wherever it runs
    /// (`tune --budget 1` compiles -Oz and its pick side by side: the second
    /// worker parsed the module only when its compilation reached it). The
    /// first slot's answer (all of them parse the same bytes); a slot whose
    /// worker could not load it reports that again when it is used.
    public func loadEverywhere(
        _ handle: ModuleHandle
    ) -> Result<(instructionCount: Int, triple: String), WorkerFailure> {
        ParallelResults.compute(count: slots.count, width: slots.count) { index in
            self.withSlot(index) { slot in self.loadRetrying(handle, in: slot) }
        }[0]
    }

    private func loadRetrying(
        _ handle: ModuleHandle, in slot: WorkerSlot
    ) -> Result<(instructionCount: Int, triple: String), WorkerFailure> {
        var loaded = ensureLoaded(handle, in: slot)
        if case .failure(let stop) = loaded, Self.killedFromOutside(stop.outcome) {
            lock.withLock { statistics.killedAndRetried += 1 }
            loaded = ensureLoaded(handle, in: slot)
        }
        switch loaded {
        case .success(let info): return .success(info)
        case .failure(let stop):
            if case .failed(let workerFailure) = stop.outcome { return .failure(workerFailure) }
            return .failure(
                WorkerFailure(
                    kind: .malformedIR,
                    message: "\(handle.name): the worker died while parsing it: \(stop.outcome.label)"))
        }
    }

    /// Runs one evaluation.
    public func evaluate(_ job: EvaluationJob) -> EvaluationOutcome {
        withSlot { slot in self.run(job, in: slot) }
    }

    /// Runs many evaluations in parallel over the workers; results come back
    /// in the order of `jobs` (determinism: decide only on ordered results).
    public func evaluate(_ jobs: [EvaluationJob]) -> [EvaluationOutcome] {
        evaluate(jobs, startingBefore: nil).map { $0! }
    }

    /// The batch path with a deadline: a job not started by `deadline` is
    /// not run and comes back nil (jobs already running finish, each within
    /// the engine's time-out, twice that when its worker is killed from
    /// outside and it runs again). For a server that must answer a request in
    /// bounded time and still return what was measured.
    public func evaluate(_ jobs: [EvaluationJob], startingBefore deadline: Date?) -> [EvaluationOutcome?] {
        evaluate(jobs, startingWhile: { deadline.map { Date() < $0 } ?? true })
    }

    /// The batch path that can stop: a job is started only while `proceed`
    /// says so, and one not started comes back nil (jobs already running
    /// finish). Ctrl-C (`StopSignal`) and deadlines stop a batch this way.
    public func evaluate(
        _ jobs: [EvaluationJob], startingWhile proceed: @escaping @Sendable () -> Bool
    ) -> [EvaluationOutcome?] {
        guard jobs.count > 1 else { return jobs.map { proceed() ? evaluate($0) : nil } }
        let results = ParallelResults<EvaluationOutcome?>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: min(configuration.jobs, jobs.count)) { _ in
            while let index = results.claim() {
                results.store(proceed() ? evaluate(jobs[index]) : nil, at: index)
            }
        }
        return results.values
    }

    /// Per-function pass lists in one object (see `FunctionComposition`):
    /// measures `composition`, or, given none, the composition the worker
    /// chooses from `lists` (the base is the list whose object is smallest;
    /// each function goes to the list that compiled it smallest). Returns
    /// the outcome and the composition applied, which composes again to the
    /// same object (transplants LLVM refused are left out). The time-out is
    /// the engine's per list compiled. `objects`: the lists' objects when the
    /// caller has them already (`objects(_:lists:measurementProtocol:)`).
    public func compose(
        _ handle: ModuleHandle, lists: [Pipeline], composition: FunctionComposition? = nil,
        objects given: [MeasuredObject?]? = nil, measurementProtocol: MeasurementProtocol,
        outputs: OutputKinds = []
    ) -> (outcome: EvaluationOutcome, composition: FunctionComposition?) {
        // To choose, each list's function sizes first, on all workers at once; a worker that compiled
        // the list already answers from its memo. The composing worker then compiles none of them.
        // Lists that fail here are left out (the worker would leave them out too, after failing again).
        var lists = lists
        var measured: [MeasuredObject?]?
        if composition == nil, lists.count > 1 {
            let known = zip(lists, given ?? objects(handle, lists: lists, measurementProtocol: measurementProtocol))
                .compactMap { list, object in object.map { (list, $0) } }
            if !known.isEmpty {
                lists = known.map(\.0)
                measured = known.map(\.1)
            }
        }
        let request = WorkerRequest.compose(
            moduleID: handle.id, lists: composition?.lists ?? lists,
            functions: composition?.functions, measured: measured,
            measurementProtocol: measurementProtocol, outputs: outputs)
        let compiled = (composition?.lists.count ?? lists.count) + 1
        return withSlot { slot in
            run(request, module: handle, timeout: configuration.timeout * Double(compiled), in: slot)
        }
    }

    /// Each list's object size and function sizes on the module, on all
    /// workers at once (a worker that compiled a list already answers from
    /// its memo); nil for a list that did not compile.
    public func objects(
        _ handle: ModuleHandle, lists: [Pipeline], measurementProtocol: MeasurementProtocol
    )
        -> [MeasuredObject?]
    {
        let jobs = lists.map {
            EvaluationJob(
                module: handle, pipeline: $0, measurementProtocol: measurementProtocol, outputs: .functionSizes)
        }
        return evaluate(jobs).map(MeasuredObject.init)
    }

    /// Stops all workers (they are restarted on demand), all told to end before any is waited for.
    public func shutdown() {
        for slot in slots { slot.signalStop() }
        for slot in slots { slot.stop() }
    }

    /// Starts every worker now, so that they boot while the caller does
    /// other work (reads a predictor, opens a store) instead of at the
    /// engine's first use; does nothing once they have started. A worker
    /// that cannot start fails again, and is reported, when its slot is used.
    public func startWorkers() {
        slotAvailable.lock()
        let idle = takeIdleSlotsToStart()
        slotAvailable.unlock()
        start(idle)
    }

    // MARK: - Slots

    /// The first time only: every free slot, taken out of the free list
    /// while its worker starts (so no other thread uses it). Call with
    /// `slotAvailable` locked.
    private func takeIdleSlotsToStart() -> [Int] {
        guard !startedIdleWorkers else { return [] }
        startedIdleWorkers = true
        defer { freeSlots.removeAll() }
        return freeSlots
    }

    /// Starts the workers of `idle` (slots `takeIdleSlotsToStart` took) and
    /// frees the slots again.
    private func start(_ idle: [Int]) {
        guard !idle.isEmpty else { return }
        for other in idle {
            // A worker that cannot start here fails again, and is reported, when the slot is used.
            _ = try? worker(of: slots[other])
        }
        slotAvailable.lock()
        freeSlots.append(contentsOf: idle)
        slotAvailable.broadcast()
        slotAvailable.unlock()
    }

    /// Runs `body` on a free slot (any, or the one at `wanted`), waiting for one.
    private func withSlot<T>(_ wanted: Int? = nil, _ body: (WorkerSlot) -> T) -> T {
        slotAvailable.lock()
        func position() -> Int? { wanted.map { freeSlots.firstIndex(of: $0) } ?? freeSlots.indices.last }
        while position() == nil { slotAvailable.wait() }
        let index = freeSlots.remove(at: position()!)
        // The first use starts every idle slot's worker too, so that they
        // boot side by side (about a tenth of a second each) instead of one
        // after the other as work reaches them: `tune --budget 1` loads the
        // module in one worker, then compiles -Oz and the pick in two.
        let idle = takeIdleSlotsToStart()
        slotAvailable.unlock()
        start(idle)
        defer {
            slotAvailable.lock()
            freeSlots.append(index)
            // Every waiter: one waiting for another slot must not take the wake-up of one that can use this.
            slotAvailable.broadcast()
            slotAvailable.unlock()
        }
        let slot = slots[index]
        for id in slot.takeForgotten() {
            // A fresh worker keeps its module until the next load recycles it.
            if !configuration.freshWorkers { _ = exchange(.unload(moduleID: id), payload: [], in: slot) }
            slot.loaded[id] = nil
        }
        return body(slot)
    }

    /// Makes a fresh worker drop the module it holds (`WorkerServer.serveFresh`):
    /// its module's fork server ends, and the next load starts from the
    /// state every worker starts in. A worker that does not answer was
    /// reaped by `exchange`; the next use starts another.
    private func recycle(_ slot: WorkerSlot) {
        if slot.processID != nil, case .success((.recycled, _)) = exchange(.recycle, payload: [], in: slot) {
            lock.withLock { statistics.recycles += 1 }
        }
        slot.loaded = [:]
        slot.holdsModule = false
    }

    private func ensureLoaded(
        _ handle: ModuleHandle, in slot: WorkerSlot
    ) -> Result<(instructionCount: Int, triple: String), Stop> {
        if let info = slot.loaded[handle.id] { return .success(info) }
        // A fresh worker holds one module: another is loaded from the state it started in.
        if configuration.freshWorkers, slot.holdsModule { recycle(slot) }
        lock.lock()
        let source = sources[handle.id]
        lock.unlock()
        guard let source else {
            return .failure(
                Stop(.failed(WorkerFailure(kind: .unknownModule, message: "module \(handle.name) was unregistered"))))
        }
        let loaded = exchange(.load(moduleID: handle.id, name: source.name), payload: source.bytes, in: slot)
        // Set after the exchange, which may start the worker (a new one holds nothing).
        if slot.processID != nil { slot.holdsModule = configuration.freshWorkers }
        switch loaded {
        case .success(let (reply, _)):
            switch reply {
            case let .loaded(count, triple):
                slot.loaded[handle.id] = (count, triple)
                lock.withLock { statistics.loads += 1 }
                return .success((count, triple))
            case .failed(let failure):
                return .failure(Stop(.failed(failure)))
            default:
                return .failure(Stop(.failed(WorkerFailure(kind: .unknownModule, message: "unexpected reply to load"))))
            }
        case .failure(let stop):
            return .failure(stop)
        }
    }

    private func run(_ job: EvaluationJob, in slot: WorkerSlot) -> EvaluationOutcome {
        let request = WorkerRequest.evaluate(
            moduleID: job.module.id, pipeline: job.pipeline.text,
            measurementProtocol: job.measurementProtocol, outputs: job.outputs)
        return run(request, module: job.module, timeout: configuration.timeout, in: slot).outcome
    }

    /// Sends an evaluation or composition request for a loaded module and
    /// counts its outcome. A worker killed by SIGKILL did not crash: LLVM
    /// never raises it, the kernel's out-of-memory killer or a user does.
    /// The request runs once more in a fresh worker, so that memory pressure
    /// elsewhere on the machine is not recorded as a crash of the list; a
    /// second SIGKILL is reported as the crash it then looks like.
    private func run(
        _ request: WorkerRequest, module: ModuleHandle, timeout: Double,
        in slot: WorkerSlot
    ) -> (outcome: EvaluationOutcome, composition: FunctionComposition?) {
        var result = attempt(request, module: module, timeout: timeout, in: slot)
        if Self.killedFromOutside(result.outcome) {
            lock.withLock { statistics.killedAndRetried += 1 }
            let retry = attempt(request, module: module, timeout: timeout, in: slot)
            // A retry that never reached a worker (none could start, the module did not load) leaves the kill
            // as the outcome, which callers can tell from a property of the list.
            if retry.counts { result = retry }
        }
        guard result.counts else { return (result.outcome, nil) }
        lock.lock()
        statistics.evaluations += 1
        if case .crashed = result.outcome { statistics.crashes += 1 }
        if case .timedOut = result.outcome { statistics.timeouts += 1 }
        lock.unlock()
        return (result.outcome, result.composition)
    }

    /// A worker killed by SIGKILL while PassLab is not ending (its own exit
    /// and Ctrl-C cleanup kill every worker with SIGKILL: nothing is retried
    /// then).
    static func killedFromOutside(_ outcome: EvaluationOutcome) -> Bool {
        guard case .crashed(let report) = outcome, report.signal == SIGKILL else { return false }
        return passlab_cleanup_started() == 0
    }

    /// One try of `run`: loads the module if the worker lacks it, then sends
    /// the request. `counts` is false when the module could not be loaded.
    private func attempt(
        _ request: WorkerRequest, module: ModuleHandle, timeout: Double,
        in slot: WorkerSlot
    ) -> (outcome: EvaluationOutcome, composition: FunctionComposition?, counts: Bool) {
        if case .failure(let stop) = ensureLoaded(module, in: slot) { return (stop.outcome, nil, false) }
        var outcome: EvaluationOutcome
        var composition: FunctionComposition?
        switch exchange(request, payload: [], timeout: timeout, in: slot) {
        case .success(let (reply, payload)):
            switch reply {
            case .measured(let measurement): outcome = .measured(measurement, output: payload)
            case let .composed(measurement, applied):
                outcome = .measured(measurement, output: payload)
                composition = applied
            case .failed(let failure) where failure.kind == .brokenModule:
                outcome = .brokenModule(message: failure.message)
            case .failed(let failure): outcome = .failed(failure)
            default: outcome = .failed(WorkerFailure(kind: .unknownModule, message: "unexpected reply to evaluate"))
            }
        case .failure(let stop):
            outcome = stop.outcome
        }
        return (outcome, composition, true)
    }

    /// The slot's worker, started (and counted) when it has none.
    private func worker(of slot: WorkerSlot) throws -> SpawnedProcess {
        try slot.process(executable: configuration.workerExecutable, fresh: configuration.freshWorkers) {
            self.lock.withLock { self.statistics.workersStarted += 1 }
        }
    }

    /// Sends one request and waits for the reply, within the time-out. A
    /// dead or hung worker is reaped and its slot emptied for a fresh one.
    private func exchange(
        _ request: WorkerRequest, payload: [UInt8], timeout: Double? = nil,
        in slot: WorkerSlot
    ) -> Result<(WorkerReply, [UInt8]), Stop> {
        let timeout = timeout ?? configuration.timeout
        let started = Date()
        let process: SpawnedProcess
        do {
            process = try worker(of: slot)
        } catch {
            return .failure(Stop(.failed(WorkerFailure(kind: .unreadable, message: "cannot start worker: \(error)"))))
        }
        slot.clearStderr()
        let channel = FrameChannel(input: process.outputFD, output: process.inputFD ?? -1)
        do {
            try channel.send(request, payload: payload)
        } catch {
            return .failure(Stop(.crashed(slot.reap())))
        }
        var descriptor = pollfd(fd: process.outputFD, events: Int16(POLLIN), revents: 0)
        while true {
            let remaining = timeout - Date().timeIntervalSince(started)
            if remaining <= 0 {
                slot.kill()
                return .failure(Stop(.timedOut(seconds: timeout)))
            }
            let ready = poll(&descriptor, 1, Int32(min(remaining, 3600) * 1000) + 1)
            if ready < 0 && errno == EINTR { continue }
            if ready > 0 { break }
        }
        do {
            guard let (reply, output) = try channel.receive(WorkerReply.self) else {
                return .failure(Stop(.crashed(slot.reap())))
            }
            return .success((reply, output))
        } catch {
            return .failure(Stop(.crashed(slot.reap())))
        }
    }
}

/// A non-measurement outcome carried through `Result`'s failure side.
struct Stop: Error {
    let outcome: EvaluationOutcome
    init(_ outcome: EvaluationOutcome) { self.outcome = outcome }
}

extension MeasuredObject {
    /// The object of an evaluation asked for `OutputKinds.functionSizes`; nil when it has no size or no function sizes.
    public init?(_ outcome: EvaluationOutcome) {
        guard case .measured(let measurement, let bytes) = outcome,
            let functions = try? JSONDecoder().decode([String: Int].self, from: Data(bytes))
        else { return nil }
        self.init(binarySize: measurement.binarySize, functions: functions)
    }
}
