import Pipelines
/// Our "smarter search": seeded first-improvement hill climbing with restarts.
///
/// Design. Good lists for one program are usually near good lists for
/// another, so the search starts from seed lists (e.g. a coreset of other
/// programs' best lists, or their minimised forms) rather than from scratch:
/// 1. evaluate every seed (batched) and rank the successful ones by cost;
/// 2. from the best seed, climb: shuffle the current list's neighbourhood
///    (`LocalMove`: insert, delete, replace, swap neighbours) with the seeded
///    generator and evaluate it in batches of `batchSize`; move to the best
///    strict improvement of the first batch that has one (first-improvement
///    at batch granularity: `batchSize == 1` is classic first improvement,
///    larger batches let a real objective compile in parallel);
/// 3. at a local optimum (a whole neighbourhood without improvement),
///    restart from the next-best seed not yet climbed from;
/// 4. once the seeds are used up, restart from the global best perturbed by
///    `kickSize` random moves (iterated local search);
/// until the budget is spent. The memo makes revisits free, so restarts that
/// fall into known basins cost little; to guarantee termination when a tiny
/// space is exhausted, `maxStaleRestarts` consecutive restarts that evaluate
/// nothing new end the search.
/// Failed lists are never moved to. Deterministic given seeds and `seed`.
public struct LocalSearch: Sendable {
    /// Most real evaluations (compilations) the search may spend, seeds included; memo hits are free.
    public var budget: Int
    /// Seed of the `SeededGenerator` that shuffles neighbourhoods and draws kicks: same seeds, objective and seed, same
    /// run.
    public var seed: UInt64
    /// Insertions stop at this length (the paper's lists have at most 50).
    public var maxLength: Int
    /// Neighbours evaluated per batch; the climb takes the best strict improvement of the first batch that has one (1
    /// is classic first improvement, more lets a real objective compile in parallel).
    public var batchSize: Int
    /// Random moves applied to the best list for a restart after the seeds.
    public var kickSize: Int
    /// Consecutive restarts that evaluate nothing new after which the search ends, so a tiny, exhausted space cannot
    /// loop forever.
    public var maxStaleRestarts: Int

    /// A search with these settings; traps unless `maxLength >= 0`, `batchSize > 0` and `kickSize >= 0`.
    public init(
        budget: Int, seed: UInt64, maxLength: Int = 50, batchSize: Int = 16, kickSize: Int = 3,
        maxStaleRestarts: Int = 100
    ) {
        precondition(maxLength >= 0 && batchSize > 0 && kickSize >= 0)
        self.budget = budget
        self.seed = seed
        self.maxLength = maxLength
        self.batchSize = batchSize
        self.kickSize = kickSize
        self.maxStaleRestarts = maxStaleRestarts
    }

    /// Searches from `seeds` (the empty list when there are none).
    public func run(seeds: [PassList], objective: any Objective) -> SearchResult {
        var evaluator = Evaluator(objective: objective, budget: budget)
        var generator = SeededGenerator(seed: seed)
        let starts = rankedSeeds(seeds.isEmpty ? [[]] : seeds, &evaluator)
        var nextStart = 0
        var stale = 0
        while !evaluator.budget.isExhausted && !evaluator.refused && stale < maxStaleRestarts {
            let before = evaluator.evaluations
            if nextStart < starts.count {
                climb(from: starts[nextStart], &evaluator, &generator)
                nextStart += 1
            } else {
                guard let best = evaluator.best else { break }
                var list = best.list
                for _ in 0..<kickSize {
                    let moves = LocalMove.neighbourhood(of: list, passCount: objective.passCount, maxLength: maxLength)
                    if moves.isEmpty { break }
                    list = moves[generator.next(below: moves.count)].applied(to: list)
                }
                if let kicked = evaluator.evaluate(list), kicked.cost != nil {
                    climb(from: kicked, &evaluator, &generator)
                }
            }
            stale = evaluator.evaluations == before ? stale + 1 : 0
        }
        return evaluator.result()
    }

    /// The seeds' successful evaluations, distinct, by cost (stable: ties
    /// keep the caller's order).
    private func rankedSeeds(_ seeds: [PassList], _ evaluator: inout Evaluator) -> [Evaluation] {
        var ranked: [Evaluation] = []
        var seen: Set<PassList> = []
        for start in stride(from: 0, to: seeds.count, by: batchSize) {
            let batch = Array(seeds[start..<min(start + batchSize, seeds.count)])
            for case let result? in evaluator.evaluate(batch)
            where result.cost != nil && seen.insert(result.list).inserted {
                ranked.append(result)
            }
        }
        return ranked.enumerated().sorted { a, b in
            a.element.cost! != b.element.cost! ? a.element.cost! < b.element.cost! : a.offset < b.offset
        }.map(\.element)
    }

    /// Hill-climbs from `start` (a success) until a local optimum or the
    /// budget. Invariant: `current.cost` is non-`nil` and strictly falls.
    private func climb(from start: Evaluation, _ evaluator: inout Evaluator, _ generator: inout SeededGenerator) {
        var current = start
        while true {
            var moves = LocalMove.neighbourhood(
                of: current.list, passCount: evaluator.objective.passCount,
                maxLength: maxLength)
            generator.shuffle(&moves)
            var improved = false
            var index = 0
            while index < moves.count && !improved {
                let batch = moves[index..<min(index + batchSize, moves.count)].map { $0.applied(to: current.list) }
                index += batchSize
                let results = evaluator.evaluate(batch)
                for case let result? in results where result.improves(on: current.cost) {
                    current = result
                    improved = true
                }
                if results.contains(where: { $0 == nil }) { return }
            }
            if !improved { return }
        }
    }
}
