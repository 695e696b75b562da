/// The thing being minimised: binary size in bytes of one program.
///
/// Batches exist so a real implementation can compile in parallel; the
/// search strategies batch whatever they can. Results come back in input
/// order, one per list, `nil` for a failed list. Strategies never pass the
/// same list twice (see `Evaluator`), so an implementation need not memoise.
public protocol Objective: Sendable {
    /// Size of the pass catalog: valid pass indices are `0..<passCount`.
    var passCount: Int { get }
    /// Costs of `lists`, in input order (`result.count == lists.count`).
    func evaluate(_ lists: [PassList]) -> [Int?]
    /// Whether the run was asked to stop (Ctrl-C). Strategies end at once
    /// with what they have: without it, a huge budget keeps drawing lists
    /// that are never compiled, for minutes, in ever more memory.
    var isStopped: Bool { get }
}

extension Objective {
    /// An objective that cannot be stopped.
    public var isStopped: Bool { false }
}

/// An objective that also knows each evaluated list's function sizes (bytes
/// per defined function), for searches whose result is composed per function.
public protocol FunctionSizeObjective: Objective {
    /// The function sizes of a list evaluated already; nil when unknown.
    func functionSizes(of list: PassList) -> [String: Int]?
}
