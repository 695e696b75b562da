import Testing
@testable import Search

@Suite struct BroadcastTests {
    @Test func picksTheKMostFrequentWithFirstAppearanceBreakingTies() {
        let lists: [PassList] = [[1], [2], [2], [3], [1], [2], [4], [3]]
        #expect(Broadcast.mostFrequent(lists, k: 2) == [[2], [1]])
        #expect(Broadcast.mostFrequent(lists, k: 3) == [[2], [1], [3]])
        #expect(Broadcast.mostFrequent([[6], [5], [5], [6]], k: 1) == [[6]])
        #expect(Broadcast.mostFrequent(lists, k: 10).count == 4)
    }

    @Test func improvesProgramsThatCanAndNeverWorsensAny() throws {
        // Programs 0-2 share the planted objective and best [3, 5, 7]; program
        // 3 is worse off with its own best and gains; program 4 prefers pass 1
        // (a big saving) and must keep its own; program 5 fails on pass 5.
        let planted = PlantedObjective()
        let likesOne = PlantedObjective(presence: [1: 200], pairs: [])
        let failsFive = PlantedObjective(failing: [5])
        let objectives: [any Objective] = [planted, planted, planted, planted, likesOne, failsFive]
        let bests = [
            Evaluation(list: [3, 5, 7], cost: 940), Evaluation(list: [3, 5, 7], cost: 940),
            Evaluation(list: [3, 5, 7], cost: 940), Evaluation(list: [5], cost: 970),
            Evaluation(list: [1], cost: 810), Evaluation(list: [3, 7], cost: 970),
        ]
        let results = Broadcast(k: 2).run(bests: bests, objectives: objectives)
        let winners = try results.map { try #require($0.best) }
        #expect(winners[3] == Evaluation(list: [3, 5, 7], cost: 940))
        #expect(winners[4] == Evaluation(list: [1], cost: 810))
        #expect(winners[5] == Evaluation(list: [3, 7], cost: 970))
        for (winner, own) in zip(winners, bests) {
            #expect(try #require(winner.cost) <= own.cost!)
        }
        // Broadcast lists are [3, 5, 7] and [5]; a program's own list is free.
        #expect(results.map(\.evaluations) == [1, 1, 1, 1, 2, 2])
    }
}
