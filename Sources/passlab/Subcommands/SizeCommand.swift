import ArgumentParser
import CodeSize
import Engine
import Foundation
import Pipelines
import Toolchain

struct SizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "size",
        abstract: "Instruction count and binary size (Berkeley text + data) after a pipeline, measured in a worker.",
        discussion:
            "The numbers of opt-19 -p P, then llc-19 -O2 -relocation-model=pic (shipping) or clang-19 -c (paper), then llvm-size-19.\n\nExample: passlab size prog.c -p clang-Oz --protocol paper"
    )

    @OptionGroup var program: ProgramOptions

    @Option(
        name: .short, help: "Pipeline in opt-19 -p syntax, e.g. 'module(default<Oz>)', or clang-Oz. Default: no passes."
    )
    var pipeline: String = ""

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        reportingErrors {
            let parsed = try ProgramMeasurer.parsePipeline(pipeline)
            let (measurer, handle) = try program.load()
            let (result, _) = try measurer.measure(
                handle, pipeline: parsed, measurementProtocol: program.measurement.measurementProtocol)
            let report = SizeReport(file: program.file, measurement: result)
            if json {
                try printJSON(report)
            } else {
                try StandardOutput.print(report.rendered(pipelineName: PassCatalog.displayName(of: report.pipeline)))
            }
        }
    }
}
