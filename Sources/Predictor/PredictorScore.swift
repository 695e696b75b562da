import CodeSize
import Foundation
import LLVMBridge
import Pipelines

/// A predictor scored on a measured matrix, without compiling anything
/// (`passlab predictor score`): the sizes every pool list gives on every
/// example are in the matrix (`passlab predictor matrix` on held-out units),
/// so what any choice of lists would ship is read, not measured again.
///
/// At budget 1 the tuner compiles -Oz and its first pick and ships the
/// smaller: its score here is exactly what `tune --budget 1` and `bench
/// tuning` give on those modules (the same lists, the same compilations).
/// At larger budgets the row is the best of the first K picks with the
/// backup: what the tuner's picks alone reach, before it composes per
/// function or searches. Beside it, on the same examples: the baselines of
/// `bench tuning` (the best fixed list and the greedy coreset of K, learned
/// from the predictor's training programs), and two bounds no choice from
/// the pool can pass: the one list best over these examples, chosen in
/// hindsight, and the best list of each example (the oracle).
public struct PredictorScore: Codable, Sendable {
    /// One way of choosing lists at one budget, over every example.
    public struct Row: Codable, Sendable {
        /// `passlab`, `fixed-list`, `greedy-coreset`, `best-in-hindsight` or `oracle`.
        public var method: String
        /// Lists chosen per example (the oracle's and the hindsight list's: 1).
        public var budget: Int
        /// Geomean reduction vs -Oz with the backup, every example weighing the same, percent.
        public var reduction: Double
        /// The same with every code base weighing the same, percent.
        public var codeBasesEqual: Double
        /// Share of examples smaller than -Oz.
        public var improved: Double
        /// Per code base (sorted by name): its geomean reduction with the backup, percent.
        public var perCodeBase: [String: Double]
    }

    /// The predictor's provenance line.
    public var predictor: String
    /// The matrix's provenance line.
    public var matrix: String
    /// The protocol both were made under (`MeasurementProtocol.storeKey`).
    public var protocolKey: String
    /// Examples scored (whole units; functions split from units are left out).
    public var examples: Int
    /// Code bases of the examples, sorted.
    public var codeBases: [String]
    /// Examples that are training programs of the predictor (matched by name): their figures are in-sample.
    public var inSample: [String]
    /// One row per method and budget.
    public var rows: [Row]
    /// What budget 1 ships on each example, in the matrix's order.
    public var firstPicks: [FirstPick]

    /// PassLab's first pick on one example: what `tune --budget 1` ships there.
    public struct FirstPick: Codable, Sendable {
        /// The example's name in the matrix (`codeBase/unit.ll`).
        public var name: String
        /// Bytes at -Oz.
        public var oz: Int
        /// Bytes shipped: the pick's, or -Oz's when the pick is not smaller (or failed).
        public var size: Int
        /// The list picked (`PassAction` text); nil when the predictor has no list to propose.
        public var list: String?
    }

    /// Scores `model` on the whole-unit examples of `matrix` at each of `budgets`.
    /// Throws `PredictorDataError.incompatible` (naming `matrixPath`) when the matrix was measured under another
    /// protocol or -Oz base, lacks a list the predictor or a baseline could choose, or has no whole-unit example.
    public static func score(
        model: PredictorModel, matrix: TrainingMatrix, matrixPath: String, budgets: [Int]
    ) throws -> PredictorScore {
        func incompatible(_ reason: String) -> PredictorDataError {
            .incompatible(what: "matrix", path: matrixPath, reason: reason)
        }
        guard matrix.protocolKey == model.protocolKey else {
            throw incompatible(
                "it was measured under \(matrix.protocolKey), the predictor was trained under \(model.protocolKey); "
                    + "score it with the predictor of its protocol (--protocol)")
        }
        let examples = matrix.examples.filter { $0.function == nil }
        guard !examples.isEmpty else { throw incompatible("it has no whole-unit example") }
        var column: [PassAction: Int] = [:]
        for (index, action) in matrix.actions.enumerated() where column[action] == nil { column[action] = index }
        let editBaseDiffers = matrix.editBase != model.editBase
        // Every list the predictor or a baseline could choose: each needs a column.
        let pool = Set(model.usableLists + Baselines.eligibleLists(of: model)).sorted()
        for list in pool {
            let action = model.lists[list].action
            if case .edits = action, editBaseDiffers {
                throw incompatible(
                    "its edits apply to another -Oz pipeline than the predictor's; measure the units again with this "
                        + "PassLab (`passlab predictor matrix --actions` with the predictor's lists)")
            }
            guard column[action] != nil else {
                throw incompatible(
                    "it has no column for the predictor's list '\(action.description)'; measure the units with the "
                        + "predictor's pool (`passlab predictor matrix --actions data/training/actions-<protocol>.txt`)"
                )
            }
        }
        // Each example's size under each pool list (nil: the list failed there, so the backup ships -Oz).
        let sizes: [[Int?]] = examples.map { example in
            model.lists.map { list in column[list.action].flatMap { example.sizes[$0] } }
        }
        let training = Set(model.programs.map(\.name))
        let maximum = budgets.max() ?? 1
        let picks = examples.map { example in
            model.picks(
                for: model.standardized(IRFeatures(counts: example.features)), count: maximum,
                allowed: model.usableLists)
        }
        let coreset = Baselines.greedyCoresetOrder(of: model, limit: maximum)
        // The first of the pool lists with the largest geomean over these examples.
        let alone = pool.map { list in SizeReduction.geomeanPercent(shipped(examples, sizes) { _ in [list] }) }
        let hindsight = alone.indices.max { alone[$0] != alone[$1] ? alone[$0] < alone[$1] : $0 > $1 }.map { pool[$0] }
        var rows: [Row] = []
        for budget in budgets.sorted() {
            rows.append(row("passlab", budget, examples, sizes) { Array(picks[$0].prefix(budget)) })
            rows.append(row("fixed-list", budget, examples, sizes) { _ in Array(coreset.prefix(1)) })
            rows.append(row("greedy-coreset", budget, examples, sizes) { _ in Array(coreset.prefix(budget)) })
        }
        rows.append(row("best-in-hindsight", 1, examples, sizes) { _ in hindsight.map { [$0] } ?? [] })
        rows.append(row("oracle", 1, examples, sizes) { _ in pool })
        return PredictorScore(
            predictor: model.provenance, matrix: matrix.provenance, protocolKey: matrix.protocolKey,
            examples: examples.count, codeBases: Set(examples.map(\.codeBase)).sorted(),
            inSample: examples.map(\.name).filter(training.contains), rows: rows,
            firstPicks: zip(examples, shipped(examples, sizes) { Array(picks[$0].prefix(1)) }).enumerated().map {
                index, pair in
                FirstPick(
                    name: pair.0.name, oz: pair.1.reference, size: pair.1.size,
                    list: picks[index].first.map { model.lists[$0].action.description })
            })
    }

