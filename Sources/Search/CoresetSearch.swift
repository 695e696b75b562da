import Foundation
import Pipelines

/// Coreset-guided evolutionary search: what other programs' good lists say
/// about where to look, then a small steady-state genetic search from there.
///
/// The paper's broadcast observes that lists good for one program are often
/// good for others; this strategy uses that twice, with no knowledge of the
/// program being tuned beyond what it evaluates itself:
/// 1. seeds: `fixedSeeds` (e.g. whole pipelines such as `default<Oz>`, when
///    the catalog has them) then the coreset's distinct lists, most frequent
///    first (`Broadcast.mostFrequent`), all evaluated in batches;
/// 2. a prior over passes: a pass's weight is `(smoothing + n)^sharpness`,
///    `n` its number of occurrences in the coreset, so passes common in
///    winning lists are drawn more often while every pass keeps a chance;
/// 3. generations of `batchSize` new lists (one batch, so a real objective
///    compiles them in parallel), each child one of
///    - a mutation (probability `mutationShare`) of a parent: 1-2 random
///      `LocalMove`s, inserted and replacing passes drawn from the prior;
///    - a crossover (`crossoverShare`): a prefix of one parent and a suffix
///      of another, which keeps pass combinations (a pass that enables a
///      later one) that single moves would have to find one step at a time;
///    - otherwise a fresh list, the paper's random list but with passes
///      drawn from the prior;
///    parents are drawn from the `populationSize` best lists so far, biased
///    towards the best (the better of two uniform ranks).
/// Until the budget is spent. The coreset must not contain the tuned
/// program's own search result (the caller derives it from other programs,
/// leave-one-out); otherwise the strategy would start from the answer.
/// Failed lists never become parents. Deterministic given its inputs.
public struct CoresetSearch: Sendable {
    /// Most real evaluations the run may spend, seeds included; memo hits are free.
    public var budget: Int
    /// Seed of the `SeededGenerator` that makes the children: same coreset, objective and seed, same run.
    public var seed: UInt64
    /// Lists tried before the coreset, in order.
    public var fixedSeeds: [PassList]
    /// Added to each pass's coreset count before the power: every pass keeps a weight of at least `smoothing^sharpness`
    /// (must be > 0).
    public var smoothing: Double
    /// Exponent of the prior: 0 draws passes uniformly, larger values favour the coreset's common passes more (must be
    /// >= 0).
    public var sharpness: Double
    /// Lists sent to the objective at once, for the seeds and for each generation (parallel compilations for a real
    /// objective).
    public var batchSize: Int
    /// How many of the best distinct successful lists so far are kept as parents.
    public var populationSize: Int
    /// Probability that a child is a mutation of one parent (1-2 random `LocalMove`s).
    public var mutationShare: Double
    /// Probability that a child is a crossover of two parents; the remaining `1 - mutationShare - crossoverShare` are
    /// fresh lists drawn from the prior.
    public var crossoverShare: Double
    /// Longest list a child may have (the paper's random lists: 50).
    public var maxLength: Int
    /// Probability that a parent is drawn from the lists that compiled some
    /// function smallest so far (when the objective knows function sizes,
    /// `FunctionSizeObjective`) instead of the best lists: material for a
    /// per-function composition.
    public var functionParentShare = 0.0

