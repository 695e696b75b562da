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

struct FlagTuningEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flag-tuning",
        abstract:
            "The paper's Table 3: geomean size vs -Oz without and with the -Oz backup, improved and regressed shares, per benchmark.",
        discussion: """
            Every module under INPUTS is tuned as `passlab tune` would (nothing is written); a benchmark is a top-level \
            directory of an input. Sizes and verdicts go to the store (--db), so an interrupted evaluation resumes where \
            it stopped. --protocol both reports the shipping and the paper protocols in one run. Progress (modules done, \
            ETA) goes to standard error.

            Example: passlab eval flag-tuning programs/ --budget 1 --html eval.html
            """
    )

    @Argument(help: "Programs (.c/.cpp/.ll/.bc) or directories (each top-level directory is a benchmark).")
    var inputs: [String]

    @Option(help: "Pass lists to compile per module (1: zero-shot).")
    var budget: Int = 1

    @Flag(
        inversion: .prefixedNo,
        help:
            "Split modules whose flag-tuning prompt is over --prompt-tokens into one module per function, as the paper did. Default: on for --predictor llm, off otherwise."
    )
    var split: Bool?

    @Option(help: "The prompt budget in tokens for --split (the paper's 15k).")
    var promptTokens: Int = 15_000

    @Option(name: .customLong("protocol"), help: "shipping, paper or both.")
    var protocols: String = "shipping"

    @Option(help: "Override the protocol's codegen level (O0, O1, O2, O3).")
    var codegen: CodeGenLevel?

    @Option(help: "Override the relocation model (pic, static, default).")
    var reloc: RelocationModel?

    @OptionGroup var predictor: PredictorOptions
    @OptionGroup var engine: EngineOptions

    @Flag(help: "Print the report as JSON (an array of reports, one per protocol, with --protocol both).")
    var json = false

    @Option(help: "Also write an HTML report (charts as inline SVG) to this file.")
    var html: String?

    @Flag(help: "Print a line per module.")
    var verbose = false

    var protocolNames: [ProtocolName] {
        protocols == "both" ? [.shipping, .paper] : [ProtocolName(rawValue: protocols)].compactMap { $0 }
    }

    func validate() throws {
        guard budget >= 1 else { throw ValidationError("--budget must be at least 1, got \(budget)") }
        guard promptTokens >= 1 else {
            throw ValidationError("--prompt-tokens must be at least 1, got \(promptTokens)")
        }
        guard !protocolNames.isEmpty else {
            throw ValidationError("--protocol must be shipping, paper or both, not '\(protocols)'")
        }
        guard predictor.predictorFile == nil || protocolNames.count == 1 else {
            throw ValidationError(
                "--predictor-file holds a predictor for one protocol; with --protocol both, use the shipped predictors")
        }
    }

    func run() throws {
        reportingErrors {
            let evaluationEngine = try engine.makeEngine()
            let stop = StopSignal()
            stop.install(notice: "stopping after the evaluations in flight (Ctrl-C again to quit at once)...")
            let display = ProgressReporter()
            var reports: [FlagTuningReport] = []
            for name in protocolNames {
                let measurementProtocol = MeasurementProtocol(name, codeGen: codegen, reloc: reloc)
                let tuner = try predictor.makeTuner(
                    engine: evaluationEngine, jobs: engine.jobs, measurementProtocol: measurementProtocol)
                tuner.stop = stop
                tuner.progress = display
                (tuner.predictor as? ServedModelPredictor)?.promptTokenLimit = promptTokens
                do {
                    let splitting = split ?? (predictor.predictor == .llm)
                    let report = try tuner.evaluate(
                        inputs: inputs, budget: budget, splitPromptsOver: splitting ? promptTokens : nil,
                        tokenCounter: LlamaTokenCount.default, stop: stop
                    ) { line in
                        if verbose { display.line(line) }
                    }
                    reports.append(report)
                } catch let interrupted as FlagTuner.Interrupted {
                    display.line("passlab: \(interrupted)")
                    throw ExitCode(130)
                }
            }
            display.line("")
            if let html { try writeHTMLReport(FlagTuningReport.html(reports), to: html) }
            if json {
                if reports.count == 1 { try printJSON(reports[0]) } else { try printJSON(reports) }
            } else {
                try StandardOutput.print(reports.map(\.text).joined(separator: "\n\n"))
                if let html { try StandardOutput.print("HTML report: \(html)") }
            }
        }
    }
}
