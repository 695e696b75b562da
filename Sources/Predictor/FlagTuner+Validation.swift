import Engine
import Pipelines

/// What a tune validates: which of its lists are worth a PassListEval run, and what a list not validated yet
/// would add to the composition.
extension FlagTuner {
    /// What is worth validating, in order: of `smallestFirst` (sizes ascending), the lists smaller than
    /// `validatedSize` (the smallest validated result, -Oz at most), a list the predictor `proposed` by a byte,
    /// any other by `minimumGain` of the -Oz object; then `helpers` saving at least that and `helperShare`
    /// (nil: no helpers), most bytes first.
    static func validationQueue(
        smallestFirst: [(pipeline: Pipeline, size: Int)], helpers: [(pipeline: Pipeline, saving: Int)],
        validatedSize: Int, oz: Int, proposed: Set<Pipeline>, minimumGain: Double, helperShare: Double?
    ) -> [Pipeline] {
        let gain = max(1, Int((Double(oz) * minimumGain).rounded()))
        let smaller = smallestFirst.filter { validatedSize - $0.size >= (proposed.contains($0.pipeline) ? 1 : gain) }
            .map(\.pipeline)
        guard let helperShare else { return smaller }
        let saving = max(gain, Int((Double(oz) * helperShare).rounded()))
        let named = Set(smaller)
        return smaller
            + helpers.filter { $0.saving >= saving && !named.contains($0.pipeline) }
            .sorted { $0.saving > $1.saving }.map(\.pipeline)
    }

    /// Bytes each candidate's functions would save in a composition of
    /// `components`: per function, what its body is smaller than the
    /// smallest of the components' (functions no component defines count
    /// nothing). An estimate from symbol sizes: the worker keeps a body only
    /// when the whole object shrinks.
    static func functionSavings<Candidate>(
        of candidates: [(Candidate, MeasuredObject?)], over components: [MeasuredObject]
    ) -> [(candidate: Candidate, saving: Int)] {
        var smallest: [String: Int] = [:]
        for object in components {
            for (name, size) in object.functions { smallest[name] = min(smallest[name] ?? size, size) }
        }
        return candidates.map { candidate, object in
            let saving =
                object?.functions.reduce(0) { total, function in
                    total + max(0, (smallest[function.key] ?? function.value) - function.value)
                } ?? 0
            return (candidate, saving)
        }
    }
}
