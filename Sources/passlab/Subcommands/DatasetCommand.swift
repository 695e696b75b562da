import ArgumentParser
import CodeSize
import Datasets
import Engine
import Foundation
import Models
import Pipelines
import Store
import Toolchain

struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract:
            "Datasets in the LLM Compiler models' prompt formats (JSONL: prompt, label, sizes; splits by code base).",
        discussion: """
            One example per line, the same keys and types on every line of every task (no nulls), prompts and labels \
            exactly as `passlab prompt` and the models' formats have them. Default protocol: paper (codegen O0, PIC: the sizes the \
            released models were trained on); --protocol shipping for codegen O2. Code bases (an input's parent directory) \
            go wholly to train (~80%), validation (~10%) or test (~10%) by a seeded hash. Written to OUT.partial as it goes: \
            after Ctrl-C or a kill, run the same command again to resume; OUT appears only when complete.

            Example: passlab dataset emulation dev-corpus --output emulation.jsonl
            """,
        subcommands: [EmulationDatasetCommand.self, FlagTuningDatasetCommand.self, DisassemblyDatasetCommand.self]
    )
}
