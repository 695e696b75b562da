import ArgumentParser
import CodeSize
import CompilerWrapper
import DropInPlanning
import Foundation
import Pipelines
import Toolchain

@main
struct PassLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passlab",
        abstract: "Measure, search and validate LLVM 19 pass pipelines for code size.",
        discussion: """
            Every size is measured under a protocol: `shipping` (the default: codegen O2, PIC, \
            what `clang-19 -Oz -c` ships) or `paper` (codegen O0, PIC, as the LLM Compiler paper's `clang -c`). \
            Reductions are percent smaller than -Oz (negative: larger), in text and JSON alike.

            Example: passlab tune prog.c -o prog.tuned.ll
            """,
        version: "passlab \(PassLabVersion.current) (LLVM \(PassCatalog.llvmVersion))",
        // The main job first; then the commands grouped by what they are for.
        subcommands: [TuneCommand.self],
        groupedSubcommands: [
            CommandGroup(
                name: "Measure",
                subcommands: [
                    SizeCommand.self, CompareCommand.self, OptCommand.self, ComposeCommand.self,
                    PassesCommand.self, ValidateCommand.self,
                ]),
            CommandGroup(
                name: "Search and evaluate",
                subcommands: [
                    AutotuneCommand.self, ReportCommand.self, EvalCommand.self,
                    PredictorCommand.self, BenchCommand.self,
                    SlurmCommand.self, StoreCommand.self,
                ]),
            CommandGroup(name: "Builds", subcommands: [CCCommand.self, IRCommand.self, SplitCommand.self]),
            CommandGroup(name: "Serve", subcommands: [ServeCommand.self]),
            CommandGroup(
                name: "Models and data",
                subcommands: [
                    CorpusCommand.self, DatasetCommand.self, PromptCommand.self,
                    LiftCommand.self,
                ]),
            CommandGroup(name: "Internal", subcommands: [WorkerCommand.self, GenerateCatalogCommand.self]),
        ]
    )

    /// `passlab cc ...`, `passlab c++ ...` and `passlab COMPILER ...` are a
    /// compiler's command lines: they go to the drop-in compiler before any
    /// option parsing; everything else to the subcommands.
    ///
    /// Every command but the worker removes its temporary directories on
    /// any way out (a crash, SIGINT, SIGTERM, SIGHUP, exit); every command but
    /// the worker and the drop-in compiler (which runs once per compile of a
    /// build) first sweeps those left by dead PassLab processes.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // The engine starts a worker per job for every command that evaluates: it skips the parser (which
        // instantiates every subcommand's type) on its way to the request loop.
        if arguments == [WorkerCommand.configuration.commandName] {
            WorkerCommand.serve()
        }
        let names = Set(configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"])
        if let entry = DropInEntry.parse(arguments, subcommands: names.subtracting(["cc"])) {
            ScratchDirectory.installCleanupHandlers(onTermination: true)
            Foundation.exit(CCCommand.dispatch(entry))
        }
        if arguments.first != WorkerCommand.configuration.commandName {
            ScratchDirectory.installCleanupHandlers(onTermination: true)
            ScratchDirectory.sweepStale()
        }
        main(nil)
    }
}
