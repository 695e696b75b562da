import ArgumentParser
import CodeSize
import Engine
import Foundation
import Models
import Pipelines
import Predictor
import Toolchain

struct PromptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt",
        abstract: "Print the exact prompt an LLM Compiler model expects for an input.",
        discussion: """
            emulation-ir and emulation-asm (all models; need -p) show the unoptimized IR of INPUT with its instruction count \
            and binary size under --protocol (default paper: the sizes the models were trained on); flag-tuning and \
            disassembly are the FTD models' tasks. disassembly takes an assembly file (.s), or a C/C++/IR file whose -Oz \
            IR (clang-19's -Oz pipeline under shipping, module(default<Oz>) under paper) clang-19 lowers to assembly at the \
            protocol's codegen level, as `dataset disassembly` does. The prompt is printed byte for byte, without a \
            final newline (the tokenizer adds BOS).

            Example: passlab prompt flag-tuning prog.c
            """
    )

    @Argument(help: "emulation-ir, emulation-asm, flag-tuning or disassembly.")
    var task: PromptFormat.Task

    @Argument(help: "A .c, .cpp, .ll or .bc file (.s for disassembly).")
    var input: String

    @Option(name: .short, help: "The pipeline of an emulation prompt (opt -p syntax).")
    var passes: String?

    @Option(
        name: .customLong("protocol"),
        help:
            "Protocol of the sizes in emulation prompts and of disassembly's codegen: paper (codegen O0, what the models saw) or shipping."
    )
    var protocolName: ProtocolName = .paper

    @Option(help: "Target triple for C/C++ inputs (IR keeps its own).")
    var triple: String?

    @OptionGroup var engine: EngineOptions

    @Argument(parsing: .postTerminator, help: "Extra clang arguments for C/C++ inputs, after `--`.")
    var clangArguments: [String] = []

    func validate() throws {
        switch task {
        case .emulationIR, .emulationAssembly:
            guard let passes else {
                throw ValidationError("\(task.rawValue) needs the pipeline: -p 'module(default<Oz>)'")
            }
            do { _ = try PassCatalog.parse(passes) } catch { throw ValidationError("-p '\(passes)': \(error)") }
        case .flagTuning, .disassembly:
            guard passes == nil else {
                throw ValidationError("-p is for emulation prompts; \(task.rawValue) takes none")
            }
        }
    }

    func run() throws {
        reportingErrors {
            let measurementProtocol = MeasurementProtocol(
                protocolName, triple: triple ?? MeasurementProtocol.defaultTriple)
            if task == .disassembly, (input as NSString).pathExtension.lowercased() == "s" {
                guard let data = FileManager.default.contents(atPath: input) else {
                    throw MeasureError.usage(
                        "\(input): cannot read the file; give an assembly file (.s) or a C/C++/IR file")
                }
                try StandardOutput.print(
                    PromptFormat.disassembly(assembly: String(decoding: data, as: UTF8.self)), terminator: "")
                return
            }
            let bytes = try ProgramMeasurer.irBytes(of: input, triple: triple, clangArguments: clangArguments)
            // Every task checks the IR as every other command does (it parses, LLVM 19 can read it).
            let measurer = ProgramMeasurer(engine: try engine.makeEngine())
            let (handle, _) = try measurer.load(bytes: bytes, path: input, triple: triple)
            let prompt: String
            switch task {
            case .flagTuning:
                prompt = PromptFormat.flagTuning(ir: try ServedModelPredictor.promptIR(bytes, name: input))
            case .emulationIR, .emulationAssembly:
                let (unoptimized, _) = try measurer.measure(
                    handle, pipeline: "", measurementProtocol: measurementProtocol)
                prompt = PromptFormat.emulation(
                    ir: try ServedModelPredictor.promptIR(bytes, name: input), passes: passes ?? "",
                    instructionCount: unoptimized.instructionCount, binarySize: unoptimized.binarySize,
                    assembly: task == .emulationAssembly)
            case .disassembly:
                // As `dataset disassembly` makes it: the protocol's -Oz IR, lowered by clang-19 (`AssemblyLowering`).
                let (_, ir) = try measurer.measure(
                    handle, pipeline: PassCatalog.ozPipeline(for: measurementProtocol),
                    measurementProtocol: measurementProtocol, outputs: .irText)
                let lowering = AssemblyLowering(
                    toolchain: try Toolchain.find(), measurementProtocol: measurementProtocol)
                switch lowering.assembly(of: String(decoding: ir, as: UTF8.self)) {
                case .success(let assembly): prompt = PromptFormat.disassembly(assembly: assembly)
                case .failure(let failure):
                    throw MeasureError.badInput("\(input): clang-19 could not lower its -Oz IR: \(failure)")
                }
            }
            try StandardOutput.print(prompt, terminator: "")
        }
    }
}
