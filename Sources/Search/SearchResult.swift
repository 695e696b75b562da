/// What a strategy found, and at what price.
///
/// Shared by every strategy so their curves compare directly: `history` is
/// the best-so-far cost after each real evaluation, so `history[n - 1]` is
/// what a budget of `n` evaluations would have bought.
public struct SearchResult: Sendable, Hashable {
    /// The best successful list, or `nil` when no list succeeded.
    public var best: Evaluation?
    /// Real evaluations spent (memo hits excluded).
    public var evaluations: Int
    /// Best-so-far cost after each evaluation. Invariant: `history.count ==
    /// evaluations` and the non-`nil` entries never increase.
    public var history: [Int?]
    /// Whether the strategy wanted another evaluation and the budget refused
    /// it; `false` means it stopped on its own (e.g. a fixed point).
    public var stoppedByBudget: Bool

    /// Makes a result from its parts; `Evaluator.result()` is how strategies build one, which keeps `history.count ==
    /// evaluations` (not checked here).
    public init(best: Evaluation?, evaluations: Int, history: [Int?], stoppedByBudget: Bool) {
        self.best = best
        self.evaluations = evaluations
        self.history = history
        self.stoppedByBudget = stoppedByBudget
    }

    /// Evaluations needed to first reach a cost of at most `cost`, or `nil`
    /// when it was never reached (or was reached only by a known input).
    public func evaluationsToReach(_ cost: Int) -> Int? {
        history.firstIndex { $0.map { $0 <= cost } ?? false }.map { $0 + 1 }
    }
}
