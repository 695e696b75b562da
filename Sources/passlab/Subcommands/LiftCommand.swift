import ArgumentParser
import CodeSize
import Engine
import Foundation
import ModelTasks
import Models
import Toolchain

struct LiftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lift",
        abstract: "Assembly to LLVM IR through a served LLM Compiler FTD model, checked by round trip.",
        discussion: """
            The model gets the paper's disassembly prompt. Its IR must parse and verify, and lowering it again with \
            clang-19 (`clang-19 -xir - -o - -S`, the paper's command; other codegen levels add -O<n> without IR passes) \
            must give back the input assembly (`.file`/`.ident` lines and trailing spaces aside). The IR is written only \
            when the round trip succeeds; exit status 1 when it does not. Round-trip BLEU says how close it came.

            Example: passlab lift prog.s --model-url http://127.0.0.1:8000/v1 --model facebook/llm-compiler-7b-ftd
            """
    )

    @Argument(help: "An assembly file (.s), as clang-19 -S prints it.")
    var input: String

    @Option(
        name: .short,
        help: "Where to write the lifted IR. Default: INPUT's name with .lifted.ll in the current directory.")
    var output: String?

    @Option(
        name: .customLong("protocol"),
        help:
            "How the IR is lowered for the round trip: paper (codegen O0, how the input was made in the paper) or shipping (O2)."
    )
    var protocolName: ProtocolName = .paper

    @Option(help: "Tokens the model may generate (the paper allowed 8k).")
    var maxTokens: Int = 8192

    @OptionGroup var served: ServedModelOptions

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        reportingErrors {
            guard let data = FileManager.default.contents(atPath: input) else {
                throw MeasureError.usage("\(input): no such file; give an assembly file (.s) made by clang-19 -S")
            }
            let assembly = String(decoding: data, as: UTF8.self)
            let client = try served.client()
            let completion = try client.complete(
                prompt: PromptFormat.disassembly(assembly: assembly), maxTokens: maxTokens, stop: ["</s>"])
            let ir = RoundTrip.answerIR(completion.text)
            let check = try RoundTrip.check(
                ir: ir, assembly: assembly, referenceIR: nil, measurementProtocol: MeasurementProtocol(protocolName),
                toolchain: try Toolchain.find())
            let destination =
                output ?? (((input as NSString).lastPathComponent as NSString).deletingPathExtension + ".lifted.ll")
            if check.success { try writeAtomically(Array(ir.utf8), to: destination) }
            if json {
                try printJSON(
                    LiftOutput(
                        input: input, model: client.model.name, roundTrip: check.success, parsed: check.parsed,
                        bleu: check.bleu,
                        failure: check.failure, output: check.success ? destination : nil, seconds: completion.seconds),
                    measuredUnder: MeasurementProtocol(protocolName))
            } else {
                try StandardOutput.print(
                    """
                    \(input) (model \(client.model.name), \(protocolName.rawValue) lowering)
                      IR parses     \(check.parsed ? "yes" : "no")
                      round trip    \(check.success ? "identical assembly" : "failed: \(check.failure ?? "")")
                      BLEU          \(String(format: "%.3f", check.bleu))
                      model         \(String(format: "%.1f", completion.seconds)) s
                      wrote         \(check.success ? destination : "nothing (the IR is not verified)")
                    """)
            }
            if !check.success { throw ExitCode(1) }
        }
    }
}

struct LiftOutput: Encodable {
    var input: String
    var model: String
    var roundTrip: Bool
    var parsed: Bool
    var bleu: Double
    var failure: String?
    var output: String?
    var seconds: Double
}
