import Foundation
import Store

/// Outcomes by object: pass lists that differ only in passes that change
/// nothing give byte-identical objects, and an identical object linked by
/// the same clang-19 and compared with the same reference in the same
/// sandbox fares identically, so it is linked and run once. Keyed by the
/// object's SHA-256 (`ProgramOutcomeKey`): no collision to reason about.
///
/// With a store, outcomes persist across runs and processes (the
/// `programOutcome` table): validating a new list whose objects were
/// already run costs only the engine's compilations. Without one, they
/// live as long as the validator.
///
/// What is reused: `passed`, and failures that follow from the object
/// alone (`testFailed`, `diverged`, `crashed`, a link failure). Reusing a
/// failure can only reject a list, never ship one. A time-out may be the
/// machine's load rather than the object (a SIGKILL, e.g. from the OOM
/// killer, is classified a time-out too), so it is reused only once the
/// object timed out twice in a row, and only under a time limit no longer
/// than the one it timed out under; otherwise the program runs again. The
/// time limit is not part of the key: it decides only time-outs. Whatever
/// is reused, a list passes only if every program's result, run or
/// reused, is `passed`.
final class ObjectOutcomeMemo: @unchecked Sendable {
    /// What is known of one object.
    struct Known {
        var outcome: ProgramOutcome
        var detail: String
        /// Runs in a row that gave this outcome.
        var observations: Int
        /// The smallest wall-clock limit it ran under.
        var timeLimit: Double
    }

    let store: ResultStore?
    private let lock = NSLock()
    private var known: [ProgramOutcomeKey: Known] = [:]
    /// Outcomes not yet written to the store (`flush`).
    private var pending: [StoredProgramOutcome] = []
    /// Results reused instead of linked and run, since the validator began.
    private(set) var hits = 0

    init(store: ResultStore?) {
        self.store = store
    }

    /// Whether what is known may stand for a new run of the same object
    /// under `timeLimit`.
    static func isReusable(_ known: Known, timeLimit: Double) -> Bool {
        known.outcome != .timedOut || (known.observations >= 2 && known.timeLimit >= timeLimit)
    }

    /// The reusable outcome of exactly this object under exactly this key,
    /// from memory, else from the store. A store that cannot be read costs
    /// a run, never a wrong answer.
    func outcome(for key: ProgramOutcomeKey, timeLimit: Double) -> (outcome: ProgramOutcome, detail: String)? {
        lock.lock()
        var found = known[key]
        lock.unlock()
        if found == nil, let row = try? store?.programOutcome(key),
            let outcome = ProgramOutcome(rawValue: row.outcome)
        {
            let stored = Known(
                outcome: outcome, detail: row.detail, observations: row.observations,
                timeLimit: row.timeLimit)
            lock.lock()
            if known[key] == nil { known[key] = stored }
            found = known[key]
            lock.unlock()
        }
        guard let found, Self.isReusable(found, timeLimit: timeLimit) else { return nil }
        lock.lock()
        hits += 1
        lock.unlock()
        return (found.outcome, found.detail)
    }

    /// Remembers a fresh outcome (at once in memory, at the next `flush` in
    /// the store): the same outcome as before counts one more observation.
    func record(
        _ key: ProgramOutcomeKey, _ outcome: ProgramOutcome, _ detail: String, seconds: Double,
        timeLimit: Double
    ) {
        lock.lock()
        defer { lock.unlock() }
        var fresh = Known(outcome: outcome, detail: detail, observations: 1, timeLimit: timeLimit)
        if let earlier = known[key], earlier.outcome == outcome {
            fresh.observations += earlier.observations
            fresh.timeLimit = min(timeLimit, earlier.timeLimit)
        }
        known[key] = fresh
        if store != nil {
            pending.append(
                StoredProgramOutcome(
                    key: key, outcome: outcome.rawValue, detail: detail, seconds: seconds,
                    timeLimit: timeLimit))
        }
    }

    /// Writes the outcomes recorded since the last flush, in one transaction.
    func flush() throws {
        lock.lock()
        let rows = pending
        pending = []
        lock.unlock()
        try store?.record(outcomes: rows)
    }

    /// How often each program of `suite` failed in stored outcomes (empty
    /// without a store): the order in which a validation that stops at its
    /// first failure runs programs.
    func failureCounts(suite: String) -> [String: FailureCounts] {
        (try? store?.failureCounts(suite: suite)) ?? [:]
    }
}
