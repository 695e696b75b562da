import ArgumentParser
import Engine
import Foundation
import LLVMBridge
import Toolchain

struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "One module per defined function (llvm-extract's behaviour), for modules over a size budget.",
        discussion: "Example: passlab split big.ll --output pieces/ --budget 10000"
    )

    @Argument(help: "A .ll or .bc file.")
    var file: String

    @Option(name: .shortAndLong, help: "Output directory.")
    var output: String

    @Option(help: "Split only modules with more instructions than this (0: always split).")
    var budget: Int = 0

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard ["ll", "bc"].contains((file as NSString).pathExtension) else {
            throw ValidationError("\(file): `passlab split` takes IR (.ll or .bc); make it with `passlab ir`")
        }
        guard budget >= 0 else { throw ValidationError("--budget must be 0 or more, got \(budget)") }
    }

    func run() throws {
        reportingErrors {
            let result = try ModuleSplitter.split(file, into: output, budget: budget)
            if json {
                try printJSON(result, measuredUnder: nil)
            } else if !result.split {
                try StandardOutput.print(
                    "\(file): \(result.instructionCount) instructions, within the budget of \(budget): copied whole to \(output)"
                )
            } else {
                try StandardOutput.print(
                    "\(file): \(result.instructionCount) instructions -> \(result.pieces.count) modules in \(output)")
                for line in result.skippedSummary { try StandardOutput.print("  " + line) }
            }
        }
    }
}
