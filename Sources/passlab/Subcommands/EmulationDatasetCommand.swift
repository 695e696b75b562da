import ArgumentParser
import CodeSize
import Datasets
import Engine
import Foundation
import Models
import Pipelines
import Store
import Toolchain

struct EmulationDatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulation",
        abstract:
            "Compiler emulation: random lists of 1-50 catalog passes; the label is the resulting IR (or assembly) and its sizes.",
        discussion: """
            Per module, --examples-per-module lists (length uniform in 1-50, passes uniform over the catalog), seeded by --seed \
            and the module's content. Lists that crash LLVM or pass --timeout are excluded and counted. The prompt gives the \
            unoptimized module's instruction count and binary size under --protocol; --target asm labels carry clang-19 -S \
            assembly of the optimized IR.

            Example: passlab dataset emulation dev-corpus --output emulation.jsonl --examples-per-module 2
            """
    )

    enum Target: String, ExpressibleByArgument, CaseIterable { case ir, asm }

    @OptionGroup var options: DatasetOptions

    @Option(help: "Random pass lists per module.")
    var examplesPerModule: Int = 4

    @Option(help: "ir (label: optimized LLVM IR) or asm (label: its assembly).")
    var target: Target = .ir

    func validate() throws {
        guard examplesPerModule >= 1 else {
            throw ValidationError("--examples-per-module must be at least 1, got \(examplesPerModule)")
        }
    }

    func run() throws {
        try options.run(task: target == .ir ? .emulationIR : .emulationAssembly, examplesPerModule: examplesPerModule)
    }
}