    /// A search with these settings; traps unless `smoothing > 0`, `sharpness >= 0`, `batchSize`, `populationSize` and
    /// `maxLength` are positive, and both shares are non-negative with a sum of at most 1.
    public init(
        budget: Int, seed: UInt64, fixedSeeds: [PassList] = [], smoothing: Double = 1, sharpness: Double = 2,
        batchSize: Int = 16, populationSize: Int = 8, mutationShare: Double = 0.5, crossoverShare: Double = 0.25,
        maxLength: Int = 50
    ) {
        precondition(smoothing > 0 && sharpness >= 0 && batchSize > 0 && populationSize > 0 && maxLength > 0)
        precondition(mutationShare >= 0 && crossoverShare >= 0 && mutationShare + crossoverShare <= 1)
        self.budget = budget
        self.seed = seed
        self.fixedSeeds = fixedSeeds
        self.smoothing = smoothing
        self.sharpness = sharpness
        self.batchSize = batchSize
        self.populationSize = populationSize
        self.mutationShare = mutationShare
        self.crossoverShare = crossoverShare
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
        var evaluator = Evaluator(objective: objective, budget: budget)
        var generator = SeededGenerator(seed: seed)
        let prior = Prior(weights: passWeights(coreset: coreset, passCount: objective.passCount))
        var population: [Evaluation] = []
        let functional = functionParentShare > 0 ? objective as? any FunctionSizeObjective : nil
        var champions: [String: (size: Int, list: PassList)] = [:]
        func crown(_ results: [Evaluation]) {
            guard let functional else { return }
            for result in results where result.cost != nil {
                for (name, size) in functional.functionSizes(of: result.list) ?? [:]
                where size < champions[name]?.size ?? Int.max {
                    champions[name] = (size, result.list)
                }
            }
        }
        let seeds = seeds(coreset: coreset)
        for start in stride(from: 0, to: seeds.count, by: batchSize) where !evaluator.isFinished {
            let results = evaluator.evaluate(Array(seeds[start..<min(start + batchSize, seeds.count)]))
            population = select(population, results.compactMap { $0 })
            crown(results.compactMap { $0 })
        }
        // A generation that finds nothing new this many times in a row means the space is exhausted.
        var barren = 0
        while !evaluator.isFinished && barren < 100 {
            let wanted = min(batchSize, evaluator.budget.remaining)
            var children: [PassList] = []
            var inBatch = Set<PassList>()
            // Parents: the best lists, or (functionParentShare) the lists that compiled some function smallest.
            var seenChampion = Set<PassList>()
            let championLists = champions.sorted { $0.key < $1.key }.map(\.value.list)
                .filter { seenChampion.insert($0).inserted }
                .map { Evaluation(list: $0, cost: 0) }
            for _ in 0..<(wanted * 20) where children.count < wanted {
                let roll = championLists.isEmpty ? 1 : Double(generator.next() >> 11) / Double(1 << 53)
                let parents = roll < functionParentShare ? championLists : population
                let child = makeChild(parents, prior, &generator)
                if evaluator.cached(child) == nil && inBatch.insert(child).inserted { children.append(child) }
            }
            barren = children.isEmpty ? barren + 1 : 0
            let results = evaluator.evaluate(children).compactMap { $0 }
            population = select(population, results)
            crown(results)
        }
        return evaluator.result()
    }

    /// The best `populationSize` distinct successes of both, by cost; ties
    /// keep the earlier (incumbents before newcomers, newcomers in order).
    private func select(_ population: [Evaluation], _ newcomers: [Evaluation]) -> [Evaluation] {
        var seen = Set<PassList>()
        let all = (population + newcomers).filter { $0.cost != nil && seen.insert($0.list).inserted }
        return all.enumerated().sorted { a, b in
            a.element.cost! != b.element.cost! ? a.element.cost! < b.element.cost! : a.offset < b.offset
        }.prefix(populationSize).map(\.element)
    }

    /// One child of the population (a fresh prior list when it is empty).
    private func makeChild(_ population: [Evaluation], _ prior: Prior, _ generator: inout SeededGenerator) -> PassList {
        let roll = Double(generator.next() >> 11) / Double(1 << 53)
        if population.isEmpty || roll >= mutationShare + crossoverShare {
            return (0..<generator.next(in: 1...maxLength)).map { _ in prior.draw(&generator) }
        }
        let parent = population[parentRank(population.count, &generator)].list
        if roll < mutationShare {
            var child = parent
            for _ in 0..<generator.next(in: 1...2) {
                child = randomMove(on: child, prior, &generator).applied(to: child)
            }
            return child
        }
        let other = population[parentRank(population.count, &generator)].list
        let child =
            parent.prefix(generator.next(in: 0...parent.count)) + other.suffix(generator.next(in: 0...other.count))
        return Array(child.prefix(maxLength))
    }

    /// The better of two uniform ranks: rank 0 (the best) is drawn most often.
    private func parentRank(_ count: Int, _ generator: inout SeededGenerator) -> Int {
        min(generator.next(below: count), generator.next(below: count))
    }

    /// A random valid `LocalMove` on `list`, passes drawn from the prior.
    private func randomMove(on list: PassList, _ prior: Prior, _ generator: inout SeededGenerator) -> LocalMove {
        let kinds = (list.count < maxLength ? [0] : []) + (list.isEmpty ? [] : [1, 2]) + (list.count > 1 ? [3] : [])
        switch kinds[generator.next(below: kinds.count)] {
        case 0: return .insert(pass: prior.draw(&generator), at: generator.next(in: 0...list.count))
        case 1: return .delete(at: generator.next(below: list.count))
        case 2: return .replace(at: generator.next(below: list.count), with: prior.draw(&generator))
        default: return .swap(at: generator.next(below: list.count - 1))
        }
    }

    /// Draws passes in proportion to their weights (inverse CDF).
    struct Prior {
        let cumulative: [Double]

        init(weights: [Double]) {
            var total = 0.0
            cumulative = weights.map {
                total += $0; return total
            }
        }

        func draw(_ generator: inout SeededGenerator) -> Int {
            let target = Double(generator.next() >> 11) / Double(1 << 53) * cumulative.last!
            var low = 0, high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > target { high = middle } else { low = middle + 1 }
            }
            return low
        }
    }
}
