import ArgumentParser
import CodeSize
import Evaluation
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Size after several pipelines side by side, against what clang-19 -Oz -c ships.",
        discussion: "Default pipelines: none, every default<O0..O3,Os,Oz>, and clang-19's own -Oz pipeline (clang-Oz)."
    )

    @Argument(help: "A .c, .cpp, .ll or .bc file.")
    var file: String

    @Option(name: .short, help: "A pipeline to compare (repeatable). Default: the default pipelines.")
    var pipelines: [String] = []

    @OptionGroup var measurement: MeasurementOptions
    @OptionGroup var engine: EngineOptions

    @Flag(help: "Print JSON.")
    var json = false

    @Argument(parsing: .postTerminator, help: "Extra clang arguments for C/C++ inputs, after `--`.")
    var clangArguments: [String] = []

    func run() throws {
        reportingErrors {
            let chosen = try pipelines.isEmpty ? PipelineComparison.defaultPipelines
                : pipelines.map { ($0, try ProgramMeasurer.parsePipeline($0).description) }
            let measurer = ProgramMeasurer(engine: try engine.makeEngine())
            let loaded = try measurer.load(file, triple: measurement.triple, clangArguments: clangArguments)
            let comparison = PipelineComparison.run(file: file, handle: loaded.handle, pipelines: chosen,
                                                    measurementProtocol: measurement.measurementProtocol, engine: measurer.engine)
            if json { printJSON(comparison.rows) } else { print(comparison.rendered) }
        }
    }
}
