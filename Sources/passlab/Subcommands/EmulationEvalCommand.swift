import ArgumentParser
import CodeSize
import Engine
import Foundation
import ModelTasks
import Models
import Toolchain

struct EmulationEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulation",
        abstract: "The paper's compiler-emulation evaluation: compile rate, exact match, size-prediction MAPE.",
        discussion:
            "INPUTS are datasets made by `passlab dataset emulation` (.jsonl; IR and assembly targets).\n\nExample: passlab eval emulation test.jsonl --llm --model-url http://127.0.0.1:8000/v1"
    )

    @Argument(help: "Datasets (.jsonl).")
    var inputs: [String]

    @OptionGroup var answers: AnswerOptions

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        reportingErrors {
            let source = try answers.source()
            let examples = try AnswerOptions.examples(inputs, task: .emulationIR)
            let display = ProgressReporter()
            let task = display.begin("emulation", total: examples.count, unit: "examples")
            let report = try EmulationReport.evaluate(examples, source: source, toolchain: try Toolchain.find()) { _ in
                task.advance()
            }
            display.line("")
            if json { try printJSON(report, measuredUnder: nil) } else { try StandardOutput.print(report.text) }
        }
    }
}
