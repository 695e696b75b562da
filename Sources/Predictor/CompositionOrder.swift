import Foundation
import Pipelines

/// Pool lists in the order that serves per-function composition best.
///
/// When the tuner composes (`FlagTuner.perFunction`, budgets of 2 and
/// more), a module gets, function by function, the smallest body any of its
/// compiled lists made, or -Oz's. A set of lists is then worth what its best
/// member saves on each function, summed over the module: lists that win big
/// on some functions and lose on others become useful, and a list chosen for
/// whole modules (`PredictorModel.choose`) is often not the best partner.
///
/// The order is learned from a function-level training matrix (every unit
/// split into its functions, `predictor matrix --split-functions`): greedy,
/// each next list the one that adds most to the mean over training code
/// bases of the mean over their units (each code base weighs the same: the
/// order is for code bases it never saw, and one with many units must not
/// decide it alone) of `ln(-Oz size / estimated size)`, where the estimate is the unit's -Oz size
/// less what the chosen lists save on its functions (each function at its
/// best, never worse than -Oz), or the best chosen list on the whole unit
/// when that is smaller. It is an estimate: a function's size is measured in
/// its own module, and the worker keeps a body only when the whole object
/// shrinks (`EvaluationEngine.compose`).
public struct CompositionTraining: Sendable {
    /// A training unit: its -Oz size, its size under each action, and for
    /// each of its functions the bytes each action saves against -Oz
    /// (nil: the action failed on it).
    public struct Unit: Sendable {
        /// The unit's code base (parent directory): each weighs the same in `order`, and `crossValidate` holds it out
        /// whole.
        public var codeBase: String
        /// Bytes (text + data) of the whole unit at -Oz; always above 0 (empty units are dropped).
        public var oz: Int
        /// Bytes of the whole unit under each action, in `pipelines` order (nil: the action failed).
        public var sizes: [Int?]
        /// Per function split from the unit, per action: bytes its own module is smaller than at -Oz (negative when
        /// larger; nil: the action failed).
        public var functionSavings: [[Int?]]
    }

    /// The matrix's whole-unit examples of non-zero -Oz size, each with its functions.
    public var units: [Unit]
    /// The actions' pipelines, in matrix order.
    public var pipelines: [Pipeline]

    /// Units with their functions, from a matrix measured with `--split-functions`.
    public init(matrix: TrainingMatrix) throws {
        var functions: [String: [[Int?]]] = [:]
        for example in matrix.examples where example.function != nil {
            let unit = String(example.name.split(separator: "#", maxSplits: 1).first ?? "")
            functions[unit, default: []].append(example.sizes.map { size in size.map { example.oz - $0 } })
        }
        units = matrix.examples.filter { $0.function == nil && $0.oz > 0 }.map { example in
            Unit(
                codeBase: example.codeBase, oz: example.oz, sizes: example.sizes,
                functionSavings: functions[example.name] ?? [])
        }
        pipelines = try matrix.actions.map { try $0.pipeline(editBase: matrix.editBase) }
    }

    /// Functions over all units (the rows of every `functionSavings`).
    public var functionCount: Int { units.reduce(0) { $0 + $1.functionSavings.count } }

    /// The greedy order over `allowed` actions (all by default) for the
    /// `units` given (all by default): at most `count` lists, stopping
    /// when no list adds anything.
    public func order(count: Int, allowed: [Int]? = nil, units chosenUnits: [Int]? = nil) -> [Int] {
        let chosen = chosenUnits ?? Array(units.indices)
        var state = chosen.map { UnitState(unit: units[$0]) }
        var perCodeBase: [String: Int] = [:]
        for unit in chosen { perCodeBase[units[unit].codeBase, default: 0] += 1 }
        let weights = chosen.map { 1 / Double(perCodeBase[units[$0].codeBase]!) }
        var remaining = allowed ?? Array(pipelines.indices)
        var order: [Int] = []
        while order.count < count, !remaining.isEmpty {
            let current = zip(state, weights).reduce(0) { $0 + $1.0.value * $1.1 }
            var best: (position: Int, total: Double)?
            for (position, action) in remaining.enumerated() {
                let total = zip(state, weights).reduce(0) { $0 + $1.0.value(adding: action) * $1.1 }
                if best == nil || total > best!.total + 1e-12 { best = (position, total) }
            }
            guard let best, best.total > current + 1e-9 else { break }
            let action = remaining.remove(at: best.position)
            order.append(action)
            for index in state.indices { state[index].add(action) }
        }
        return order
    }

