/// A cap on real evaluations (compilations), with a counter of those spent.
///
/// Compilations dominate the cost of every strategy, so budgets and the
/// results' gain-versus-budget curves are measured in evaluations. Memo hits
/// are free and never counted.
public struct SearchBudget: Sendable, Hashable {
    /// Maximum number of evaluations; `Int.max` for "until done".
    public let limit: Int
    /// Evaluations spent so far. Invariant: `0 <= used <= limit`.
    public private(set) var used: Int = 0

    /// A budget of `limit` evaluations with none spent; traps when `limit` is negative.
    public init(limit: Int) {
        precondition(limit >= 0, "a budget cannot be negative")
        self.limit = limit
    }

    /// Evaluations still allowed.
    public var remaining: Int { limit - used }
    /// Whether no further evaluation is allowed.
    public var isExhausted: Bool { used >= limit }

    /// Records `count` evaluations; they must fit in what remains.
    public mutating func spend(_ count: Int) {
        precondition(count >= 0 && count <= remaining, "spending beyond the budget")
        used += count
    }
}
