import ArgumentParser
import Predictor
import Toolchain

/// `passlab bench predictor-load`: loading the shipped predictors, this format beside format 1.
struct PredictorLoadBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predictor-load",
        abstract: "Milliseconds to load each shipped predictor (read, decode, check), in the format this PassLab "
            + "writes beside the same model in format 1, and as tune loads it (edit actions applied when proposed), "
            + "alternating in one run.",
        discussion: "Example: passlab bench predictor-load --loads 20"
    )

    @Option(help: "Loads per protocol and format.")
    var loads = 20

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard loads >= 1 else { throw ValidationError("--loads must be at least 1, got \(loads)") }
    }

    func run() throws {
        reportingErrors {
            let report = try PredictorLoadBenchmark(loads: loads).run()
            if json { try printJSON(report) } else { try StandardOutput.print(PredictorLoadBenchmark.text(report)) }
        }
    }
}
