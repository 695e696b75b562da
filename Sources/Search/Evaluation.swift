/// What an evaluation returned: a list and its cost.
///
/// A `nil` cost means the list failed (crash, time-out, invalid output). Such
/// a list is never chosen as a best and never accepted as a move by any
/// strategy, so a failure can only cost budget, never quality.
public struct Evaluation: Sendable, Hashable {
    /// The pass list evaluated, as catalog indices.
    public var list: PassList
    /// Binary size in bytes, or `nil` when the list failed.
    public var cost: Int?

    /// Pairs a list with its cost (`nil`: the list failed).
    public init(list: PassList, cost: Int?) {
        self.list = list
        self.cost = cost
    }

    /// Whether this evaluation is strictly better than `other`.
    ///
    /// A failure (`cost == nil`) never improves on anything; a success beats
    /// `other == nil` (no best yet, or a failure); among successes only a
    /// strictly lower cost wins, so ties keep the incumbent.
    public func improves(on other: Int?) -> Bool {
        guard let cost else { return false }
        guard let other else { return true }
        return cost < other
    }
}