    /// Leave-one-code-base-out: the estimated geomean reduction vs -Oz (%)
    /// of composing each held-out unit's first `budget` lists of an order
    /// learned without its code base, for each budget.
    public func crossValidate(
        budgets: [Int], allowed: [Int]? = nil
    ) -> [(budget: Int, estimate: Double, oracle: Double)] {
        let maximum = budgets.max() ?? 0
        var gains = [[Double]](repeating: [], count: budgets.count)
        var oracle: [Double] = []
        let all = allowed ?? Array(pipelines.indices)
        for codeBase in Set(units.map(\.codeBase)).sorted() {
            let training = units.indices.filter { units[$0].codeBase != codeBase }
            let learned = order(count: maximum, allowed: all, units: training)
            for unit in units.indices where units[unit].codeBase == codeBase {
                for (position, budget) in budgets.enumerated() {
                    var state = UnitState(unit: units[unit])
                    for action in learned.prefix(budget) { state.add(action) }
                    gains[position].append(state.value)
                }
                var state = UnitState(unit: units[unit])
                for action in all { state.add(action) }
                oracle.append(state.value)
            }
        }
        let oracleReduction = geomeanReduction(oracle)
        return zip(budgets, gains).map { ($0, geomeanReduction($1), oracleReduction) }
    }

    /// What a set of chosen lists is estimated to be worth on one unit.
    struct UnitState {
        let unit: Unit
        /// Per function, the most bytes a chosen list saves (0: -Oz's body).
        var saved: [Int]
        /// The smallest whole-unit size of a chosen list.
        var smallest: Int

        init(unit: Unit) {
            self.unit = unit
            saved = [Int](repeating: 0, count: unit.functionSavings.count)
            smallest = unit.oz
        }

        /// `ln(-Oz / estimate)`, never negative (-Oz is the backup).
        var value: Double { Self.value(oz: unit.oz, smallest: smallest, saved: saved.reduce(0, +)) }

        func value(adding action: Int) -> Double {
            var total = 0
            for (index, row) in unit.functionSavings.enumerated() { total += max(saved[index], row[action] ?? 0) }
            return Self.value(oz: unit.oz, smallest: min(smallest, unit.sizes[action] ?? .max), saved: total)
        }

        mutating func add(_ action: Int) {
            for (index, row) in unit.functionSavings.enumerated() { saved[index] = max(saved[index], row[action] ?? 0) }
            smallest = min(smallest, unit.sizes[action] ?? .max)
        }

        static func value(oz: Int, smallest: Int, saved: Int) -> Double {
            let composed = max(1, oz - saved)
            return Foundation.log(Double(oz) / Double(max(1, min(smallest, composed))))
        }
    }
}

extension PredictorModel {
    /// Learns `compositionOrder` (and its cross-validation) from
    /// `training`, over the actions that are also pool lists of this model
    /// (matched by pipeline; an action outside the pool can never be
    /// proposed). Returns how many of `training`'s actions it could use.
    @discardableResult
    public mutating func learnCompositionOrder(
        from training: CompositionTraining, maximumLists: Int = 40,
        reportedBudgets: [Int] = [1, 2, 3, 5, 9, 15]
    ) throws -> Int {
        var poolIndex: [Pipeline: Int] = [:]
        for (index, list) in lists.enumerated() {
            let pipeline = try pipeline(of: list)
            if poolIndex[pipeline] == nil { poolIndex[pipeline] = index }
        }
        let usable = Set(usableLists)
        let allowed = training.pipelines.indices.filter {
            poolIndex[training.pipelines[$0]].map(usable.contains) == true
        }
        compositionOrder = training.order(count: maximumLists, allowed: allowed).map {
            poolIndex[training.pipelines[$0]]!
        }
        compositionCrossValidation = training.crossValidate(budgets: reportedBudgets, allowed: allowed).map {
            CrossValidationPoint(
                budget: $0.budget, geomeanReductionVsOzWithBackup: $0.estimate, oracleReductionVsOz: $0.oracle)
        }
        return allowed.count
    }
}
