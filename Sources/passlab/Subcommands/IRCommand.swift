import ArgumentParser
import Foundation
import Toolchain

struct IRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ir",
        abstract:
            "Make unoptimized IR exactly as the paper did (clang-19 -Oz -Xclang -disable-llvm-passes -S -emit-llvm).",
        discussion: """
            passlab ir FILE.c [-o OUT.ll] [--triple T] [-- CLANG_ARGS...]
            passlab ir --compile-commands compile_commands.json -o DIR [-- CLANG_ARGS...]
              (one .ll per translation unit, with its own flags, run in its directory as the build ran it; \
            extra arguments go to every unit)

            Example: passlab ir prog.c -o prog.ll
            """
    )

    @Argument(help: "A .c or .cpp source file.")
    var file: String?

    @Option(
        name: .shortAndLong,
        help: "Output .ll file (default: standard output), or the output directory with --compile-commands.")
    var output: String?

    @Option(
        help: "Target triple passed to clang-19 (e.g. thumbv7em-none-eabi, riscv32-unknown-elf, aarch64-linux-gnu).")
    var triple: String?

    @Option(help: "A compilation database; makes one .ll per C/C++ translation unit under -o DIR.")
    var compileCommands: String?

    @Option(help: "Parallel clang-19 processes with --compile-commands.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Argument(parsing: .postTerminator, help: "Extra clang arguments, after `--`.")
    var clangArguments: [String] = []

    func validate() throws {
        if compileCommands != nil {
            guard file == nil else { throw ValidationError("give either FILE or --compile-commands, not both") }
            guard output != nil else { throw ValidationError("--compile-commands needs -o DIR for the .ll files") }
        } else {
            guard let file else { throw ValidationError("missing FILE (a .c or .cpp source)") }
            guard SourceLanguage.of(path: file) != nil else {
                throw ValidationError("\(file): `passlab ir` takes a C or C++ source (.c, .cpp, .cc, .cxx)")
            }
            guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("\(file): no such file") }
        }
    }

    func run() throws {
        reportingErrors {
            let toolchain = try Toolchain.find()
            if let compileCommands, let output {
                try runDatabase(compileCommands, output: output, toolchain: toolchain)
                return
            }
            let invocation = FrontendInvocation(source: file!, triple: triple, extraArguments: clangArguments)
            let ir = try Frontend.emitIR(invocation, toolchain: toolchain)
            if let output {
                try AtomicFile.write(ir, to: output)
            } else {
                try StandardOutput.write(ir)
            }
        }
    }

    /// Exit 0 when every unit the build compiled was written; otherwise
    /// the failed units and clang's reasons on standard error, and 65.
    private func runDatabase(_ database: String, output: String, toolchain: Toolchain) throws {
        let commands = try CompileCommands.load(database, extraArguments: clangArguments)
        guard !commands.entries.isEmpty else {
            throw FrontendError.badCompileCommands(file: database, reason: "it lists no C or C++ translation units")
        }
        let failures = commands.emitIR(into: output, toolchain: toolchain, jobs: jobs, triple: triple)
        try StandardOutput.print(
            commands.summary(written: commands.entries.count - failures.count, into: output), terminator: "")
        if !failures.isEmpty {
            let text = failures.map { "failed: \($0)" }.joined(separator: "\n")
            let count = "\(failures.count) of \(commands.entries.count) units failed"
            FileHandle.standardError.write(Data("\(text)\n\(count)\n".utf8))
            throw ExitCode(65)
        }
    }
}
