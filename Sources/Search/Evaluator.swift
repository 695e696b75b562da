/// An objective behind a memo and a budget: the only way strategies evaluate.
///
/// Centralising this gives every strategy the same guarantees for free: no
/// list is evaluated twice in one run (a compilation is expensive), only real
/// evaluations are counted, the budget is never exceeded, and the
/// best-so-far curve is recorded after each evaluation.
public struct Evaluator: Sendable {
    /// The objective behind the memo; strategies read its `passCount`.
    public let objective: any Objective
    /// The cap on real evaluations and how much of it is spent (`used == evaluations`).
    public private(set) var budget: SearchBudget
    /// Lowest successful cost seen (evaluated or recorded); ties keep the
    /// first. `nil` until some list succeeds.
    public private(set) var best: Evaluation?
    /// Best-so-far cost after each real evaluation (`count == evaluations`).
    public private(set) var history: [Int?] = []
    /// Whether a request was ever refused because the budget ran out or
    /// the objective stopped.
    public private(set) var refused = false
    /// Whether the objective was found stopped: nothing more is evaluated.
    public private(set) var stopped = false
    /// Every list seen, with its cost (`.some(nil)` = known failure).
    private var memo: [PassList: Int?] = [:]

    /// An evaluator with an empty memo and a budget of `budget` evaluations; traps when the objective's catalog is
    /// empty (`passCount == 0`).
    public init(objective: any Objective, budget: Int) {
        precondition(objective.passCount > 0, "an empty catalog has nothing to search")
        self.objective = objective
        self.budget = SearchBudget(limit: budget)
    }

    /// Real evaluations spent so far.
    public var evaluations: Int { budget.used }

    /// Whether a strategy should end: the budget is spent or the run stopped.
    public var isFinished: Bool { budget.isExhausted || stopped }

    /// The memoised result for `list`, if it was evaluated or recorded.
    public func cached(_ list: PassList) -> Evaluation? {
        memo[list].map { Evaluation(list: list, cost: $0) }
    }

    /// Adds an already known result (e.g. a program's own best) to the memo
    /// and the best, without spending budget or extending the history.
    public mutating func record(_ known: Evaluation) {
        guard memo[known.list] == nil else { return }
        memo.updateValue(known.cost, forKey: known.list)
        if known.improves(on: best?.cost) { best = known }
    }

    /// Evaluates one list; `nil` when the budget refused it.
    public mutating func evaluate(_ list: PassList) -> Evaluation? {
        evaluate([list])[0]
    }

    /// Evaluates `lists` in one batch; results in input order.
    ///
    /// Memo hits and repeats within the batch are free. New lists are sent
    /// to the objective in input order while the budget lasts; the rest come
    /// back `nil` (and set `refused`).
    public mutating func evaluate(_ lists: [PassList]) -> [Evaluation?] {
        var results = [Evaluation?](repeating: nil, count: lists.count)
        var fresh: [PassList] = []
        var freshIndex: [PassList: Int] = [:]
        var pending: [(result: Int, fresh: Int)] = []
        for (i, list) in lists.enumerated() {
            assert(list.allSatisfy { (0..<objective.passCount).contains($0) }, "pass index out of the catalog")
            if let hit = memo[list] {
                results[i] = Evaluation(list: list, cost: hit)
            } else if let j = freshIndex[list] {
                pending.append((i, j))
            } else if fresh.count < budget.remaining {
                freshIndex[list] = fresh.count
                pending.append((i, fresh.count))
                fresh.append(list)
            } else {
                refused = true
            }
        }
        guard !fresh.isEmpty else { return results }
        if stopped || objective.isStopped {
            // Refused, not recorded: a resumed run evaluates these lists then.
            stopped = true
            refused = true
            return results
        }
        let costs = objective.evaluate(fresh)
        precondition(costs.count == fresh.count, "an objective must return one cost per list")
        budget.spend(fresh.count)
        for (list, cost) in zip(fresh, costs) {
            memo.updateValue(cost, forKey: list)
            let evaluation = Evaluation(list: list, cost: cost)
            if evaluation.improves(on: best?.cost) { best = evaluation }
            history.append(best?.cost)
        }
        for (i, j) in pending {
            results[i] = Evaluation(list: fresh[j], cost: costs[j])
        }
        return results
    }

    /// The run so far as a result whose best is the evaluator's best.
    public func result() -> SearchResult {
        result(best: best)
    }

    /// The run so far as a result with a strategy-chosen best.
    public func result(best: Evaluation?) -> SearchResult {
        SearchResult(best: best, evaluations: evaluations, history: history, stoppedByBudget: refused)
    }
}
