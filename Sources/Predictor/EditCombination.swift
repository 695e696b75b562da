import Pipelines

/// Budget spent after the predictor's picks on edit actions (`PassAction.edits`):
/// the picks that beat -Oz are merged greedily, best first. Edits of
/// different passes mostly add up (one drops a late `gvn`, another stops
/// `simplifycfg` speculating), so the union of two winners is often
/// smaller than either; a merge is kept only when it is.
struct EditCombination {
    /// The pipeline the edits apply to (nil: no edit actions, nothing to do).
    var base: String?
    /// At most this many compilations.
    var budget: Int

    /// Compiles merges of `winners` (each with its measured size); returns
    /// every merge compiled, as `FlagTuner` tracks candidates.
    func run(winners: [(action: PassAction, size: Int)], cost: ([String]) -> [Int?]) -> [(text: String, size: Int?, length: Int)] {
        guard let base, winners.count > 1, budget > 0 else { return [] }
        let ordered = winners.sorted { $0.size < $1.size }
        var current = ordered[0]
        var compiled: [(text: String, size: Int?, length: Int)] = []
        var tried = Set([current.action])
        for next in ordered.dropFirst() where compiled.count < budget {
            guard let merged = current.action.combined(with: next.action), tried.insert(merged).inserted,
                  let text = try? merged.pipeline(editBase: base) else { continue }
            let size = cost([text])[0]
            compiled.append((text, size, merged.length))
            if let size, size < current.size { current = (merged, size) }
        }
        return compiled
    }
}
