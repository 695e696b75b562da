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

struct PredictorInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Describe a predictor: provenance, pool, cross-validation figures.",
        discussion: "Example: passlab predictor info --protocol shipping")

    @Option(name: .customLong("protocol"), help: "The shipped predictor of this protocol (shipping or paper).")
    var protocolName: ProtocolName = .shipping

    @Option(help: "A predictor file instead of the shipped one.")
    var predictorFile: String?

    func run() throws {
        reportingErrors {
            let loaded = try PredictorModel.load(path: predictorFile, orBundled: protocolName)
            try StandardOutput.print(loaded.summary)
        }
    }
}
