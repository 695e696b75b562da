import Pipelines
/// The paper's random search: uniform random pass lists, keep the best.
///
/// It is the baseline the paper's autotuner (and our `LocalSearch`) must
/// beat per compilation. Lengths are uniform in `lengths` (1...50 in the
/// paper), each pass uniform over the catalog. Exactly `budget` distinct
/// lists are evaluated: duplicates are redrawn, not re-evaluated.
///
/// The sequence of lists depends only on the seed and the catalog size (a
/// duplicate is detected from the memo's keys, never from costs), so the
/// result is deterministic per seed and independent of `batchSize`.
public struct RandomSearch: Sendable {
    /// Distinct lists to evaluate; fewer only when the space runs out (`maxDuplicateDraws`) or the objective stops.
    public var budget: Int
    /// Seed of the `SeededGenerator` that draws the lists: the sequence depends only on it, `lengths` and `passCount`.
    public var seed: UInt64
    /// List lengths, drawn uniformly (the paper's `1...50`); the lower bound must be at least 0.
    public var lengths: ClosedRange<Int>
    /// Lists sent to the objective at once (parallelism for the real one).
    public var batchSize: Int
    /// Consecutive duplicate draws after which the space is deemed exhausted
    /// (a tiny catalog can have fewer distinct lists than the budget).
    public var maxDuplicateDraws: Int

    /// A search with these settings; traps on a negative length or a batch size below 1.
    public init(
        budget: Int, seed: UInt64, lengths: ClosedRange<Int> = 1...50, batchSize: Int = 64,
        maxDuplicateDraws: Int = 10_000
    ) {
        precondition(lengths.lowerBound >= 0 && batchSize > 0)
        self.budget = budget
        self.seed = seed
        self.lengths = lengths
        self.batchSize = batchSize
        self.maxDuplicateDraws = maxDuplicateDraws
    }

    /// Runs the search against `objective`.
    public func run(_ objective: any Objective) -> SearchResult {
        var evaluator = Evaluator(objective: objective, budget: budget)
        var generator = SeededGenerator(seed: seed)
        var duplicates = 0
        while !evaluator.isFinished {
            let wanted = min(batchSize, evaluator.budget.remaining)
            var batch: [PassList] = []
            var inBatch: Set<PassList> = []
            while batch.count < wanted && duplicates < maxDuplicateDraws {
                let list = randomList(passCount: objective.passCount, using: &generator)
                if evaluator.cached(list) != nil || !inBatch.insert(list).inserted {
                    duplicates += 1
                } else {
                    duplicates = 0
                    batch.append(list)
                }
            }
            if batch.isEmpty { break }
            _ = evaluator.evaluate(batch)
        }
        return evaluator.result()
    }

    /// One random list: a uniform length, then uniform passes.
    public func randomList(passCount: Int, using generator: inout SeededGenerator) -> PassList {
        let length = generator.next(in: lengths)
        return (0..<length).map { _ in generator.next(below: passCount) }
    }
}
