import Testing
@testable import Search

@Suite struct EvaluatorTests {
    @Test func memoEvaluatesEachListOnceAndCountsOnlyRealEvaluations() {
        let objective = CountingObjective(PlantedObjective())
        var evaluator = Evaluator(objective: objective, budget: 100)
        let first = evaluator.evaluate([[1], [2], [1]])
        let second = evaluator.evaluate([[2], [3]])
        #expect(objective.seen == [[1], [2], [3]])
        #expect(evaluator.evaluations == 3)
        #expect(evaluator.history.count == 3)
        #expect(first.map { $0?.cost } == [1010, 1010, 1010])
        #expect(second.map { $0?.list } == [[2], [3]])
    }

    @Test func budgetRefusesExactlyTheExcess() {
        let objective = CountingObjective(PlantedObjective())
        var evaluator = Evaluator(objective: objective, budget: 2)
        let results = evaluator.evaluate([[1], [2], [1], [3]])
        #expect(results.map { $0 != nil } == [true, true, true, false])
        #expect(objective.seen.count == 2)
        #expect(evaluator.refused)
        #expect(evaluator.budget.isExhausted)
    }

    @Test func recordedResultsAreFreeAndFailuresNeverBest() {
        let objective = CountingObjective(PlantedObjective(failing: [9]))
        var evaluator = Evaluator(objective: objective, budget: 10)
        evaluator.record(Evaluation(list: [5], cost: 970))
        _ = evaluator.evaluate([[5], [9], [1]])
        #expect(objective.seen == [[9], [1]])
        #expect(evaluator.best == Evaluation(list: [5], cost: 970))
        #expect(evaluator.history == [970, 970])
    }
}
