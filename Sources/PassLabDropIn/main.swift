#if canImport(Glibc)
import Glibc
#endif
import DropInPlanning
import Foundation
import Toolchain

// passlab-dropin: what `passlab` (Sources/PassLabEntry) becomes for a compiler's command line. A build under
// `CC="passlab cc"` runs PassLab once per compiler command, and most of those commands (configure's checks,
// preprocessing, assembly, -O2 compiles, queries) PassLab only passes to the compiler. This executable links neither
// libLLVM nor the engine, so it starts in about 4 ms where passlab-core takes about 37: it decides, as `passlab cc`
// does (`CompilePlanner.onlyRunsTheCompiler`), whether the command is one of those and then becomes the compiler;
// every other command becomes passlab-core, built beside it, with the same arguments.

/// Becomes passlab-core (beside this executable, found from /proc/self/exe, so through any symbolic link to
/// passlab) with this process's arguments; exits 127 saying why when it cannot.
func runCore() -> Never {
    let core = PackageLocation.siblingExecutable("passlab-core")
    execv(core, CommandLine.unsafeArgv)
    let reason = String(cString: strerror(errno))
    FileHandle.standardError.write(
        Data(
            ("passlab: cannot run \(core): \(reason). passlab, passlab-dropin and passlab-core are built together "
                + "(scripts/build-release, or swift build); keep the three in one directory, or put a symbolic link "
                + "to passlab on PATH.\n")
                .utf8))
    exit(127)
}

let arguments = Array(CommandLine.arguments.dropFirst())
// No subcommand of PassLab's looks like a compiler (a test checks it), so none is taken for one here.
guard let entry = DropInEntry.parse(arguments, subcommands: []) else { runCore() }
switch entry {
case .compile, .launcher:
    let settings = DropInSettings(environment: ProcessInfo.processInfo.environment)
    guard let invocation = try? entry.invocation(), CompilePlanner.onlyRunsTheCompiler(invocation, settings: settings)
    else { runCore() }
    // Returns only when the compiler cannot be run: passlab-core then says why, as for any command.
    _ = AttachedProcess.replaceProcess(with: invocation.compiler, arguments: invocation.arguments)
    runCore()
case .report, .help:
    runCore()
}
