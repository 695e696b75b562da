import Foundation
import Search
import Testing

/// An objective that is asked to stop (Ctrl-C) after `stopAfter` lists, and
/// then, like the engine's, answers nil without compiling: what used to let
/// a search with a huge budget keep drawing lists for minutes.
final class StoppingObjective: Objective, @unchecked Sendable {
    let inner = PlantedObjective()
    let stopAfter: Int
    private let lock = NSLock()
    private var evaluated = 0
    private var afterStop = 0

    init(stopAfter: Int) { self.stopAfter = stopAfter }

    var passCount: Int { inner.passCount }
    var isStopped: Bool { lock.withLock { evaluated >= stopAfter } }
    /// Lists sent to `evaluate` once the stop was requested.
    var askedAfterStop: Int { lock.withLock { afterStop } }

    func evaluate(_ lists: [PassList]) -> [Int?] {
        let stopped = lock.withLock {
            let stopped = evaluated >= stopAfter
            if stopped { afterStop += lists.count } else { evaluated += lists.count }
            return stopped
        }
        return stopped ? lists.map { _ in nil } : inner.evaluate(lists)
    }
}

/// Every strategy ends as soon as its objective is stopped, whatever its
/// budget: the stop is checked before each batch, so at most the batch in
/// flight is evaluated after it.
struct StopTests {
    static let hugeBudget = 20_000_000

    @Test func randomSearchStopsWithAHugeBudget() {
        let objective = StoppingObjective(stopAfter: 200)
        let result = RandomSearch(budget: Self.hugeBudget, seed: 7).run(objective)
        #expect(result.evaluations >= 200 && result.evaluations < 200 + 64, "\(result.evaluations)")
        #expect(objective.askedAfterStop == 0)
        #expect(result.best != nil)
    }

    @Test func coresetSearchStopsWithAHugeBudget() {
        let objective = StoppingObjective(stopAfter: 100)
        let result = CoresetSearch(budget: Self.hugeBudget, seed: 7)
            .run(coreset: [[3, 5, 7], [1, 2]], objective: objective)
        #expect(result.evaluations >= 100 && result.evaluations < 100 + 64, "\(result.evaluations)")
        #expect(objective.askedAfterStop == 0)
    }

    @Test func localSearchStopsWithAHugeBudget() {
        let objective = StoppingObjective(stopAfter: 100)
        let result = LocalSearch(budget: Self.hugeBudget, seed: 7).run(seeds: [[1, 2, 3]], objective: objective)
        #expect(result.evaluations >= 100 && result.evaluations < 100 + 64, "\(result.evaluations)")
        #expect(objective.askedAfterStop == 0)
    }

    @Test func minimizerStopsWithAnUnlimitedBudget() {
        let objective = StoppingObjective(stopAfter: 5)
        let result = Minimizer().minimize([9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7], objective: objective)
        #expect(result.evaluations >= 5 && result.evaluations < 5 + objective.passCount, "\(result.evaluations)")
        #expect(objective.askedAfterStop == 0)
    }

    @Test func anObjectiveThatNeverStopsIsUnchanged() {
        // The default `isStopped` is false: budgets alone end the search.
        let result = RandomSearch(budget: 300, seed: 7).run(PlantedObjective())
        #expect(result.evaluations == 300)
    }
}
