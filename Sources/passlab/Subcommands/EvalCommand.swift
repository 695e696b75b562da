import ArgumentParser
import Autotune
import CodeSize
import Engine
import Foundation
import Models
import Predictor
import Store
import Toolchain
import Validation

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "The LLM Compiler paper's evaluations, on any programs.",
        discussion: "Example: passlab eval flag-tuning programs/ --budget 1",
        subcommands: [FlagTuningEvalCommand.self, DisassemblyEvalCommand.self, EmulationEvalCommand.self])
}
