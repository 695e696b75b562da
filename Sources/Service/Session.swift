import CodeSize
import Engine
import Foundation
import Pipelines

/// A module registered with the engine for as long as anything refers to
/// it: sessions and their forks share these (the state they point at never
/// changes), and the last one to let go unregisters it from every worker.
final class RegisteredModule: @unchecked Sendable {
    let handle: ModuleHandle
    /// IR text or bitcode, as the workers were given it (a step's result is
    /// bitcode: it keeps use-list order, so sizes measured again are the same).
    let bytes: [UInt8]
    private let engine: EvaluationEngine

    init(bytes: [UInt8], name: String, engine: EvaluationEngine) {
        self.bytes = bytes
        self.engine = engine
        handle = engine.register(ir: bytes, name: name)
    }

    deinit {
        engine.unregister(handle)
    }
}

/// Where a session is: the module after the actions applied so far and its
/// measurement under the session's protocol. A value: fork copies it.
struct SessionState: Sendable {
    var module: RegisteredModule
    var measurement: SizeMeasurement
    /// Catalog indices applied since the initial state (steps given as
    /// pipeline text add none).
    var actions: [Int]
    /// The `opt -p` text of every step applied, in order.
    var pipelines: [Pipeline]
}

/// The -Oz and unoptimized sizes of a session's initial module: the
/// reference points of rewards.
struct Baselines: Sendable, Hashable {
    var oz: Int
    var unoptimized: Int

    /// Divisor of `rewardOz`: CompilerGym's ObjectTextSizeOz normalisation
    /// (what -Oz gains over no optimisation), or -Oz's size when -Oz gains
    /// nothing, so that the ratio is always defined.
    var ozScale: Double { Double(unoptimized != oz ? unoptimized - oz : max(oz, 1)) }
}

/// One CompilerGym-style session: an initial module, a current state that
/// steps replace (never mutate), and a lock so that concurrent HTTP requests
/// on one session apply in some order, each to the state the last one left.
final class Session: @unchecked Sendable {
    let id: String
    let name: String
    let measurementProtocol: MeasurementProtocol
    let initial: SessionState
    let baselines: Baselines
    private let lock = NSLock()
    private var current: SessionState

    init(
        id: String, name: String, measurementProtocol: MeasurementProtocol, initial: SessionState, baselines: Baselines,
        current: SessionState? = nil
    ) {
        self.id = id
        self.name = name
        self.measurementProtocol = measurementProtocol
        self.initial = initial
        self.baselines = baselines
        self.current = current ?? initial
    }

    /// Runs `body` with the current state, exclusively; it may return a new one.
    func withState<T>(_ body: (inout SessionState) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&current)
    }

    var state: SessionState { withState { $0 } }
}
