import Testing
@testable import Search

@Suite struct CoresetSearchTests {
    /// A catalog of 60 passes where the optimum {3, 5, 7} (3 before 7) is a
    /// needle for uniform random lists of 1-50 passes.
    static let planted = PlantedObjective(passCount: 60, weights: [Int](repeating: 10, count: 60))
    /// "Other programs' best lists": each holds part of the answer, none is optimal here.
    static let coreset: [PassList] = [[3, 12, 7, 40], [9, 3, 7, 22], [5, 30, 31], [3, 7, 22, 9]]

    @Test func findsThePlantedOptimumWithAFractionOfRandomSearchEvaluations() throws {
        let search = CoresetSearch(budget: 400, seed: 1)
        let result = search.run(coreset: Self.coreset, objective: Self.planted)
        #expect(result.best?.cost == PlantedObjective.optimum)
        let needed = try #require(result.evaluationsToReach(PlantedObjective.optimum))
        #expect(needed <= 150, "needed \(needed)")

        // Random search given ten times as many evaluations never gets there.
        for seed: UInt64 in [1, 2] {
            let random = RandomSearch(budget: 10 * needed, seed: seed).run(Self.planted)
            #expect(random.evaluationsToReach(PlantedObjective.optimum) == nil, "random seed \(seed) matched")
        }
    }

    @Test func thePriorFindsTheOptimumSoonerThanAUniformPrior() throws {
        // Same search; sharpness 0 makes every pass equally likely.
        var prior: [Int] = []
        var uniform: [Int] = []
        for seed: UInt64 in 1...5 {
            let guided = CoresetSearch(budget: 3000, seed: seed).run(coreset: Self.coreset, objective: Self.planted)
            let plain = CoresetSearch(budget: 3000, seed: seed, sharpness: 0).run(
                coreset: Self.coreset, objective: Self.planted)
            prior.append(try #require(guided.evaluationsToReach(PlantedObjective.optimum)))
            uniform.append(try #require(plain.evaluationsToReach(PlantedObjective.optimum)))
        }
        #expect(prior.reduce(0, +) < uniform.reduce(0, +), "prior \(prior), uniform \(uniform)")
    }

    @Test func neverMakesAFailedListAParent() throws {
        var planted = Self.planted
        planted.failing = [9]
        planted.weights[9] = -500
        let result = CoresetSearch(budget: 400, seed: 2).run(
            coreset: [[9], [9, 5]] + Self.coreset, objective: planted)
        let best = try #require(result.best)
        #expect(!best.list.contains(9))
        #expect(best.cost == planted.cost(best.list))
    }

    @Test func spendsAtMostItsBudgetAndCountsEachListOnce() {
        for budget in [1, 7, 90] {
            let objective = CountingObjective(Self.planted)
            let result = CoresetSearch(budget: budget, seed: 3).run(coreset: Self.coreset, objective: objective)
            #expect(objective.seen.count == result.evaluations)
            #expect(Set(objective.seen).count == objective.seen.count, "no list evaluated twice")
            #expect(result.evaluations == budget && result.history.count == budget)
        }
    }

    @Test func evaluatesFixedSeedsThenTheCoresetByFrequencyFirst() {
        let coreset: PassList = [1, 2]
        let search = CoresetSearch(budget: 50, seed: 2, fixedSeeds: [[5], [1, 2]])
        let seeds = search.seeds(coreset: [[8], coreset, [9, 9], coreset, [8], coreset])
        #expect(seeds == [[5], [1, 2], [8], [9, 9]])
        let objective = CountingObjective(Self.planted)
        _ = search.run(coreset: [[8], coreset, [9, 9], coreset, [8], coreset], objective: objective)
        #expect(Array(objective.seen.prefix(4)) == seeds)
    }

    @Test func passWeightsCountCoresetOccurrences() {
        let search = CoresetSearch(budget: 1, seed: 0, smoothing: 1, sharpness: 2)
        let weights = search.passWeights(coreset: [[0, 2, 2], [2]], passCount: 4)
        #expect(weights == [4, 1, 16, 1])
        #expect(CoresetSearch(budget: 1, seed: 0, sharpness: 0).passWeights(coreset: [[1]], passCount: 3) == [1, 1, 1])
    }

    @Test func isDeterministicPerSeed() {
        let a = CoresetSearch(budget: 200, seed: 5).run(coreset: Self.coreset, objective: Self.planted)
        let b = CoresetSearch(budget: 200, seed: 5).run(coreset: Self.coreset, objective: Self.planted)
        #expect(a == b)
    }
}