    /// The size each example ships when `lists(example)` are compiled beside -Oz: the smallest.
    private static func shipped(
        _ examples: [TrainingMatrix.Example], _ sizes: [[Int?]], _ lists: (Int) -> [Int]
    ) -> [(reference: Int, size: Int)] {
        examples.indices.map { index in
            let oz = examples[index].oz
            let best = lists(index).compactMap { sizes[index][$0] }.filter { $0 > 0 }.min()
            return (reference: oz, size: min(oz, best ?? oz))
        }
    }

    private static func row(
        _ method: String, _ budget: Int, _ examples: [TrainingMatrix.Example], _ sizes: [[Int?]],
        _ lists: (Int) -> [Int]
    ) -> Row {
        let pairs = shipped(examples, sizes, lists)
        var groups: [String: [(reference: Int, size: Int)]] = [:]
        for (example, pair) in zip(examples, pairs) { groups[example.codeBase, default: []].append(pair) }
        let improved = pairs.count { $0.size < $0.reference }
        return Row(
            method: method, budget: budget, reduction: SizeReduction.geomeanPercent(pairs),
            codeBasesEqual: SizeReduction.groupBalancedGeomeanPercent(groups.keys.sorted().map { groups[$0]! }),
            improved: Double(improved) / Double(max(1, pairs.count)),
            perCodeBase: groups.mapValues { SizeReduction.geomeanPercent($0) })
    }

    /// The report for the terminal: one line per row, then per code base the budget-1 figures.
    public var text: String {
        var lines = [
            "predictor: \(predictor)", "matrix: \(matrix)",
            "\(examples) units of \(codeBases.count) code bases (\(codeBases.joined(separator: ", "))), protocol "
                + protocolKey + "; nothing compiled: sizes read from the matrix",
        ]
        if !inSample.isEmpty {
            lines.append(
                "note: \(inSample.count) of the units are training programs of this predictor: in-sample, not held out")
        }
        lines.append("")
        lines.append(
            "method              budget  vs -Oz with backup  code bases equal  improved")
        for row in rows {
            lines.append(
                row.method.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + String(
                        format: "%6d  %17.2f%%  %15.2f%%  %7.0f%%", row.budget, row.reduction, row.codeBasesEqual,
                        100 * row.improved))
        }
        let budgetOne = rows.filter { $0.budget == 1 }
        lines.append("")
        lines.append("budget 1 per code base: " + budgetOne.map(\.method).joined(separator: " / "))
        for codeBase in codeBases {
            lines.append(
                "  \(codeBase): "
                    + budgetOne.map { String(format: "%.2f%%", $0.perCodeBase[codeBase] ?? 0) }.joined(separator: " / ")
            )
        }
        lines.append("")
        lines.append(
            "passlab at budget 1 is what tune --budget 1 ships on these units; above 1, the best of its first picks "
                + "alone (tune also composes per function and searches). best-in-hindsight and oracle are bounds: "
                + "the one pool list best over these units, and each unit's best pool list.")
        return lines.joined(separator: "\n")
    }
}
