@testable import CompilerWrapper
@testable import DropInPlanning
import Foundation
import Testing
import Toolchain

/// The planner decides from arguments alone: these tests run nothing.
@Suite struct CompilePlannerTests {
    func plan(_ arguments: String, compilerIsClang19: Bool = true, optimizeForSize: Bool = false) -> CompilePlan {
        CompilePlanner.plan(
            CompilerInvocation(
                compiler: "clang-19", arguments: arguments.split(separator: " ").map(String.init),
                compilerIsClang19: compilerIsClang19, workingDirectory: "/w"),
            optimizeForSize: optimizeForSize)
    }

    func tuned(
        _ arguments: String, optimizeForSize: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
    ) -> TunedCompilePlan? {
        guard case .tune(let tuned) = plan(arguments, optimizeForSize: optimizeForSize) else {
            Issue.record(
                "expected a tuned compile for '\(arguments)', got \(plan(arguments, optimizeForSize: optimizeForSize))",
                sourceLocation: sourceLocation)
            return nil
        }
        return tuned
    }

    func isPassthrough(_ arguments: String, optimizeForSize: Bool = false, compilerIsClang19: Bool = true) -> Bool {
        if case .passthrough = plan(arguments, compilerIsClang19: compilerIsClang19, optimizeForSize: optimizeForSize) {
            return true
        }
        return false
    }

    func declineReason(_ arguments: String, compilerIsClang19: Bool = true) -> String? {
        if case .declined(let declined) = plan(arguments, compilerIsClang19: compilerIsClang19) {
            return declined.reason
        }
        return nil
    }

