import ArgumentParser
import Foundation
import Predictor
import Toolchain

struct PredictorUpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Rewrite a predictor file of an earlier format in the current one, every value kept.",
        discussion: """
            A predictor trained by an earlier PassLab (format 1 kept each training program's features and gains \
            as arrays of numbers) still loads, but more slowly; the rewritten file makes the same picks and loads \
            faster. Example: passlab predictor upgrade old.json -o predictor.json
            """)

    @Argument(help: "The predictor file to read.")
    var input: String

    @Option(name: .short, help: "The predictor file to write (may be the input).")
    var output: String

    func run() throws {
        reportingErrors {
            let model = try PredictorModel.load(path: input)
            try writeAtomically(Array(try model.encoded()), to: output)
            try StandardOutput.print("wrote \(output) (format \(PredictorModel.formatVersion))")
        }
    }
}
