/// The paper's broadcast: try the most popular best lists on every program.
///
/// A list that is best for many programs often helps others too, and trying
/// K lists per program is cheap next to searching. Each program keeps its
/// own best unless a broadcast list is strictly better, so broadcast never
/// makes a program worse.
public struct Broadcast: Sendable {
    /// How many distinct lists to broadcast.
    public var k: Int

    /// Broadcasts the `k` most frequent best lists (0 broadcasts nothing); traps when `k` is negative.
    public init(k: Int) {
        precondition(k >= 0)
        self.k = k
    }

    /// The `k` most frequent distinct lists, most frequent first; ties are
    /// broken by first appearance in `lists`, so the choice is deterministic.
    public static func mostFrequent(_ lists: [PassList], k: Int) -> [PassList] {
        var counts: [PassList: Int] = [:]
        var order: [PassList] = []
        for list in lists {
            if counts[list] == nil { order.append(list) }
            counts[list, default: 0] += 1
        }
        let ranked = order.enumerated().sorted { a, b in
            let (ca, cb) = (counts[a.element]!, counts[b.element]!)
            return ca != cb ? ca > cb : a.offset < b.offset
        }
        return ranked.prefix(k).map(\.element)
    }

    /// For each program (its own best and its objective, paired by index),
    /// evaluates the broadcast lists and returns the best of all, own first.
    ///
    /// Failed own bests do not vote. Each result counts only the program's
    /// broadcast evaluations; its own best is known and not re-evaluated.
    public func run(bests: [Evaluation], objectives: [any Objective]) -> [SearchResult] {
        precondition(bests.count == objectives.count, "one objective per program")
        let broadcast = Self.mostFrequent(bests.filter { $0.cost != nil }.map(\.list), k: k)
        return zip(bests, objectives).map { own, objective in
            var evaluator = Evaluator(objective: objective, budget: broadcast.count)
            evaluator.record(own)
            _ = evaluator.evaluate(broadcast)
            return evaluator.result()
        }
    }
}
