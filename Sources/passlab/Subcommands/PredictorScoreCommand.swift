import ArgumentParser
import CodeSize
import Foundation
import Predictor
import Toolchain

/// `passlab predictor score`: a predictor on a measured matrix of held-out units, nothing compiled.
struct PredictorScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a predictor on a matrix of held-out units without compiling: its picks beside the baselines "
            + "and the pool's bounds.",
        discussion: """
            MATRIX is made by `passlab predictor matrix` with the predictor's pool as the actions (for the shipped \
            predictors, data/training/actions-<protocol>.txt) on units it did not train on; \
            data/training/held-out-matrix-<protocol>.json.gz holds the three held-out sets. Every figure is read from \
            the matrix: at budget 1 PassLab's row is what `tune --budget 1` ships on those units; above 1, the best \
            of its first picks alone (tune also composes per function and searches). Beside it the baselines of \
            `bench tuning` (best fixed list, greedy coreset of K), the one pool list best over these units in \
            hindsight, and each unit's best pool list (the oracle): no choice of lists from the pool passes these two.

            Example: passlab predictor score data/training/held-out-matrix-shipping.json.gz --budgets 1,2,10
            """
    )

    @Argument(help: "The matrix of the units to score on (.json.gz, from `passlab predictor matrix`).")
    var matrix: String

    @Option(name: .customLong("protocol"), help: "The shipped predictor of this protocol (shipping or paper).")
    var protocolName: ProtocolName = .shipping

    @Option(help: "A predictor file instead of the shipped one.")
    var predictorFile: String?

    @Option(help: "Lists per unit, separated by commas.")
    var budgets = "1,2,10"

    @Option(help: "Only units of these code bases (comma-separated names).")
    var codeBases: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard budgetList(budgets) != nil else { throw ValidationError(badBudgets(budgets)) }
    }

    func run() throws {
        reportingErrors {
            let model = try PredictorModel.load(path: predictorFile, orBundled: protocolName)
            var loaded = try TrainingMatrix.load(path: matrix)
            if let codeBases {
                let names = Set(codeBases.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                let known = Set(loaded.examples.map(\.codeBase))
                if let unknown = names.subtracting(known).sorted().first {
                    throw PredictorDataError.incompatible(
                        what: "matrix", path: matrix,
                        reason: "it has no unit of the code base '\(unknown)' (--code-bases); it has "
                            + known.sorted().joined(separator: ", "))
                }
                loaded.examples = loaded.examples.filter { names.contains($0.codeBase) }
            }
            let score = try PredictorScore.score(
                model: model, matrix: loaded, matrixPath: matrix, budgets: budgetList(budgets) ?? [1])
            if json { try printJSON(score) } else { try StandardOutput.print(score.text) }
        }
    }
}
