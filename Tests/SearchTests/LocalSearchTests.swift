import Testing
@testable import Search

@Suite struct LocalSearchTests {
    /// A coreset of "other programs' best lists": none is optimal here.
    static let seeds: [PassList] = [[3, 4, 7, 1], [2, 2], [8, 6]]

    @Test func findsThePlantedOptimumFarCheaperThanRandomSearch() throws {
        let planted = PlantedObjective()
        let local = LocalSearch(budget: 2000, seed: 1).run(seeds: Self.seeds, objective: planted)
        #expect(local.best?.cost == PlantedObjective.optimum)
        let localCost = try #require(local.evaluationsToReach(PlantedObjective.optimum))

        // The paper's random search (lengths 1...50), given 20 times the
        // evaluations local search needed, does not find it on any seed.
        for seed: UInt64 in [1, 2, 3] {
            let random = RandomSearch(budget: 20 * localCost, seed: seed).run(planted)
            #expect(random.evaluations == 20 * localCost)
            #expect(random.evaluationsToReach(PlantedObjective.optimum) == nil, "seed \(seed) matched local search")
            #expect(try #require(random.best?.cost) > PlantedObjective.optimum)
        }
    }

    @Test func spendsItsBudgetExactlyWithoutDuplicates() {
        let objective = CountingObjective(PlantedObjective())
        let result = LocalSearch(budget: 120, seed: 4).run(seeds: Self.seeds, objective: objective)
        #expect(objective.seen.count == 120)
        #expect(Set(objective.seen).count == 120)
        #expect(result.evaluations == 120 && result.history.count == 120)
        #expect(result.stoppedByBudget)
    }

    @Test func isDeterministicPerSeed() {
        let planted = PlantedObjective()
        let a = LocalSearch(budget: 300, seed: 8).run(seeds: Self.seeds, objective: planted)
        let b = LocalSearch(budget: 300, seed: 8).run(seeds: Self.seeds, objective: planted)
        #expect(a == b)
    }

    @Test func neverChoosesAFailedList() throws {
        var planted = PlantedObjective(failing: [9])
        planted.weights[9] = -500
        let result = LocalSearch(budget: 500, seed: 2).run(seeds: [[9], [9, 5]] + Self.seeds, objective: planted)
        let best = try #require(result.best)
        #expect(!best.list.contains(9))
        #expect(best.cost == planted.cost(best.list))
        #expect(best.cost == PlantedObjective.optimum)
    }

    @Test func startsFromTheEmptyListWithoutSeedsAndStopsOnATinySpace() throws {
        let result = LocalSearch(budget: 300, seed: 3).run(seeds: [], objective: PlantedObjective())
        #expect(try #require(result.best?.cost) <= 970)

        // Two passes, lists of at most 2: 7 lists exist, so the search ends early.
        let tiny = LocalSearch(budget: 1000, seed: 3, maxLength: 2, maxStaleRestarts: 5)
            .run(seeds: [], objective: PlantedObjective(passCount: 2))
        #expect(tiny.evaluations <= 7)
        #expect(!tiny.stoppedByBudget)
    }
}
