import Autotune
import CodeSize
import Engine
import Foundation
import Pipelines

extension FlagTuner {
    /// A composition's lists: -Oz, then `first`, then the smallest
    /// validated of `evaluated` (by size, length, text; nil sizes left out),
    /// `limit` in all.
    static func compositionComponents(
        of evaluated: [(pipeline: Pipeline, size: Int?, length: Int)], oz: Pipeline, first: [Pipeline] = [],
        limit: Int, isValidated: (Pipeline) -> Bool
    ) -> [Pipeline] {
        var seen = Set<Pipeline>()
        // Each list's text is made once (an edit action's runs to thousands of characters), not at every comparison.
        let sorted = evaluated.compactMap { item -> (pipeline: Pipeline, size: Int, length: Int, text: String)? in
            guard let size = item.size, seen.insert(item.pipeline).inserted else { return nil }
            return (item.pipeline, size, item.length, item.pipeline.text)
        }.sorted { ($0.size, $0.length, $0.text) < ($1.size, $1.length, $1.text) }
        var lists = [oz] + first.filter { $0 != oz }
        for candidate in sorted where lists.count < limit && isValidated(candidate.pipeline) {
            if !lists.contains(candidate.pipeline) { lists.append(candidate.pipeline) }
        }
        return lists
    }

    /// The first composition, started on its own thread as soon as its
    /// lists are known (the engine runs it on a free worker while the search
    /// compiles on the others), and used only for exactly those lists.
    final class EarlyComposition: @unchecked Sendable {
        let lists: [Pipeline]
        private let done = DispatchSemaphore(value: 0)
        private var outcome: (outcome: EvaluationOutcome, composition: FunctionComposition?)?

        /// Starts composing `lists` (nothing when there are fewer than two).
        init(
            lists: [Pipeline], engine: EvaluationEngine, handle: ModuleHandle, objective: EngineObjective,
            measurementProtocol: MeasurementProtocol
        ) {
            self.lists = lists
            guard lists.count > 1 else {
                done.signal()
                return
            }
            let objects = objective.objects(of: lists)
            Thread.detachNewThread { [self] in
                outcome = engine.compose(
                    handle, lists: lists, objects: objects, measurementProtocol: measurementProtocol)
                done.signal()
            }
        }

        /// Waits for the composition to end.
        func wait() {
            done.wait()
            done.signal()
        }

        /// The composition of `lists` if it is this one's, once it has ended.
        func result(for lists: [Pipeline]) -> (outcome: EvaluationOutcome, composition: FunctionComposition?)? {
            guard lists == self.lists else { return nil }
            wait()
            return outcome
        }
    }
}
