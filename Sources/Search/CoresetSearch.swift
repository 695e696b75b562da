import Foundation

/// Coreset-guided local search: what other programs' good lists say about
/// where to look, then hill climbing from there.
///
/// The paper's broadcast observes that lists good for one program are often
/// good for others; this strategy uses that twice, with no knowledge of the
/// program being tuned beyond what it evaluates itself:
/// 1. seeds: `fixedSeeds` (e.g. whole pipelines such as `default<Oz>`, when
///    the catalog has them) then the coreset's distinct lists, most frequent
///    first (`Broadcast.mostFrequent`), all evaluated in batches;
/// 2. a prior over passes: a pass's weight is `(smoothing + n)^sharpness`,
///    `n` its number of occurrences in the coreset, so passes common in
///    winning lists are tried first while every pass keeps a chance;
/// 3. `LocalSearch` from the best seed with that prior ordering its moves
///    (insert, delete, replace, swap), restarting from the next seeds and
///    then from kicks of the best, until the budget is spent.
/// The coreset must not contain the tuned program's own search result (the
/// caller derives it from other programs, leave-one-out); otherwise the
/// strategy would start from the answer. Deterministic given its inputs.
public struct CoresetSearch: Sendable {
    public var budget: Int
    public var seed: UInt64
    /// Lists tried before the coreset, in order.
    public var fixedSeeds: [PassList]
    public var smoothing: Double
    public var sharpness: Double
    public var batchSize: Int
    public var maxLength: Int

    public init(budget: Int, seed: UInt64, fixedSeeds: [PassList] = [], smoothing: Double = 1, sharpness: Double = 2,
                batchSize: Int = 16, maxLength: Int = 50) {
        precondition(smoothing > 0 && sharpness >= 0 && batchSize > 0)
        self.budget = budget
        self.seed = seed
        self.fixedSeeds = fixedSeeds
        self.smoothing = smoothing
        self.sharpness = sharpness
        self.batchSize = batchSize
        self.maxLength = maxLength
    }

    /// The prior: `(smoothing + occurrences in coreset)^sharpness` per pass.
    public func passWeights(coreset: [PassList], passCount: Int) -> [Double] {
        var occurrences = [Int](repeating: 0, count: passCount)
        for list in coreset {
            for pass in list { occurrences[pass] += 1 }
        }
        return occurrences.map { Foundation.pow(smoothing + Double($0), sharpness) }
    }

    /// The seeds in the order they are evaluated: fixed seeds, then the
    /// coreset's distinct lists by frequency (ties: first appearance).
    public func seeds(coreset: [PassList]) -> [PassList] {
        var seen = Set<PassList>()
        return (fixedSeeds + Broadcast.mostFrequent(coreset, k: coreset.count)).filter { seen.insert($0).inserted }
    }

    /// Searches `objective` starting from `coreset` (other programs' best
    /// lists); spends at most `budget` evaluations.
    public func run(coreset: [PassList], objective: any Objective) -> SearchResult {
        let local = LocalSearch(budget: budget, seed: seed, maxLength: maxLength, batchSize: batchSize,
                                passWeights: passWeights(coreset: coreset, passCount: objective.passCount))
        return local.run(seeds: seeds(coreset: coreset), objective: objective)
    }
}
