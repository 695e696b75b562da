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

struct PredictorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predictor",
        abstract: "The embedded flag-tuning predictor: train one, describe one, or upgrade its file.",
        discussion: "Example: passlab predictor info --protocol paper",
        subcommands: [
            PredictorMatrixCommand.self, PredictorTrainCommand.self, PredictorInfoCommand.self,
            PredictorScoreCommand.self,
            PredictorUpgradeCommand.self,
        ])
}
