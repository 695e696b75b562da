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
/// failure can only reject a list, never ship one. A time-out is recorded
/// (it counts when ordering likely failures first) but never reused: it
/// may be the machine's load rather than the object, so the program is run
/// again. (A SIGKILL, e.g. from the OOM killer, is classified a time-out.)
/// The time limit is not part of the key for that reason: it decides only
/// time-outs. Whatever is reused, a list passes only if every program's
/// result, run or reused, is `passed`.
final class ObjectOutcomeMemo: @unchecked Sendable {
    let store: ResultStore?
    private let lock = NSLock()
    private var outcomes: [ProgramOutcomeKey: (outcome: ProgramOutcome, detail: String)] = [:]
    /// Outcomes not yet written to the store (`flush`).
    private var pending: [StoredProgramOutcome] = []
    /// Results reused instead of linked and run, since the validator began.
    private(set) var hits = 0

    init(store: ResultStore?) {
        self.store = store
    }

    /// Whether a recorded outcome may stand for a new run of the same object.
    static func isReusable(_ outcome: ProgramOutcome) -> Bool {
        outcome != .timedOut
    }

    /// The reusable outcome of exactly this object under exactly this key:
    /// from memory, else from the store. A store that cannot be read costs
    /// a run, never a wrong answer.
    func outcome(for key: ProgramOutcomeKey) -> (outcome: ProgramOutcome, detail: String)? {
        lock.lock()
        if let found = outcomes[key] {
            hits += 1
            lock.unlock()
            return found
        }
        lock.unlock()
        guard let row = try? store?.programOutcome(key), let outcome = ProgramOutcome(rawValue: row.outcome),
              Self.isReusable(outcome) else { return nil }
        lock.lock()
        defer { lock.unlock() }
        outcomes[key] = (outcome, row.detail)
        hits += 1
        return (outcome, row.detail)
    }

    /// Remembers a fresh outcome (a reusable one in memory at once; every
    /// one for the store at the next `flush`).
    func record(_ key: ProgramOutcomeKey, _ outcome: ProgramOutcome, _ detail: String, seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        if Self.isReusable(outcome) { outcomes[key] = (outcome, detail) }
        if store != nil {
            pending.append(StoredProgramOutcome(key: key, outcome: outcome.rawValue, detail: detail, seconds: seconds))
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
