import ArgumentParser
import CodeSize
import Engine
import Foundation
import ModelTasks
import Models
import Toolchain

struct DisassemblyEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disassembly",
        abstract: "The paper's disassembly evaluation: round-trip rate, round-trip BLEU, exact IR match.",
        discussion:
            "INPUTS are datasets made by `passlab dataset disassembly` (.jsonl) or assembly files (.s, no exact match).\n\nExample: passlab eval disassembly test.jsonl --llm --model-url http://127.0.0.1:8000/v1"
    )

    @Argument(help: "Datasets (.jsonl) or assembly files (.s).")
    var inputs: [String]

    @Option(
        name: .customLong("protocol"),
        help: "How lifted IR is lowered for the round trip (as the dataset was made): paper or shipping.")
    var protocolName: ProtocolName = .paper

    @OptionGroup var answers: AnswerOptions

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Print a line per example.")
    var verbose = false

    func run() throws {
        reportingErrors {
            let source = try answers.source()
            let examples = try AnswerOptions.examples(inputs, task: .disassembly)
            let display = ProgressReporter()
            let task = display.begin("disassembly", total: examples.count, unit: "examples")
            let report = try DisassemblyReport.evaluate(
                examples, source: source, measurementProtocol: MeasurementProtocol(protocolName),
                toolchain: try Toolchain.find()
            ) { line in
                if verbose { display.line(line) }
                task.advance()
            }
            display.line("")
            if json {
                try printJSON(report, measuredUnder: MeasurementProtocol(protocolName))
            } else {
                try StandardOutput.print(report.text)
            }
        }
    }
}
