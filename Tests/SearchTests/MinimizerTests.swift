import Pipelines
import Testing
@testable import Search

@Suite struct MinimizerTests {
    @Test func removesRedundantPasses() throws {
        // Pass 0 is a no-op (weight 0): removal keeps the cost, so it goes.
        var planted = PlantedObjective()
        planted.weights[0] = 0
        let result = Minimizer().minimize([0, 5, 0, 1], objective: planted)
        let best = try #require(result.best)
        #expect(best.list == [5])
        #expect(best.cost == 970)
    }

    @Test func sortsCanonicallyWhenOrderDoesNotMatter() throws {
        let planted = PlantedObjective(presence: [2: 30, 4: 30, 6: 30, 8: 30], pairs: [])
        let best = try #require(Minimizer().minimize([8, 2, 6, 4], objective: planted).best)
        #expect(best.list == [2, 4, 6, 8])
        #expect(best.cost == 1000 - 4 * 20)
    }

    @Test func keepsAnOrderThatMatters() throws {
        let planted = PlantedObjective(presence: [:], pairs: [(7, 3, 50)])
        let best = try #require(Minimizer().minimize([7, 3], objective: planted).best)
        #expect(best.list == [7, 3])
        #expect(best.cost == 970)
    }

    @Test func findsAPlantedInsertionAndReachesAFixedPoint() throws {
        let objective = CountingObjective(PlantedObjective())
        let result = Minimizer().minimize([3, 7], objective: objective)
        let best = try #require(result.best)
        #expect(best == Evaluation(list: [3, 5, 7], cost: PlantedObjective.optimum))
        #expect(!result.stoppedByBudget)
        #expect(Set(objective.seen).count == objective.seen.count)
        #expect(result.evaluations == objective.seen.count)

        // A fixed point: minimising again changes nothing.
        let again = Minimizer().minimize(best, objective: PlantedObjective())
        #expect(again.best == best)
    }

    @Test func neverWorsensItsInputEvenOnATightBudget() throws {
        var generator = SeededGenerator(seed: 2024)
        let planted = PlantedObjective(failing: [9])
        for budget in [1, 5, 20, Int.max] {
            for _ in 0..<15 {
                let input = (0..<generator.next(in: 1...8)).map { _ in generator.next(below: 9) }
                let inputCost = try #require(planted.cost(input))
                let objective = CountingObjective(planted)
                let result = Minimizer(budget: budget).minimize(input, objective: objective)
                let best = try #require(result.best)
                #expect(try #require(best.cost) <= inputCost)
                #expect(!best.list.contains(9))
                #expect(planted.cost(best.list) == best.cost)
                #expect(objective.seen.count <= budget)
                #expect(result.stoppedByBudget == (budget != Int.max))
            }
        }
    }

    @Test func respectsItsBudgetExactly() throws {
        let objective = CountingObjective(PlantedObjective())
        let result = Minimizer(budget: 7).minimize([3, 7, 1, 2], objective: objective)
        #expect(objective.seen.count == 7)
        #expect(result.evaluations == 7)
        #expect(result.stoppedByBudget)
        #expect(try #require(result.best?.cost) <= 990)
    }

    @Test func returnsNothingForAFailingInput() {
        let result = Minimizer().minimize([9, 1], objective: PlantedObjective(failing: [9]))
        #expect(result.best == nil)
        #expect(result.evaluations == 1)
    }
}
