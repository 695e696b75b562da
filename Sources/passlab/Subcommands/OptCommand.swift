import ArgumentParser
import CodeSize
import Engine
import Foundation
import Pipelines
import Toolchain

struct OptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opt",
        abstract: "Apply a pipeline (as opt-19 -p) in a crash-proof worker and write the optimized IR.",
        discussion:
            "Writes textual IR to -o OUT.ll (or standard output), bitcode to -o OUT.bc. Sizes go to standard error.\n\nExample: passlab opt prog.c -p 'module(default<Oz>)' -o -"
    )

    @OptionGroup var program: ProgramOptions

    @Option(name: .short, help: "Pipeline in opt-19 -p syntax.")
    var pipeline: String

    @Option(
        name: .shortAndLong,
        help: "Output file: .bc for bitcode, anything else for textual IR; - or nothing: standard output.")
    var output: String?

    func run() throws {
        reportingErrors {
            let parsed = try ProgramMeasurer.parsePipeline(pipeline)
            let (measurer, handle) = try program.load()
            let wantsBitcode = output?.hasSuffix(".bc") ?? false
            let (result, bytes) = try measurer.measure(
                handle, pipeline: parsed, measurementProtocol: program.measurement.measurementProtocol,
                outputs: wantsBitcode ? .bitcode : .irText)
            if let output, output != "-" {
                try AtomicFile.write(bytes, to: output)
            } else {
                try StandardOutput.write(bytes)
            }
            let summary =
                "\(program.file): \(result.instructionCount) instructions, binary size \(result.binarySize) bytes (\(result.measurementProtocol))\n"
            FileHandle.standardError.write(Data(summary.utf8))
        }
    }
}
