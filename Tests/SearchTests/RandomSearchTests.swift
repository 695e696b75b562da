import Testing
@testable import Search

@Suite struct RandomSearchTests {
    @Test func isDeterministicPerSeed() {
        let objective = PlantedObjective()
        let a = RandomSearch(budget: 300, seed: 11).run(objective)
        let b = RandomSearch(budget: 300, seed: 11).run(objective)
        let c = CountingObjective(objective), d = CountingObjective(objective)
        _ = RandomSearch(budget: 300, seed: 11).run(c)
        _ = RandomSearch(budget: 300, seed: 12).run(d)
        #expect(a == b)
        #expect(c.seen != d.seen)
    }

    @Test func spendsExactlyItsBudgetOnDistinctValidLists() {
        let objective = CountingObjective(PlantedObjective())
        let result = RandomSearch(budget: 250, seed: 3, lengths: 2...6, batchSize: 64).run(objective)
        #expect(objective.seen.count == 250)
        #expect(Set(objective.seen).count == 250)
        #expect(objective.calls == 4)  // 64 + 64 + 64 + 58
        #expect(result.evaluations == 250 && result.history.count == 250)
        #expect(objective.seen.allSatisfy { (2...6).contains($0.count) && $0.allSatisfy { (0..<10).contains($0) } })
        #expect(!result.stoppedByBudget)
    }

    @Test func batchSizeDoesNotChangeTheResult() {
        let objective = PlantedObjective()
        let one = RandomSearch(budget: 200, seed: 5, batchSize: 1).run(objective)
        let many = RandomSearch(budget: 200, seed: 5, batchSize: 64).run(objective)
        #expect(one == many)
    }

    @Test func historyIsTheBestSoFarCurve() throws {
        let result = RandomSearch(budget: 500, seed: 9, lengths: 1...5).run(PlantedObjective())
        let costs = result.history.compactMap { $0 }
        #expect(costs.count == 500)
        #expect(zip(costs, costs.dropFirst()).allSatisfy { $0 >= $1 })
        let best = try #require(result.best)
        #expect(costs.last == best.cost)
        #expect(PlantedObjective().cost(best.list) == best.cost)
    }

    @Test func failedListsAreNeverChosen() throws {
        // Pass 9 would be a huge win, but every list containing it fails.
        var planted = PlantedObjective(failing: [9])
        planted.weights[9] = -500
        let result = RandomSearch(budget: 400, seed: 1, lengths: 1...4).run(planted)
        let best = try #require(result.best)
        #expect(!best.list.contains(9))
        #expect(best.cost == planted.cost(best.list))

        let allFail = RandomSearch(budget: 50, seed: 1).run(PlantedObjective(failing: Set(0..<10)))
        #expect(allFail.best == nil)
        #expect(allFail.evaluations == 50)
    }

    @Test func stopsWhenTheSpaceIsExhausted() {
        let objective = CountingObjective(PlantedObjective(passCount: 1))
        let result = RandomSearch(budget: 10, seed: 1, lengths: 1...2, maxDuplicateDraws: 200).run(objective)
        #expect(Set(objective.seen) == [[0], [0, 0]])
        #expect(result.evaluations == 2)
    }
}
