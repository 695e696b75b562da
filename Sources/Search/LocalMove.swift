/// One edit of a pass list: the neighbourhood `LocalSearch` climbs through.
///
/// The four moves make every list reachable from every other (insertions and
/// deletions alone would), while replacement and swap let the search change
/// a pass or an order in one step instead of two, which matters when each
/// intermediate list is worse.
public enum LocalMove: Sendable, Hashable {
    /// Insert `pass` before position `at` (`at == count` appends).
    case insert(pass: Int, at: Int)
    /// Remove the pass at `at`.
    case delete(at: Int)
    /// Replace the pass at `at` by `pass`.
    case replace(at: Int, with: Int)
    /// Swap the passes at `at` and `at + 1`.
    case swap(at: Int)

    /// `list` with this move applied; positions must be valid for it.
    public func applied(to list: PassList) -> PassList {
        var result = list
        switch self {
        case let .insert(pass, at): result.insert(pass, at: at)
        case let .delete(at): result.remove(at: at)
        case let .replace(at, pass): result[at] = pass
        case let .swap(at): result.swapAt(at, at + 1)
        }
        return result
    }

    /// Every move that changes `list`; insertions only while the list is
    /// shorter than `maxLength`. Deleting the last pass is allowed (the empty
    /// list is valid). The order is deterministic; callers shuffle it with
    /// their seeded generator.
    public static func neighbourhood(of list: PassList, passCount: Int, maxLength: Int) -> [LocalMove] {
        var moves: [LocalMove] = []
        if list.count < maxLength {
            for at in 0...list.count {
                for pass in 0..<passCount { moves.append(.insert(pass: pass, at: at)) }
            }
        }
        for at in list.indices {
            moves.append(.delete(at: at))
            for pass in 0..<passCount where pass != list[at] { moves.append(.replace(at: at, with: pass)) }
            if at + 1 < list.count && list[at] != list[at + 1] { moves.append(.swap(at: at)) }
        }
        return moves
    }
}