    @Test func sizeLevelCompileIsTunedWithTheBuildsFlags() throws {
        let compile = try #require(
            tuned("-Oz -Iinclude -DNDEBUG -std=c99 -g -ffunction-sections -fPIC -Wall -c src/a.c -o obj/a.o"))
        #expect(
            compile.source == "src/a.c" && compile.output == "obj/a.o" && compile.level == .Oz && compile.language == .c
        )
        #expect(compile.referenceStrategy == .frontendIR)
        #expect(
            compile.frontendArguments(bitcode: "/t/f.bc") == [
                "-Iinclude", "-DNDEBUG", "-std=c99", "-g", "-ffunction-sections", "-fPIC", "-Wall", "src/a.c",
                "-Oz", "-Xclang", "-disable-llvm-passes", "-emit-llvm", "-c", "-o", "/t/f.bc",
            ])
        // Lowering keeps what code generation needs, not the preprocessor's flags or the source.
        #expect(
            compile.loweringArguments(bitcode: "/t/l.bc", object: "/t/l.o") == [
                "-g", "-ffunction-sections", "-fPIC", "-Wall",
                "-Oz", "-Xclang", "-disable-llvm-passes", "-Wno-unused-command-line-argument", "-c", "-x", "ir",
                "/t/l.bc", "-o", "/t/l.o",
            ])
        // The backup: clang-19 -Oz itself on the frontend's IR (its own pipeline and codegen).
        #expect(
            compile.referenceArguments(bitcode: "/t/f.bc", object: "/t/r.o") == [
                "-g", "-ffunction-sections", "-fPIC", "-Wall", "-Oz", "-Wno-unused-command-line-argument", "-c", "-x",
                "ir", "/t/f.bc", "-o", "/t/r.o",
            ])
        // With a flag PassLab does not know, from the source, as the build asked.
        let unknown = try #require(tuned("-Oz -fno-builtin -Iinc -c src/a.c -o obj/a.o -MD"))
        #expect(
            unknown.referenceArguments(bitcode: "/t/f.bc", object: "/t/r.o") == [
                "-fno-builtin", "-Iinc", "src/a.c", "-Oz", "-c", "-o", "/t/r.o",
            ])
        #expect(compile.dependencyArguments.isEmpty)
    }

    @Test func separateValuesAreNotInputs() throws {
        let compile = try #require(
            tuned("-Os -I inc -D X=1 -include config.h -isystem sys -target armv7-none-eabi -o out.o -c -x c main.cc"))
        #expect(
            compile.source == "main.cc" && compile.language == .c && compile.level == .Os && compile.output == "out.o")
        #expect(compile.referenceStrategy == .frontendIR)
        #expect(compile.loweringArguments(bitcode: "b", object: "o").prefix(2) == ["-target", "armv7-none-eabi"])
        #expect(!compile.loweringArguments(bitcode: "b", object: "o").contains("config.h"))
    }

    @Test func languageComesFromExtensionOrDashX() throws {
        #expect(try #require(tuned("-Oz -c a.cpp")).language == .cxx)
        #expect(try #require(tuned("-Oz -c a.C")).language == .cxx)
        #expect(try #require(tuned("-Oz -x c++ -c a.c")).language == .cxx)
        #expect(isPassthrough("-Oz -c a.s"))
        #expect(isPassthrough("-Oz -c a.S"))
        #expect(isPassthrough("-Oz -x assembler-with-cpp -c a.c"))
        #expect(isPassthrough("-Oz -c a.ll"))
        #expect(isPassthrough("-Oz -c a.i"))
    }

    @Test func defaultOutputIsTheStemInTheWorkingDirectory() throws {
        let compile = try #require(tuned("-c -Oz src/dir/file.c"))
        #expect(compile.output == "file.o")
        #expect(CompilePlanner.replacingExtension(of: "a.b/c", with: "d") == "a.b/c.d")
        #expect(CompilePlanner.replacingExtension(of: "x/y.o", with: "d") == "x/y.d")
    }

    @Test func levelDecides() {
        #expect(isPassthrough("-O2 -c a.c"))
        #expect(isPassthrough("-c a.c"))
        #expect(isPassthrough("-Oz -O2 -c a.c"))
        #expect(tuned("-O2 -Oz -c a.c")?.level == .Oz)
        // PASSLAB_OPTIMIZE=size: any level, -Oz as the backup.
        #expect(tuned("-O2 -c a.c", optimizeForSize: true)?.level == .Oz)
        #expect(tuned("-c a.c", optimizeForSize: true)?.frontendArguments(bitcode: "b").contains("-Oz") == true)
        #expect(
            tuned("-O3 -c a.c", optimizeForSize: true)?.referenceArguments(bitcode: "b", object: "r").contains("-O3")
                == false)
    }

    @Test func everythingButAnObjectCompilePassesThrough() {
        for arguments in [
            "-O2 a.c -o a", "-Oz a.o b.o -o prog", "-Oz -E a.c", "-Oz -S -c a.c", "-Oz -c -emit-llvm a.c",
            "-Oz -M -c a.c",
            "-Oz -MM a.c", "-Oz -flto -c a.c", "-Oz -flto=thin -c a.c", "-Oz -save-temps -c a.c",
            "-Oz -c a.c b.c -o x.o", "-Oz -c a.c b.o",
            "-Oz -c -", "-Oz -c a.c -o -", "-Oz -fsyntax-only a.c", "--version", "-Oz -c -### a.c", "-Oz -v -c a.c",
            "-Oz -fembed-bitcode -c a.c", "-print-search-dirs", "",
        ] {
            #expect(isPassthrough(arguments), "\(arguments)")
        }
        #expect(!isPassthrough("-Oz -fno-lto -c a.c"))
    }

    /// `cc -Oz a.c b.c -lm -o prog`: each source compiled on its own with the
    /// command's compile flags, then the command links the objects in place.
    @Test func oneStepBuildsCompileEachSourceThenLinkTheObjects() throws {
        let command =
            "-Oz -Wall -Werror -Iinc -DN=3 a.c lib.o b.cpp -lm -l z -L/opt/lib -L /usr/lib -Wl,--gc-sections "
            + "-Xlinker -zrelro -static-libgcc -fuse-ld=lld -o prog start.S"
        guard case .build(let build) = plan(command) else {
            Issue.record("expected a one-step build, got \(plan(command))")
            return
        }
        #expect(build.sources.map(\.path) == ["a.c", "b.cpp"] && build.output == "prog" && build.level == .Oz)
        #expect(
            build.compileArguments(source: 0, object: "/t/0-a.o") == [
                "-Oz", "-Wall", "-Werror", "-Iinc", "-DN=3", "a.c", "-c", "-o", "/t/0-a.o",
            ])
        #expect(build.compileArguments(source: 1, object: "/t/1-b.o").suffix(4) == ["b.cpp", "-c", "-o", "/t/1-b.o"])
        // Each source's compile is a size-level compile PassLab tunes.
        let compile = CompilerInvocation(
            compiler: "clang-19", arguments: build.compileArguments(source: 1, object: "/t/1-b.o"),
            workingDirectory: "/w")
        guard case .tune(let tuned) = CompilePlanner.plan(compile) else {
            Issue.record("the source's own compile is not tuned: \(CompilePlanner.plan(compile))")
            return
        }
        #expect(tuned.source == "b.cpp" && tuned.language == .cxx && tuned.output == "/t/1-b.o")
        let linked = build.linkArguments(objects: ["/t/0-a.o", "/t/1-b.o"])
        let original = command.split(separator: " ").map(String.init)
        #expect(linked.count == original.count)
        #expect(zip(linked, original).filter { $0.0 != $0.1 }.map(\.0) == ["/t/0-a.o", "/t/1-b.o"])
        #expect(
            CompilePlanner.link(CompilerInvocation(compiler: "clang-19", arguments: linked, workingDirectory: "/w"))?
                .inputs == ["/t/0-a.o", "lib.o", "/t/1-b.o"])
        // No -o: a.out, as clang names it.
        guard case .build(let unnamed) = plan("-Os main.c") else {
            Issue.record("expected a one-step build")
            return
        }
        #expect(unnamed.output == "a.out" && unnamed.level == .Os)
        #expect(
            { if case .build = plan("-O1 main.c -o m", optimizeForSize: true) { return true } else { return false } }())
        // What stays clang-19's own command.
        for arguments in [
            "-O2 a.c -o a", "-Oz -x c a.c -o a", "-Oz -xc a.c -o a",
            "-Oz a.c -o -", "-Oz - -o a", "-Oz conftest.c -o conftest", "-Oz -o conftest conftest.c -lm",
            "-Oz -c conftest.c", "-Oz -c conftest.c -o conftest.o",
            "-Oz -o CMakeFiles/cmTC_61e2f.dir/CheckFunctionExists.c.o -c /b/CMakeFiles/CMakeScratch/TryCompile-q/src.c",
            "-Oz -c /b/CMakeFiles/CMakeTmp/src.c -o src.o", "-Oz /b/meson-private/tmp1/testfile.c -o output.exe",
            "-Oz -fsanitize=address a.c -o a", "-Oz a.o -o prog", "-Oz a.s -o prog",
        ] {
            #expect(isPassthrough(arguments), "\(arguments)")
        }
        #expect(isPassthrough("-Oz a.c -o a", compilerIsClang19: false))
        // Several sources with -c: each compiled on its own to the object clang names, no link.
        guard case .build(let objects) = plan("-Os -c src/a.c -Wall b.cc") else {
            Issue.record("expected several compiles")
            return
        }
        #expect(objects.output == nil && objects.sources.map(\.path) == ["src/a.c", "b.cc"])
        #expect(objects.compileArguments(source: 0, object: "a.o") == ["-Os", "-Wall", "src/a.c", "-c", "-o", "a.o"])
        // With -c nothing links: a link-only flag stays, for clang to warn about (an error under -Werror).
        guard case .build(let unlinked) = plan("-Oz -c a.c b.c -lm") else {
            Issue.record("expected several compiles")
            return
        }
        #expect(unlinked.compileArguments(source: 0, object: "a.o") == ["-Oz", "-lm", "a.c", "-c", "-o", "a.o"])
        // Dependency files as clang's driver writes them: the program's in one step, each object's with -c.
        guard case .build(let program) = plan("-Oz -MMD -MP a.c b.c -o bin/prog"),
            case .build(let compiles) = plan("-Oz -MD -c a.c src/b.c")
        else {
            Issue.record("expected builds with dependency files")
            return
        }
        #expect(
            program.compileArguments(source: 1, object: "/t/1-b.o") == [
                "-Oz", "b.c", "-c", "-o", "/t/1-b.o", "-MMD", "-MF", "bin/prog.d", "-MQ", "bin/prog", "-MP",
            ])
        #expect(compiles.compileArguments(source: 1, object: "b.o").suffix(5) == ["-MD", "-MF", "b.d", "-MQ", "b.o"])
        let link = { (arguments: String) in
            CompilePlanner.link(
                CompilerInvocation(
                    compiler: "clang-19", arguments: arguments.split(separator: " ").map(String.init),
                    workingDirectory: "/w"))
        }
        #expect(link("-Oz conftest.o -o conftest") == nil && link("-Oz main.o -o prog")?.output == "prog")
        #expect(link("-Oz CMakeFiles/cmTC_61e2f.dir/src.c.o -o cmTC_61e2f") == nil)
        #expect(self.tuned("-Oz -c lib/cmTCx.c -o conftestable/x.o") != nil)
    }

    @Test func flagsPassLabCannotHonourAreDeclined() {
        for flag in [
            "-fsanitize=address", "-fprofile-instr-generate", "--coverage", "-fprofile-arcs",
            "-mllvm -inline-threshold=0",
            "-Xclang -fno-pch-timestamp", "-gsplit-dwarf", "-fstack-usage", "-fsave-optimization-record",
            "-ftime-trace",
            "-fopenmp", "-Wp,-MD,a.d", "@flags.rsp", "-finstrument-functions", "-fxray-instrument", "-MJ x.json",
        ] {
            #expect(declineReason("-Oz \(flag) -c a.c -o a.o") != nil, "\(flag)")
        }
        #expect(declineReason("-Oz -fno-sanitize=all -c a.c") == nil)
        #expect(declineReason("-Oz -c a.c", compilerIsClang19: false)?.contains("not clang 19") == true)
        // A passthrough is not a decline: nothing is recorded for it.
        #expect(declineReason("-O2 -fsanitize=address -c a.c") == nil)
    }

    @Test func flagsOutsideTheKnownSetMakeClangCompileTheBackup() {
        #expect(
            tuned("-Oz -g -fno-pic -mcpu=cortex-m4 -mthumb --target=thumbv7em-none-eabi -c a.c")?.referenceStrategy
                == .frontendIR)
        for flag in [
            "-fno-builtin", "-ffreestanding", "-fno-inline", "-funroll-loops", "-fno-slp-vectorize",
            "-fmerge-functions",
            "-fsomething-new",
        ] {
            #expect(tuned("-Oz \(flag) -c a.c")?.referenceStrategy == .source, "\(flag)")
        }
    }

    @Test func dependencyFilesAreMadeExplicit() {
        #expect(tuned("-Oz -MD -c a.c -o obj/a.o")?.dependencyArguments == ["-MD", "-MF", "obj/a.d", "-MQ", "obj/a.o"])
        #expect(tuned("-Oz -MMD -MP -c src/a.c")?.dependencyArguments == ["-MMD", "-MF", "a.d", "-MQ", "a.o", "-MP"])
        #expect(
            tuned("-Oz -MD -MF deps/a.dep -MT a.o -MQ $x -c a.c -o a.o")?.dependencyArguments
                == ["-MD", "-MF", "deps/a.dep", "-MT", "a.o", "-MQ", "$x"])
        #expect(
            tuned("-Oz -MD -MFdeps/a.dep -MTtarget -c a.c")?.dependencyArguments == [
                "-MD", "-MF", "deps/a.dep", "-MT", "target",
            ])
        // Without -MD/-MMD, -MF alone writes nothing: nothing to pass on.
        #expect(tuned("-Oz -MF x.d -c a.c")?.dependencyArguments == [])
        // Dependency flags never reach the backup compile or the lowering.
        let compile = tuned("-Oz -MD -MF a.d -c a.c")
        #expect(compile?.referenceArguments(bitcode: "b", object: "r").contains("-MD") == false)
        #expect(
            tuned("-Oz -fno-inline -MD -MF a.d -c a.c")?.referenceArguments(bitcode: "b", object: "r").contains("-MD")
                == false)
        #expect(compile?.loweringArguments(bitcode: "b", object: "o").contains("-MF") == false)
    }

    @Test func commandLinesAreRecognised() {
        let subcommands: Set<String> = ["tune", "size", "help"]
        #expect(
            DropInEntry.parse(["cc", "-Oz", "-c", "a.c"], subcommands: subcommands)
                == .compile(cxx: false, arguments: ["-Oz", "-c", "a.c"]))
        #expect(
            DropInEntry.parse(["c++", "-c", "a.cpp"], subcommands: subcommands)
                == .compile(cxx: true, arguments: ["-c", "a.cpp"]))
        #expect(
            DropInEntry.parse(["cc", "--report", "--json"], subcommands: subcommands) == .report(arguments: ["--json"]))
        #expect(DropInEntry.parse(["cc", "--help"], subcommands: subcommands) == .help)
        #expect(DropInEntry.parse(["cc"], subcommands: subcommands) == .compile(cxx: false, arguments: []))
        #expect(
            DropInEntry.parse(["/usr/bin/clang-19", "-c", "a.c"], subcommands: subcommands)
                == .launcher(compiler: "/usr/bin/clang-19", arguments: ["-c", "a.c"]))
        // Bare `cc` and `c++` are PassLab's own modes (clang-19); a launcher names them by path (/usr/bin/cc).
        for compiler in [
            "clang-19", "clang++-19", "clang", "gcc", "g++-12", "/usr/bin/cc", "x86_64-linux-gnu-gcc-12",
            "arm-none-eabi-gcc",
        ] {
            #expect(
                DropInEntry.parse([compiler, "-c", "a.c"], subcommands: subcommands)
                    == .launcher(compiler: compiler, arguments: ["-c", "a.c"]))
        }
        #expect(DropInEntry.parse(["tune", "a.c"], subcommands: subcommands) == nil)
        #expect(DropInEntry.parse(["--help"], subcommands: subcommands) == nil)
        #expect(DropInEntry.parse(["ccache", "clang"], subcommands: subcommands) == nil)
        #expect(DropInEntry.parse([], subcommands: subcommands) == nil)
    }

    @Test func settingsComeFromTheEnvironment() {
        let defaults = DropInSettings(environment: [:], home: "/home/u")
        #expect(
            defaults.budget == DropInSettings.defaultBudget && !defaults.optimizeForSize && defaults.problems.isEmpty)
        #expect(
            defaults.databasePath == "/home/u/.cache/passlab/cc.sqlite"
                && defaults.logPath == "/home/u/.cache/passlab/cc.log")
        #expect(DropInSettings(environment: ["XDG_CACHE_HOME": "/x"], home: "/h").cacheDirectory == "/x/passlab")
        let set = DropInSettings(
            environment: [
                "PASSLAB_BUDGET": "7", "PASSLAB_OPTIMIZE": "size", "PASSLAB_CACHE_DIR": "/c", "PASSLAB_VERBOSE": "1",
                "PASSLAB_BUILD_ID": "nightly", "PASSLAB_CC_TIMEOUT": "30", "PASSLAB_DISABLE": "0",
            ], home: "/h")
        #expect(
            set
                == DropInSettings(
                    budget: 7, optimizeForSize: true, cacheDirectory: "/c", verbose: true, buildID: "nightly",
                    timeout: 30))
        let bad = DropInSettings(
            environment: ["PASSLAB_BUDGET": "three", "PASSLAB_OPTIMIZE": "speed", "PASSLAB_CC_TIMEOUT": "-1"],
            home: "/h")
        #expect(bad.problems.count == 3)
        #expect(bad.problems[0].contains("PASSLAB_BUDGET='three'"))
        #expect(DropInSettings(environment: ["PASSLAB_BUDGET": "0"], home: "/h").budget == 0)
    }
}
