import ArgumentParser
import CodeSize
import Datasets
import Engine
import Foundation
import Models
import Pipelines
import Store
import Toolchain

struct FlagTuningDatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flag-tuning",
        abstract: "Flag tuning: the label is the autotuner's best validated list, the sizes and the optimized IR.",
        discussion: """
            Labels come from an autotuning store (--db, made by `passlab autotune`) under --protocol: the smallest list that \
            passed PassListEval, or module(default<Oz>), or no passes ("cannot be made smaller"); lists never validated or \
            that failed are never labels. Modules whose prompt is over --max-tokens are split per function when the store \
            holds the functions (`passlab split FILE.ll -o DIR`, then autotune DIR); otherwise skipped and counted.

            Example: passlab dataset flag-tuning dev-corpus --db results.sqlite --output flag-tuning.jsonl
            """
    )

    @OptionGroup var options: DatasetOptions

    @Option(help: "The autotuning store (SQLite) the labels come from.")
    var db: String

    func run() throws {
        try options.run(task: .flagTuning, store: db)
    }
}
