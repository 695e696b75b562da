import ArgumentParser
import CompilerWrapper
import DropInPlanning
import Engine
import Foundation
import Store
import Toolchain

/// `passlab cc` / `passlab c++` / `passlab COMPILER`: dispatched before
/// option parsing (a compiler's arguments are not PassLab's); this command
/// exists for `passlab help cc` and the command list.
struct CCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cc",
        abstract: "A drop-in clang-19 for builds: smaller objects at -Oz/-Os, never larger than clang's, cached.",
        usage: """
            passlab cc CLANG_ARGS...          (CC="passlab cc", CXX="passlab c++")
            passlab clang-19 CLANG_ARGS...     (CMAKE_C_COMPILER_LAUNCHER=passlab)
            passlab cc --report [--json] [--html OUT] [--builds N]
            """,
        discussion: """
            Behaves as clang-19 (clang++-19 for `passlab c++`). Each compile (-c) of one C/C++ file at -Oz or -Os is tuned: \
            unoptimized IR with the build's own flags; the embedded predictor's pass lists validated at training time \
            (PASSLAB_BUDGET of them, default \(DropInSettings.defaultBudget)), each run by opt-19 and lowered by clang-19 with the \
            build's target, codegen and relocation flags; and clang-19's own object at the build's level as the backup. The \
            smallest object (Berkeley text+data) is written, atomically: never larger than clang's. A program built from its \
            sources in one command (`passlab cc -Oz a.c b.c -lm -o prog`) and several sources compiled by one (`-c a.c b.c`) \
            are split: each source is compiled and tuned on its own, then the objects are linked in the sources' places; \
            configure checks (autoconf's conftest, CMake's try_compile, Meson's) are not tuned. Everything else (linking, -E, -S, assembly, -O2 unless \
            PASSLAB_OPTIMIZE=size) runs clang-19 unchanged, without starting PassLab's engine (a few milliseconds more \
            than clang-19 alone: `passlab bench cc --pass-through`); dependency files (-MD/-MMD/-MF/-MT/-MQ/-MP) are \
            clang's own. A failure of PassLab's own (a time-out, a flag it cannot honour such as -fsanitize, a full disk) \
            falls back to the build's own compile and is logged in $PASSLAB_CACHE_DIR/cc.log. A compiler other than \
            clang-19 (CMake picked gcc and runs it under CMAKE_C_COMPILER_LAUNCHER=passlab) tunes nothing: passlab cc \
            says so once per build on standard error and in --report, with the fix (-DCMAKE_C_COMPILER=clang-19, or \
            CC=clang-19).

            Link steps (no -c, with objects or archives) run as the build asked; --report then shows the product's \
            text+data, what passlab cc's objects in it saved against clang-19's, and the size of the same link with \
            clang-19's own objects (kept in the cache): the plain clang-19 build's product. CMake runs links without \
            the compiler launcher: add -DCMAKE_C_LINKER_LAUNCHER=passlab (CMake 3.21 or later) for them.

            Objects are cached in $PASSLAB_CACHE_DIR/cc.sqlite (default ~/.cache/passlab), keyed by the IR's hash, the lowering \
            flags, the compiler, LLVM, the predictor and the budget: an unchanged unit costs the frontend and a copy.

            Environment: PASSLAB_BUDGET (lists per unit; 0: only clang's object, a check), PASSLAB_OPTIMIZE=size (tune any -O \
            level, -Oz backup), PASSLAB_CACHE_DIR, PASSLAB_BUILD_ID (groups compilations for --report; default: the \
            steps in one build directory, the tree with CMakeCache.txt or build.ninja or else the top makefile's, less \
            than 2 minutes apart; a new build when an object or product is made again, such as a rebuild from the \
            cache), PASSLAB_CC_TIMEOUT (seconds per step, default \
            300), PASSLAB_VERBOSE=1 (log to stderr too, with timings), PASSLAB_DISABLE=1 (plain clang-19).

            Example: make CC="passlab cc" && passlab cc --report
            """
    )

    func run() throws {
        reportingErrors { try StandardOutput.print(Self.helpMessage()) }
    }

    /// Runs a drop-in entry; returns the exit status.
    static func dispatch(_ entry: DropInEntry) -> Int32 {
        switch entry {
        case .help:
            reportingErrors { try StandardOutput.print(helpMessage()) }
            return 0
        case .report(let arguments):
            do {
                let command = try CCReportCommand.parse(arguments)
                try command.run()
                return 0
            } catch {
                CCReportCommand.exit(withError: error)
            }
        case .compile, .launcher:
            let settings = DropInSettings(environment: ProcessInfo.processInfo.environment)
            let invocation: CompilerInvocation
            do {
                guard let found = try entry.invocation() else { return 64 }
                invocation = found
            } catch {
                FileHandle.standardError.write(Data("passlab cc: \(error)\n".utf8))
                return 127
            }
            return DropInCompiler(settings: settings).run(invocation)
        }
    }
}
