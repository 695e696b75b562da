import ArgumentParser
import CodeSize
import Evaluation
import Foundation
import Pipelines
import Toolchain

struct SizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "size",
        abstract: "Instruction count and binary size (Berkeley text + data) after a pipeline, measured in a worker.",
        discussion: "The numbers of opt-19 -p P, then llc-19 -O2 -relocation-model=pic (shipping) or clang-19 -c (paper), then llvm-size-19.\n\nExample: passlab size prog.c -p clang-Oz --protocol paper"
    )

    @OptionGroup var program: ProgramOptions

    @Option(name: .short, help: "Pipeline in opt-19 -p syntax, e.g. 'module(default<Oz>)', or clang-Oz. Default: no passes.")
    var pipeline: String = ""

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        reportingErrors {
            let pipelineText = try ProgramMeasurer.parsePipeline(pipeline).description
            let (measurer, handle) = try program.load()
            let (result, _) = try measurer.measure(handle, pipeline: pipelineText, measurementProtocol: program.measurement.measurementProtocol)
            let report = SizeReport(file: program.file, measurement: result)
            if json { try printJSON(report) } else { try StandardOutput.print(report.rendered(pipelineName: PassCatalog.displayName(of: report.pipeline))) }
        }
    }
}

struct OptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opt",
        abstract: "Apply a pipeline (as opt-19 -p) in a crash-proof worker and write the optimized IR.",
        discussion: "Writes textual IR to -o OUT.ll (or standard output), bitcode to -o OUT.bc. Sizes go to standard error.\n\nExample: passlab opt prog.c -p 'module(default<Oz>)' -o -"
    )

    @OptionGroup var program: ProgramOptions

    @Option(name: .short, help: "Pipeline in opt-19 -p syntax.")
    var pipeline: String

    @Option(name: .shortAndLong, help: "Output file: .bc for bitcode, anything else for textual IR; - or nothing: standard output.")
    var output: String?

    func run() throws {
        reportingErrors {
            let pipelineText = try ProgramMeasurer.parsePipeline(pipeline).description
            let (measurer, handle) = try program.load()
            let wantsBitcode = output?.hasSuffix(".bc") ?? false
            let (result, bytes) = try measurer.measure(handle, pipeline: pipelineText, measurementProtocol: program.measurement.measurementProtocol,
                                                       outputs: wantsBitcode ? .bitcode : .irText)
            if let output, output != "-" {
                try AtomicFile.write(bytes, to: output)
            } else {
                try StandardOutput.write(bytes)
            }
            let summary = "\(program.file): \(result.instructionCount) instructions, binary size \(result.binarySize) bytes (\(result.measurementProtocol))\n"
            FileHandle.standardError.write(Data(summary.utf8))
        }
    }
}
