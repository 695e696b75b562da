import ArgumentParser
import CodeSize
import Engine
import Foundation
import Pipelines
import Toolchain

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Size after several pipelines side by side, against what clang-19 -Oz -c ships.",
        discussion:
            "Default pipelines: none, every default<O0..O3,Os,Oz>, and clang-19's own -Oz pipeline (clang-Oz).\n\nExample: passlab compare prog.c -p clang-Oz -p 'module(default<Os>)'"
    )

    @OptionGroup var program: ProgramOptions

    @Option(name: .short, help: "A pipeline to compare (repeatable). Default: the default pipelines.")
    var pipelines: [String] = []

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        reportingErrors {
            let chosen =
                pipelines.isEmpty
                ? PipelineComparison.defaultPipelines
                : try pipelines.map { text in
                    let parsed = try ProgramMeasurer.parsePipeline(text)
                    return (label: PassCatalog.displayName(of: parsed), pipeline: parsed)
                }
            let (measurer, handle) = try program.load()
            let comparison = PipelineComparison.run(
                file: program.file, handle: handle, pipelines: chosen,
                measurementProtocol: program.measurement.measurementProtocol, engine: measurer.engine)
            if json { try printJSON(comparison) } else { try StandardOutput.print(comparison.rendered) }
        }
    }
}
