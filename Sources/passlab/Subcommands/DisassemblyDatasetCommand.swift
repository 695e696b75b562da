import ArgumentParser
import CodeSize
import Datasets
import Engine
import Foundation
import Models
import Pipelines
import Store
import Toolchain

struct DisassemblyDatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disassembly",
        abstract: "Disassembly: the prompt is the -Oz module's clang-19 -S assembly, the label its IR.",
        discussion: """
            The -Oz IR (clang-19's own -Oz pipeline under shipping, module(default<Oz>) under paper) is lowered by clang-19 \
            itself: `clang-19 -S -xir - -o -` under paper (clang's default for IR: codegen O0), `clang-19 -S -O2 -Xclang \
            -disable-llvm-passes -xir - -o -` under shipping. Examples over 8k prompt or 8k label tokens are skipped and counted.

            Example: passlab dataset disassembly dev-corpus --output disassembly.jsonl
            """
    )

    @OptionGroup var options: DatasetOptions

    func run() throws {
        try options.run(task: .disassembly)
    }
}
