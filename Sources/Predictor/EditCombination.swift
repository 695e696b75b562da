import Pipelines

/// Budget spent after the predictor's picks on edit actions (`PassAction.edits`).
/// First the picks that beat -Oz are merged greedily, best first; then each
/// further edit action the predictor ranks next is tried on top of the best
/// so far. Edits of different passes mostly add up (one drops a late `gvn`,
/// another stops `simplifycfg` speculating), so the union of two winners is
/// often smaller than either; a change is kept only when it is smaller.
///
/// With a `width` above 1, that many merges with the best so far are
/// compiled at once (the engine's workers in parallel); the smallest that
/// beats the best becomes the best, and the other edits of the batch that
/// beat it too are tried again on top of it, first, as one at a time would
/// have tried them on top of the first.
struct EditCombination {
    /// The pipeline the edits apply to (nil: no edit actions, nothing to do).
    var base: Pipeline?
    /// At most this many compilations.
    var budget: Int
    /// Merges compiled at once (1: one at a time).
    var width = 1

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
        // Edits still to try, the next first.
        var queue = Array((winners.sorted { $0.size < $1.size }.dropFirst().map(\.action) + candidates).reversed())
        var current = first
        var compiled: [(pipeline: Pipeline, size: Int?, length: Int, action: PassAction)] = []
        var tried: Set<PassAction> = [current.action]
        let width = max(1, width)
        while compiled.count < budget {
            var batch: [(next: PassAction, merged: PassAction, pipeline: Pipeline)] = []
            while batch.count < min(width, budget - compiled.count), let next = queue.popLast() {
                guard let merged = current.action.combined(with: next), tried.insert(merged).inserted,
                    let pipeline = try? merged.pipeline(editBase: base)
                else { continue }
                batch.append((next, merged, pipeline))
            }
            guard !batch.isEmpty else { break }
            let sizes = cost(batch.map(\.pipeline))
            var better: [(next: PassAction, merged: PassAction, size: Int)] = []
            for (item, size) in zip(batch, sizes) {
                compiled.append((item.pipeline, size, item.merged.length, item.merged))
                if let size, size < current.size { better.append((item.next, item.merged, size)) }
            }
            // Ties: the earlier in the batch (`min` keeps the first), as one at a time would keep it.
            guard let best = better.indices.min(by: { better[$0].size < better[$1].size }) else { continue }
            current = (better[best].merged, better[best].size)
            for index in better.indices.reversed() where index != best { queue.append(better[index].next) }
        }
        return compiled
    }
}
