import Pipelines

/// Budget spent after the predictor's picks on edit actions (`PassAction.edits`).
/// First the picks that beat -Oz are merged greedily, best first; then each
/// further edit action the predictor ranks next is tried on top of the best
/// so far. Edits of different passes mostly add up (one drops a late `gvn`,
/// another stops `simplifycfg` speculating), so the union of two winners is
/// often smaller than either; a change is kept only when it is smaller.
struct EditCombination {
    /// The pipeline the edits apply to (nil: no edit actions, nothing to do).
    var base: Pipeline?
    /// At most this many compilations.
    var budget: Int

    /// Compiles merges of `winners` (each with its measured size), then of
    /// the best with each of `candidates` in order (from -Oz itself, of
    /// size `reference`, when no winner beat it); returns every pipeline
    /// compiled, as `FlagTuner` tracks candidates.
    func run(
        winners: [(action: PassAction, size: Int)], candidates: [PassAction] = [], reference: Int? = nil,
        cost: ([Pipeline]) -> [Int?]
    ) -> [(pipeline: Pipeline, size: Int?, length: Int, action: PassAction)] {
        guard let base, budget > 0 else { return [] }
        let start = winners.min(by: { $0.size < $1.size }) ?? reference.map { (PassAction.edits([]), $0) }
        guard let first = start else { return [] }
        let ordered = winners.sorted { $0.size < $1.size }.dropFirst().map(\.action) + candidates
        var current = first
        var compiled: [(pipeline: Pipeline, size: Int?, length: Int, action: PassAction)] = []
        var tried: Set<PassAction> = [current.action]
        for next in ordered where compiled.count < budget {
            guard let merged = current.action.combined(with: next), tried.insert(merged).inserted,
                let pipeline = try? merged.pipeline(editBase: base)
            else { continue }
            let size = cost([pipeline])[0]
            compiled.append((pipeline, size, merged.length, merged))
            if let size, size < current.size { current = (merged, size) }
        }
        return compiled
    }
}
