import Testing
@testable import Search

/// Parents drawn from the lists that compiled some function smallest (for a per-function composition), on a fake
/// objective with two functions: `f` shrinks with pass 5, `g` with pass 3 before pass 7, and pass 3 costs the whole
/// object 100 bytes elsewhere, so the lists best for `g` are never among the best whole lists.
@Suite struct FunctionParentsTests {
    final class TwoFunctions: FunctionSizeObjective, @unchecked Sendable {
        let passCount = 30
        private(set) var seen: [PassList] = []

        static func functions(_ list: PassList) -> [String: Int] {
            let length = 2 * list.count
            let g = list.firstIndex(of: 3).map { list[($0 + 1)...].contains(7) } ?? false
            return ["f": 50 + length - (list.contains(5) ? 30 : 0), "g": 50 + length - (g ? 40 : 0)]
        }

        func evaluate(_ lists: [PassList]) -> [Int?] {
            seen += lists
            return lists.map { list in
                Self.functions(list).values.reduce(0, +) + (list.contains(3) ? 100 : 0)
            }
        }

        func functionSizes(of list: PassList) -> [String: Int]? {
            seen.contains(list) ? Self.functions(list) : nil
        }

        /// The smallest `g` among the lists evaluated.
        var smallestG: Int { seen.map { Self.functions($0)["g"]! }.min()! }
    }

    static let coreset: [PassList] = [[5, 12, 19], [3, 21, 7, 22, 9]]

    @Test func functionParentsFindSmallerBodiesForAFunctionTheBestWholeListsNeglect() {
        var withParents: [Int] = [], without: [Int] = []
        for seed: UInt64 in 1...8 {
            for share in [0.6, 0] {
                let objective = TwoFunctions()
                var search = CoresetSearch(budget: 60, seed: seed)
                search.functionParentShare = share
                _ = search.run(coreset: Self.coreset, objective: objective)
                if share > 0 { withParents.append(objective.smallestG) } else { without.append(objective.smallestG) }
            }
        }
        #expect(withParents.reduce(0, +) < without.reduce(0, +), "with \(withParents), without \(without)")
        // Seed by seed: a smaller body for `g` every time (16-18 bytes against 18-20 when this was written).
        #expect(zip(withParents, without).allSatisfy { $0 < $1 }, "with \(withParents), without \(without)")
    }

    /// With no share (the default), a search on an objective that knows function sizes is the search it always was.
    @Test func withoutFunctionParentsTheRunIsUnchanged() {
        let searched = CoresetSearch(budget: 120, seed: 4).run(coreset: Self.coreset, objective: TwoFunctions())
        let plain = CoresetSearch(budget: 120, seed: 4).run(
            coreset: Self.coreset, objective: WithoutFunctionSizes(objective: TwoFunctions()))
        #expect(searched.evaluations == 120)
        #expect(searched == plain)
    }

    /// The same objective, without the function sizes.
    struct WithoutFunctionSizes: Objective {
        let objective: TwoFunctions
        var passCount: Int { objective.passCount }
        func evaluate(_ lists: [PassList]) -> [Int?] { objective.evaluate(lists) }
    }
}
