import ArgumentParser
import CodeSize
import Evaluation
import Foundation

struct SizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "size",
        abstract: "Instruction count and binary size (Berkeley text + data) after a pipeline, measured in a worker.",
        discussion: "Exactly the numbers of opt-19 -p P, then llc-19 -O2 -relocation-model=pic (shipping) or clang-19 -c (paper), then llvm-size-19."
    )

    @Argument(help: "A .c, .cpp, .ll or .bc file.")
    var file: String

    @Option(name: .short, help: "Pipeline in opt-19 -p syntax, e.g. 'module(default<Oz>)'. Default: no passes.")
    var pipeline: String = ""

    @OptionGroup var measurement: MeasurementOptions
    @OptionGroup var engine: EngineOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    @Argument(parsing: .postTerminator, help: "Extra clang arguments for C/C++ inputs, after `--`.")
    var clangArguments: [String] = []

    func run() throws {
        reportingErrors {
            let pipelineText = try ProgramMeasurer.parsePipeline(pipeline).description
            let measurer = ProgramMeasurer(engine: try engine.makeEngine())
            let loaded = try measurer.load(file, triple: measurement.triple, clangArguments: clangArguments)
            let (result, _) = try measurer.measure(loaded.handle, pipeline: pipelineText, measurementProtocol: measurement.measurementProtocol)
            let report = SizeReport(file: file, measurement: result)
            if json { printJSON(report) } else { print(report.rendered) }
        }
    }
}

struct OptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opt",
        abstract: "Apply a pipeline (as opt-19 -p) in a crash-proof worker and write the optimized IR.",
        discussion: "Writes textual IR to -o OUT.ll (or standard output), bitcode to -o OUT.bc. Sizes go to standard error."
    )

    @Argument(help: "A .c, .cpp, .ll or .bc file.")
    var file: String

    @Option(name: .short, help: "Pipeline in opt-19 -p syntax.")
    var pipeline: String

    @Option(name: .shortAndLong, help: "Output file: .bc for bitcode, anything else for textual IR. Default: standard output.")
    var output: String?

    @OptionGroup var measurement: MeasurementOptions
    @OptionGroup var engine: EngineOptions

    @Argument(parsing: .postTerminator, help: "Extra clang arguments for C/C++ inputs, after `--`.")
    var clangArguments: [String] = []

    func run() throws {
        reportingErrors {
            let pipelineText = try ProgramMeasurer.parsePipeline(pipeline).description
            let measurer = ProgramMeasurer(engine: try engine.makeEngine())
            let loaded = try measurer.load(file, triple: measurement.triple, clangArguments: clangArguments)
            let wantsBitcode = output?.hasSuffix(".bc") ?? false
            let (result, bytes) = try measurer.measure(loaded.handle, pipeline: pipelineText, measurementProtocol: measurement.measurementProtocol,
                                                       outputs: wantsBitcode ? .bitcode : .irText)
            if let output {
                try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
            let summary = "\(file): \(result.instructionCount) instructions, binary size \(result.binarySize) bytes (\(result.measurementProtocol))\n"
            FileHandle.standardError.write(Data(summary.utf8))
        }
    }
}
