import CodeSize
import Foundation
@testable import Predictor
import Testing

/// `PredictorModel.choose`, the greedy walk behind every ranking, is fast
/// (one contiguous table, the covered tail in one sort) and picks exactly
/// what the plain walk picks: checked against the plain walk on both shipped
/// models, with the weights of real training programs.
@Suite struct GreedyChoiceTests {
    /// The walk as first written: every step scans every remaining list over
    /// every program with weight.
    static func plainWalk(
        _ model: PredictorModel, count: Int, weights: [Double], allowed: [Int]? = nil, covering: [Int] = []
    ) -> [Int] {
        var remaining = allowed ?? Array(model.lists.indices)
        let programs = model.programs
        var covered = programs.map { program in covering.map { max(0, program.gains[$0] ?? 0) }.max() ?? 0 }
        var chosen: [Int] = []
        let active = programs.indices.filter { weights[$0] > 0 }
        while chosen.count < count, !remaining.isEmpty {
            var best: (position: Int, gain: Double, mean: Double)?
            for (position, list) in remaining.enumerated() {
                var added = 0.0, mean = 0.0
                for program in active {
                    let gain = programs[program].gains[list] ?? -1
                    added += weights[program] * max(0, gain - covered[program])
                    mean += weights[program] * max(gain, -0.1)
                }
                if best == nil || added > best!.gain + 1e-12 || (abs(added - best!.gain) <= 1e-12 && mean > best!.mean)
                {
                    best = (position, added, mean)
                }
            }
            let list = remaining.remove(at: best!.position)
            chosen.append(list)
            for program in active { covered[program] = max(covered[program], programs[program].gains[list] ?? 0) }
        }
        return chosen
    }

    @Test(arguments: [ProtocolName.shipping, .paper])
    func picksWhatThePlainWalkPicks(protocolName: ProtocolName) throws {
        let model = try PredictorModel.bundled(protocolName)
        var generator = SystemRandomNumberGenerator()
        // Programs spread over the training set, each weighing the others as a new module would.
        let step = max(1, model.programs.count / 3)
        for (round, program) in stride(from: 0, to: model.programs.count, by: step).enumerated() {
            let features = model.programs[program].features
            let weights = model.weights(for: features, excluding: { $0 == program })
            let all = model.lists.count
            // Every list (past the point where nothing adds any more) for one of the programs: the plain
            // walk takes seconds in a debug build.
            for count in [1, 9, 30] + (round == 0 ? [all] : []) {
                #expect(
                    model.choose(count: count, weights: weights)
                        == Self.plainWalk(model, count: count, weights: weights),
                    "\(protocolName) program \(program), \(count) lists")
            }
            // A subset of the lists allowed, some lists covered already.
            let allowed = model.lists.indices.filter { _ in Bool.random(using: &generator) }
            let covering = [round % all, (round * 7 + 3) % all]
            let rest = allowed.filter { !covering.contains($0) }
            #expect(
                model.choose(count: 30, weights: weights, allowed: rest, covering: covering)
                    == Self.plainWalk(model, count: 30, weights: weights, allowed: rest, covering: covering))
        }
        // One program alone has weight: after its best list nothing adds, and the rest go by mean gain.
        var single = [Double](repeating: 0, count: model.programs.count)
        single[0] = 1
        #expect(model.choose(count: 40, weights: single) == Self.plainWalk(model, count: 40, weights: single))
        #expect(model.choose(count: 0, weights: single).isEmpty)
        #expect(model.choose(count: 5, weights: single, allowed: []).isEmpty)
    }
}
