/// The paper's minimisation of a pass list, repeated to a fixed point.
///
/// Three phases per round, each only ever accepting a list that is no worse:
/// 1. redundant-pass elimination: drop a pass when the cost does not rise;
/// 2. canonical ordering: bubble-sort by pass index, swapping neighbours
///    only when the cost does not change (see below);
/// 3. insertion search: before each pass and at the end, try every catalog
///    pass (one batch per gap, so a real objective compiles in parallel) and
///    keep the best strict improvement.
/// Rounds repeat until one changes nothing (a fixed point) or the budget
/// runs out.
///
/// Invariant: the current list's cost is the minimum over every successful
/// list evaluated so far, so the result is never worse than the input nor
/// than anything the minimiser saw. This is why a swap that strictly lowers
/// the cost is also kept (the paper only describes equal-cost swaps; a lower
/// one is rare and rejecting it would discard a better list already paid
/// for). Termination: each changing round lowers (cost, length, inversions)
/// lexicographically; cost only falls through insertions, which are strict.
public struct Minimizer: Sendable {
    /// Most real evaluations one minimisation may spend (`Int.max`, the default: run to the fixed point); memo hits are
    /// free.
    public var budget: Int

    /// A minimiser allowed `budget` evaluations per call.
    public init(budget: Int = .max) {
        self.budget = budget
    }

    /// Minimises `list`, spending one evaluation on the input itself.
    /// A failing input is returned as no result (`best == nil`).
    public func minimize(_ list: PassList, objective: any Objective) -> SearchResult {
        var evaluator = Evaluator(objective: objective, budget: budget)
        guard let start = evaluator.evaluate(list) else { return evaluator.result(best: nil) }
        return run(from: start, evaluator: &evaluator)
    }

    /// Minimises a list whose cost is already known (not re-evaluated).
    public func minimize(_ start: Evaluation, objective: any Objective) -> SearchResult {
        var evaluator = Evaluator(objective: objective, budget: budget)
        evaluator.record(start)
        return run(from: start, evaluator: &evaluator)
    }

    private func run(from start: Evaluation, evaluator: inout Evaluator) -> SearchResult {
        guard let startCost = start.cost else { return evaluator.result(best: nil) }
        var state = State(list: start.list, cost: startCost)
        while true {
            var changed = eliminateRedundant(&state, &evaluator)
            if !evaluator.refused { changed = sortCanonically(&state, &evaluator) || changed }
            if !evaluator.refused { changed = insertPasses(&state, &evaluator) || changed }
            if !changed || evaluator.refused { break }
        }
        return evaluator.result(best: Evaluation(list: state.list, cost: state.cost))
    }

    /// The accepted list and its (successful) cost.
    private struct State {
        var list: PassList
        var cost: Int

        /// Accepts `candidate` when it succeeded and passes `test`.
        mutating func accept(_ candidate: Evaluation?, if test: (Int, Int) -> Bool) -> Bool {
            guard let candidate, let cost = candidate.cost, test(cost, self.cost) else { return false }
            self = State(list: candidate.list, cost: cost)
            return true
        }
    }

    /// Phase 1: removes, front to back, every pass whose removal costs nothing.
    private func eliminateRedundant(_ state: inout State, _ evaluator: inout Evaluator) -> Bool {
        var changed = false
        var i = 0
        while i < state.list.count {
            var candidate = state.list
            candidate.remove(at: i)
            let result = evaluator.evaluate(candidate)
            if result == nil { return changed }
            if state.accept(result, if: <=) { changed = true } else { i += 1 }
        }
        return changed
    }

    /// Phase 2: bubble sort by pass index; each accepted swap removes one
    /// inversion, so this terminates even though rejected swaps are retried
    /// (for free, from the memo) on later sweeps.
    private func sortCanonically(_ state: inout State, _ evaluator: inout Evaluator) -> Bool {
        var changed = false
        var swapped = true
        while swapped {
            swapped = false
            for j in 0..<max(0, state.list.count - 1) where state.list[j] > state.list[j + 1] {
                var candidate = state.list
                candidate.swapAt(j, j + 1)
                let result = evaluator.evaluate(candidate)
                if result == nil { return changed }
                if state.accept(result, if: <=) { swapped = true; changed = true }
            }
        }
        return changed
    }

    /// Phase 3: at each gap of the list, tries every catalog pass at once and
    /// keeps the lowest strict improvement (ties: lowest pass index). After an
    /// insertion the scan moves past the inserted pass, so each original gap
    /// is visited once per round.
    private func insertPasses(_ state: inout State, _ evaluator: inout Evaluator) -> Bool {
        var changed = false
        var gap = 0
        while gap <= state.list.count {
            let candidates = (0..<evaluator.objective.passCount).map { pass -> PassList in
                var list = state.list
                list.insert(pass, at: gap)
                return list
            }
            let results = evaluator.evaluate(candidates)
            var winner: Evaluation?
            for case let result? in results where result.improves(on: winner?.cost ?? state.cost) {
                winner = result
            }
            if state.accept(winner, if: <) {
                changed = true
                gap += 2
            } else {
                gap += 1
            }
            if results.contains(where: { $0 == nil }) { return changed }
        }
        return changed
    }
}
