import Search

/// A fake objective with a planted optimum: a base cost, a per-pass weight
/// for every occurrence, a one-off saving when a pass is present, and a
/// one-off saving when one pass appears somewhere before another.
///
/// The default instance (catalog of 10 passes, all weighing 10) saves 40
/// when pass 5 is present and 50 when pass 3 appears before a later pass 7.
/// Its optimum is 940, reached exactly by {3, 5, 7} with 3 before 7; pass 3
/// or 7 alone only adds cost, so the pair must be found as a combination.
struct PlantedObjective: Objective {
    var passCount = 10
    var base = 1000
    var weights = [Int](repeating: 10, count: 10)
    var presence: [Int: Int] = [5: 40]
    var pairs: [(first: Int, later: Int, saving: Int)] = [(3, 7, 50)]
    /// Lists containing any of these fail (`nil`), whatever they would cost.
    var failing: Set<Int> = []

    static let optimum = 940

    func cost(_ list: PassList) -> Int? {
        if list.contains(where: failing.contains) { return nil }
        var cost = base + list.reduce(0) { $0 + weights[$1] }
        for (pass, saving) in presence where list.contains(pass) { cost -= saving }
        for pair in pairs {
            if let i = list.firstIndex(of: pair.first), list[(i + 1)...].contains(pair.later) { cost -= pair.saving }
        }
        return cost
    }

    func evaluate(_ lists: [PassList]) -> [Int?] { lists.map(cost) }
}
