import Foundation
import Search

/// Wraps an objective and records every list it is asked to evaluate, to
/// check memoisation (no list twice) and budgets (exact totals).
final class CountingObjective: Objective, @unchecked Sendable {
    let inner: any Objective
    private let lock = NSLock()
    private var _seen: [PassList] = []
    private var _calls = 0

    init(_ inner: any Objective) { self.inner = inner }

    var passCount: Int { inner.passCount }
    /// Every list evaluated, in order.
    var seen: [PassList] { lock.withLock { _seen } }
    /// Number of `evaluate` calls (batches).
    var calls: Int { lock.withLock { _calls } }

    func evaluate(_ lists: [PassList]) -> [Int?] {
        lock.withLock {
            _seen += lists
            _calls += 1
        }
        return inner.evaluate(lists)
    }
}
