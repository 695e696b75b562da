import Foundation
import Toolchain

/// Decides what `passlab cc` does with a compiler command, from its
/// arguments alone (pure: nothing runs, nothing is read).
///
/// Only a compile (`-c`) of exactly one C or C++ file to an object at -Oz or
/// -Os (or any level with `optimizeForSize`, PASSLAB_OPTIMIZE=size) by clang
/// 19 is tuned, and a program built from sources in one command is split
/// into such compiles and a link (`OneStepBuild`); a build system's
/// configure checks are not (`Scan.isConfigureCheck`). Everything else passes through unchanged, and a size-level
/// compile with a flag PassLab cannot honour in its own runs (sanitizers,
/// profiles, extra outputs...) is declined: clang-19 compiles it as asked.
public enum CompilePlanner {
    /// The plan for one command. `optimizeForSize` (PASSLAB_OPTIMIZE=size)
    /// tunes compiles at any -O level, with -Oz as the backup; otherwise only
    /// -Oz and -Os compiles are.
    public static func plan(_ invocation: CompilerInvocation, optimizeForSize: Bool = false) -> CompilePlan {
        let arguments = invocation.arguments
        let scan = Self.scan(arguments)

        if let mode = scan.notAnObjectCompile { return .passthrough(reason: mode) }
        let requested = scan.levelArgument.map { String($0.dropFirst(2)) } ?? "0"
        let level: SizeLevel
        switch requested {
        case "z": level = .Oz
        case "s": level = .Os
        default:
            guard optimizeForSize else {
                return .passthrough(reason: "optimization level -O\(requested) does not ask for size")
            }
            level = .Oz
        }
        if scan.isConfigureCheck {
            return .passthrough(reason: "a configure check (autoconf, CMake, Meson): not code a build ships")
        }
        if !scan.compileOnly || scan.inputs.count > 1 { return oneStepPlan(invocation, scan: scan, level: level) }
        guard let input = scan.inputs.first else { return .passthrough(reason: "no input file") }
        guard input.path != "-" else { return .passthrough(reason: "source on standard input") }
        let language: SourceLanguage
        switch input.language {
        case "c": language = .c
        case "c++": language = .cxx
        case nil:
            guard let byExtension = sourceLanguage(of: input.path) else {
                return .passthrough(reason: "\(input.path) is not a C or C++ source")
            }
            language = byExtension
        case let other?:
            return .passthrough(reason: "-x \(other) is not C or C++")
        }
        guard scan.output != "-" else { return .passthrough(reason: "object on standard output") }
        let output = scan.output ?? defaultObject(for: input.path)

        let decline = { (reason: String) in
            CompilePlan.declined(DeclinedCompile(reason: reason, source: input.path, output: output, level: level))
        }
        if let reason = scan.declineReason { return decline(reason) }
        guard invocation.compilerIsClang19 else {
            return decline(
                "\(invocation.compiler) is not clang 19; only clang-19 compiles are tuned (CC=\"passlab cc\" uses clang-19)"
            )
        }

        let buildArguments = arguments.indices.filter { !scan.frontendDropped.contains($0) }.map { arguments[$0] }
        let codegenArguments = arguments.indices.filter {
            !scan.frontendDropped.contains($0) && !scan.codegenDropped.contains($0) && $0 != input.index
        }
        .map { arguments[$0] }
        return .tune(
            TunedCompilePlan(
                compiler: invocation.compiler, source: input.path, language: language, output: output, level: level,
                referenceStrategy: scan.unknownToPipeline.isEmpty ? .frontendIR : .source,
                buildArguments: buildArguments, codegenArguments: codegenArguments,
                dependencyArguments: scan.dependencyArguments(output: output, input: input.path)))
    }

    /// A program built from its sources in one command (no -c), or several
    /// sources compiled by one command (-c), at a size level: `.build` when
    /// every source can be compiled on its own (and the objects linked in
    /// their places); else why it passes through.
    static func oneStepPlan(_ invocation: CompilerInvocation, scan: Scan, level: SizeLevel) -> CompilePlan {
        let sources = scan.inputs.filter { $0.path != "-" && sourceLanguage(of: $0.path) != nil }
        let output: String?
        if scan.compileOnly {
            guard sources.count == scan.inputs.count else {
                return .passthrough(reason: "\(scan.inputs.count) input files, not all C or C++ sources")
            }
            // clang refuses -o with several outputs: its own error.
            guard scan.output == nil else { return .passthrough(reason: "-o with \(scan.inputs.count) input files") }
            output = nil
        } else {
            guard !sources.isEmpty else { return .passthrough(reason: "not a compile to an object (no -c)") }
            output = scan.output ?? "a.out"
        }
        guard output != "-" else { return .passthrough(reason: "program on standard output") }
        if scan.inputs.contains(where: { $0.path == "-" }) {
            return .passthrough(reason: "source on standard input")
        }
        if scan.sawLanguageOption { return .passthrough(reason: "a one-step build with -x") }
        if let reason = scan.declineReason { return .passthrough(reason: reason) }
        guard invocation.compilerIsClang19 else {
            return .passthrough(reason: "\(invocation.compiler) is not clang 19")
        }
        let inputIndices = Set(scan.inputs.map(\.index))
        // Dependency files as clang's driver writes them: with -c, each
        // source's next to its object (a.d: a.o ...); in one step, the
        // program's (prog.d: prog ..., each source's compile writing it again).
        let dependencies = sources.map { source in
            scan.dependencyArguments(output: output ?? defaultObject(for: source.path), input: source.path)
        }
        return .build(
            OneStepBuild(
                compiler: invocation.compiler, arguments: invocation.arguments,
                sources: sources.map { OneStepBuild.Source(path: $0.path, index: $0.index) }, output: output,
                level: level,
                // With -c there is no link: link-only flags stay, for clang to say they are unused as it would.
                compileDropped: inputIndices.union(scan.compileOnly ? [] : scan.linkOnly).union(scan.outputIndices)
                    .union(scan.dependencyIndices),
                dependencyArguments: dependencies))
    }

    /// The command's arguments walked once.
    static func scan(_ arguments: [String]) -> Scan {
        var scan = Scan()
        var index = 0
        while index < arguments.count {
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            index += scan.visit(arguments[index], next: next, at: index)
        }
        return scan
    }

    /// True when `passlab cc` has nothing to do with the command but run
    /// it: PASSLAB_DISABLE is set, or it is neither a size-level compile
    /// (tuned or declined), nor a link to measure, nor a compile by a
    /// compiler that is not clang-19 (said once per build). `passlab`'s
    /// launcher runs such a command itself, without starting PassLab's
    /// engine (libLLVM and the rest); `DropInCompiler` does the same.
    public static func onlyRunsTheCompiler(_ invocation: CompilerInvocation, settings: DropInSettings) -> Bool {
        if settings.disabled { return true }
        if !invocation.compilerIsClang19 && namesInputs(invocation) { return false }
        guard case .passthrough = plan(invocation, optimizeForSize: settings.optimizeForSize) else { return false }
        return link(invocation) == nil
    }

    /// True when the command names an input file: a compile or a link, not
    /// a query of the compiler (`--version`, `-dumpmachine`).
    public static func namesInputs(_ invocation: CompilerInvocation) -> Bool {
        !Self.scan(invocation.arguments).inputs.isEmpty
    }

    /// The command as a link step (no -c, -E, -S...: the driver links its
    /// inputs into `output`), when it links at least one object or archive;
    /// nil otherwise (a compile, a query, a program built from sources
    /// only, configure's checks).
    public static func link(_ invocation: CompilerInvocation) -> LinkStep? {
        let scan = Self.scan(invocation.arguments)
        guard scan.notAnObjectCompile == nil, !scan.compileOnly, scan.output != "-", !scan.isConfigureCheck else {
            return nil
        }
        let linked = scan.inputs.filter { ["o", "a", "lo", "obj"].contains(($0.path as NSString).pathExtension) }
        guard !linked.isEmpty else { return nil }
        return LinkStep(output: scan.output ?? "a.out", inputs: linked.map(\.path), inputIndices: linked.map(\.index))
    }

    /// The object clang names when there is no -o: the source's stem + .o,
    /// in the working directory.
    public static func defaultObject(for source: String) -> String {
        (((source as NSString).lastPathComponent) as NSString).deletingPathExtension + ".o"
    }

    /// `path` with its extension (after the last dot of the last component)
    /// replaced, or added: LLVM's `sys::path::replace_extension`.
    static func replacingExtension(of path: String, with newExtension: String) -> String {
        let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        if let dot = path[nameStart...].lastIndex(of: ".") { return String(path[..<dot]) + "." + newExtension }
        return path + "." + newExtension
    }

    /// C or C++ by extension, as clang's driver sees it (.C is C++).
    static func sourceLanguage(of path: String) -> SourceLanguage? {
        if (path as NSString).pathExtension == "C" { return .cxx }
        return SourceLanguage.of(path: path)
    }

    /// A flag only the link uses: a compile with -c would warn that it is
    /// unused (an error under -Werror).
    static func isLinkOnly(_ argument: String) -> Bool {
        linkOnlyFlags.contains(argument) || linkOnlyPrefixes.contains { argument.hasPrefix($0) }
    }

    // MARK: - Tables

    /// Link-only flags, written alone (some take the next argument: see `separateValue`).
    static let linkOnlyFlags: Set<String> = [
        "-Xlinker", "-T", "-u", "-z", "-e", "-rpath", "-s", "-r", "-static", "-static-libgcc", "-static-libstdc++",
        "-static-pie", "-shared", "-shared-libgcc", "-rdynamic", "-pie", "-no-pie", "-nostdlib", "-nostdlib++",
        "-nostartfiles", "-nodefaultlibs", "-nolibc",
    ]
    /// Link-only flags by prefix (-lm, -L/dir and -L dir, -Wl,...).
    static let linkOnlyPrefixes = [
        "-l", "-L", "-Wl,", "-fuse-ld=", "--ld-path=", "--rtlib=", "-rtlib=", "--unwindlib=", "-unwindlib=",
    ]

    /// Options whose value is the next argument when written alone
    /// (`-o x`, `-I dir`); the joined forms (`-Idir`) take none.
    static let separateValue: Set<String> = [
        "-o", "-x", "-I", "-D", "-U", "-L", "-l", "-MF", "-MT", "-MQ", "-MJ", "-include", "-imacros", "-isystem",
        "-iquote", "-idirafter",
        "-iframework", "-isysroot", "-iprefix", "-iwithprefix", "-iwithprefixbefore", "-iwithsysroot", "-ivfsoverlay",
        "-cxx-isystem",
        "-isystem-after", "-target", "-arch", "-Xclang", "-Xlinker", "-Xassembler", "-Xpreprocessor", "-Xanalyzer",
        "-Xarch_host",
        "-Xarch_device", "-Xopenmp-target", "-mllvm", "-u", "-T", "-z", "-F", "-G", "-B", "-e", "--param",
        "-serialize-diagnostics",
        "--serialize-diagnostics", "--sysroot", "-install_name", "-framework", "-dylib_file", "-rpath",
        "-working-directory",
        "--include-directory", "--define-macro", "--undefine-macro", "--output", "--language", "-aux-target",
        "-main-file-name",
        "-dependency-file", "-dependency-dot", "-include-pch", "-include-pth", "-imultilib",
    ]

    /// Options that only steer the preprocessor (dropped when lowering IR),
    /// written alone with a value, or joined.
    static let preprocessorSeparate: Set<String> = [
        "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-iframework", "-isysroot",
        "-iprefix", "-iwithprefix",
        "-iwithprefixbefore", "-iwithsysroot", "-ivfsoverlay", "-cxx-isystem", "-isystem-after", "--include-directory",
        "--define-macro",
        "--undefine-macro", "-include-pch", "-include-pth", "-imultilib",
    ]
    static let preprocessorPrefixes = [
        "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-iframework", "-isysroot",
        "-iprefix", "-iwithprefix",
        "-iwithsysroot", "-ivfsoverlay", "-cxx-isystem", "-nostdinc", "-nostdlibinc", "-nobuiltininc", "-Wp,", "-std=",
        "--std=", "-ansi",
        "-trigraphs", "--include-directory=", "--define-macro=", "--undefine-macro=",
    ]

    /// Modes that do not compile to an object even with -c.
    static let nonObjectModes: [String: String] = [
        "-E": "preprocessing (-E)", "-S": "assembly output (-S)", "-fsyntax-only": "-fsyntax-only",
        "-M": "dependency generation (-M)",
        "-MM": "dependency generation (-MM)", "-emit-llvm": "IR output (-emit-llvm)", "-emit-ast": "-emit-ast",
        "-###": "-###",
        "--analyze": "--analyze", "-precompile": "-precompile", "--precompile": "--precompile", "-help": "--help",
        "--help": "--help",
        "--version": "--version", "-dumpversion": "-dumpversion", "-dumpmachine": "-dumpmachine",
        "-v": "-v (verbose driver)",
        "-fdriver-only": "-fdriver-only", "--preprocess": "preprocessing (--preprocess)",
        "--assemble": "assembly output (--assemble)",
    ]
    /// Prefixes the brief asks to pass through (whole-program or extra outputs of the driver).
    static let passthroughPrefixes: [(prefix: String, reason: String)] = [
        ("-flto", "LTO (-flto)"), ("-save-temps", "-save-temps"), ("-fembed-bitcode", "-fembed-bitcode"),
        ("-print-", "-print-*"),
        ("--print-", "--print-*"), ("-emit-", "-emit-*"),
    ]

    /// Flags that change what clang's own pipeline does or add outputs next
    /// to the object: a tuned compile would lose them, so such compiles are
    /// declined (clang-19 compiles them as asked, recorded as fallbacks).
    static let declinedPrefixes: [String] = [
        "-fsanitize", "-fprofile-", "-fno-profile-", "-fcoverage-", "--coverage", "-coverage", "-ftest-coverage",
        "-fprofile-arcs", "-fxray-",
        "-finstrument-function", "-fpass-plugin", "-fplugin", "-fsave-optimization-record", "-foptimization-record-",
        "-gsplit-dwarf",
        "-fstack-usage", "-fdebug-info-for-profiling", "-fpseudo-probe-for-profiling", "-fmemory-profile",
        "-fcs-profile-generate",
        "-fsplit-lto-unit", "-fopenmp", "-fopenacc", "-fcuda", "-fsycl", "-fhip", "-ftime-trace", "-ftime-report",
        "-frecord-command-line",
        "-grecord-command-line", "-frecord-gcc-switches", "-fexperimental-sanitize-metadata", "-fmodules",
        "-fcxx-modules",
        "-Wp,-M", "-mllvm", "-Xclang", "-Xarch_", "-Xopenmp-target", "-MJ", "-serialize-diagnostics",
        "--serialize-diagnostics",
        "-fdump-", "-fproc-stat-report", "-fcrash-diagnostics", "-working-directory", "-Rpass", "-fstack-size-section",
    ]

    /// Flags known to reach clang's pass pipeline and code generation the
    /// same way for IR as for source (or not at all: the frontend's IR
    /// carries them). With any other flag the backup is compiled from the
    /// source (`ReferenceStrategy.source`).
    static let pipelineNeutralPrefixes: [String] = [
        "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-iframework", "-isysroot",
        "--sysroot", "-iprefix",
        "-iwithprefix", "-iwithsysroot", "-cxx-isystem", "-nostdinc", "-nostdlibinc", "-std=", "--std=", "-ansi", "-W",
        "-w", "-pedantic",
        "--pedantic", "-g", "-m", "--target=", "-target", "-march=", "-mcpu=", "-mtune=", "-pthread", "-pipe", "-c",
        "-fpic", "-fPIC", "-fpie", "-fPIE", "-fno-pic", "-fno-PIC", "-fno-pie", "-fno-PIE", "-fcommon", "-fno-common",
        "-ffunction-sections", "-fno-function-sections", "-fdata-sections", "-fno-data-sections",
        "-funique-section-names",
        "-fno-unique-section-names", "-fstack-protector", "-fno-stack-protector", "-fstack-clash-protection",
        "-fno-stack-clash-protection",
        "-fomit-frame-pointer", "-fno-omit-frame-pointer", "-fasynchronous-unwind-tables",
        "-fno-asynchronous-unwind-tables",
        "-funwind-tables", "-fno-unwind-tables", "-fexceptions", "-fno-exceptions", "-fcxx-exceptions",
        "-fno-cxx-exceptions", "-frtti",
        "-fno-rtti", "-fvisibility", "-fstrict-aliasing", "-fno-strict-aliasing", "-fwrapv", "-fno-wrapv",
        "-fstrict-overflow",
        "-fno-strict-overflow", "-fsigned-char", "-fno-signed-char", "-funsigned-char", "-fno-unsigned-char",
        "-fshort-enums",
        "-fno-short-enums", "-fshort-wchar", "-fno-short-wchar", "-fident", "-fno-ident", "-fdebug-prefix-map=",
        "-ffile-prefix-map=",
        "-fmacro-prefix-map=", "-fdebug-compilation-dir", "-fplt", "-fno-plt", "-fsemantic-interposition",
        "-fno-semantic-interposition",
        "-fcf-protection", "-fdelete-null-pointer-checks", "-fno-delete-null-pointer-checks", "-fjump-tables",
        "-fno-jump-tables",
        "-fzero-initialized-in-bss", "-fno-zero-initialized-in-bss", "-fuse-cxa-atexit", "-fno-use-cxa-atexit",
        "-fthreadsafe-statics",
        "-fno-threadsafe-statics", "-fgnu89-inline", "-fno-gnu89-inline", "-fdiagnostics-", "-fno-diagnostics-",
        "-fcolor-diagnostics",
        "-fno-color-diagnostics", "-fmessage-length", "-fcaret-diagnostics", "-fno-caret-diagnostics", "-ferror-limit",
        "-fno-lto",
        "-fvisibility-inlines-hidden", "-ffp-contract=", "-fmath-errno", "-fno-math-errno", "-fno-trapping-math",
        "-ftrapping-math",
        "-fno-addrsig", "-faddrsig", "-ftrivial-auto-var-init", "-fno-strict-float-cast-overflow", "-fno-permissive",
        "-fgnu-keywords",
        "-fno-gnu-keywords", "-fno-ms-extensions", "-fno-dwarf-directory-asm", "-Xassembler", "-Xpreprocessor",
        "-Xlinker", "-L", "-l",
    ]

    /// Walks the arguments once, collecting what the plan needs.
    struct Scan {
        var inputs: [(path: String, index: Int, language: String?)] = []
        var currentLanguage: String?
        var output: String?
        var compileOnly = false
        var levelArgument: String?
        var notAnObjectCompile: String?
        var declineReason: String?
        /// Flags outside `pipelineNeutralPrefixes`.
        var unknownToPipeline: [String] = []
        /// Indices left out of the build's own flags (output, -c, -O, dependencies).
        var frontendDropped = Set<Int>()
        /// Further indices left out when lowering IR (-x, preprocessor flags).
        var codegenDropped = Set<Int>()
        /// Indices of flags only the linker uses (-l, -L, -Wl, -static...),
        /// with their values: left out of a one-step build's compiles.
        var linkOnly = Set<Int>()
        /// Indices of -o and its value, and of -c.
        var outputIndices = Set<Int>()
        /// Indices of the dependency-file flags (-MD, -MMD, -MF, -MT, -MQ, -MP...), with their values.
        var dependencyIndices = Set<Int>()
        /// A -x option anywhere in the command.
        var sawLanguageOption = false
        var dependencyKind: String?
        var dependencyFile: String?
        var dependencyTargets: [String] = []
        var phonyTargets = false

        /// The command is a build system's configure check, not code a build
        /// ships: it names autoconf's `conftest` (conftest.c, conftest.o,
        /// conftest), a CMake try_compile project (`cmTC_*` targets under
        /// CMakeScratch or CMakeTmp) or a file of Meson's `meson-private`.
        var isConfigureCheck: Bool {
            ([output].compactMap { $0 } + inputs.map(\.path)).contains { path in
                let components = path.split(separator: "/")
                if let name = components.last, name == "conftest" || name.hasPrefix("conftest.") { return true }
                return components.contains {
                    $0.hasPrefix("cmTC_") || $0 == "CMakeScratch" || $0 == "CMakeTmp" || $0 == "meson-private"
                }
            }
        }

        /// Looks at one argument (and its value, `next`); returns how many
        /// arguments it took.
        mutating func visit(_ argument: String, next: String?, at index: Int) -> Int {
            let takesNext = CompilePlanner.separateValue.contains(argument) && next != nil
            let count = takesNext ? 2 : 1
            let value: String? = takesNext ? next : nil
            func drop(frontend: Bool) {
                for offset in 0..<count {
                    if frontend {
                        frontendDropped.insert(index + offset)
                    } else {
                        codegenDropped.insert(index + offset)
                    }
                }
            }

            if argument.hasPrefix("@") {
                if declineReason == nil {
                    declineReason =
                        "response file \(argument): PassLab does not read its flags; pass them on the command line"
                }
                return 1
            }
            if argument == "-" || !argument.hasPrefix("-") || argument.isEmpty {
                inputs.append((argument, index, currentLanguage))
                return 1
            }
            switch argument {
            case "-c":
                compileOnly = true
                drop(frontend: true)
                outputIndices.insert(index)
                return 1
            case "-o":
                output = value
                drop(frontend: true)
                outputIndices.formUnion(index..<index + count)
                return count
            case "-x":
                currentLanguage = value == "none" ? nil : value
                sawLanguageOption = true
                drop(frontend: false)
                return count
            case "-MD", "-MMD":
                dependencyKind = argument
                drop(frontend: true)
                dependencyIndices.insert(index)
                return 1
            case "-MF", "-MT", "-MQ":
                if let value {
                    if argument == "-MF" { dependencyFile = value } else { dependencyTargets += [argument, value] }
                }
                drop(frontend: true)
                dependencyIndices.formUnion(index..<index + count)
                return count
            case "-MP":
                phonyTargets = true
                drop(frontend: true)
                dependencyIndices.insert(index)
                return 1
            case "-MV", "-MG":
                drop(frontend: true)
                dependencyIndices.insert(index)
                return 1
            default:
                break
            }
            if argument.hasPrefix("-o") && argument.count > 2 {
                output = String(argument.dropFirst(2))
                drop(frontend: true)
                outputIndices.insert(index)
                return 1
            }
            if argument.hasPrefix("-x") && argument.count > 2 {
                currentLanguage = String(argument.dropFirst(2)) == "none" ? nil : String(argument.dropFirst(2))
                sawLanguageOption = true
                drop(frontend: false)
                return 1
            }
            for flag in ["-MF", "-MT", "-MQ"] where argument.hasPrefix(flag) && argument.count > flag.count {
                let joined = String(argument.dropFirst(flag.count))
                if flag == "-MF" { dependencyFile = joined } else { dependencyTargets += [flag, joined] }
                drop(frontend: true)
                dependencyIndices.insert(index)
                return 1
            }
            if CompilePlanner.isLinkOnly(argument) { linkOnly.formUnion(index..<index + count) }
            if argument.hasPrefix("-O") && !argument.hasPrefix("-Wl") {
                levelArgument = argument
                drop(frontend: true)
                return 1
            }
            if let mode = CompilePlanner.nonObjectModes[argument] {
                notAnObjectCompile = notAnObjectCompile ?? mode
            }
            if let match = CompilePlanner.passthroughPrefixes.first(where: { argument.hasPrefix($0.prefix) }),
                !argument.hasPrefix("-fno-lto"), argument != "-fembed-bitcode=off"
            {
                notAnObjectCompile = notAnObjectCompile ?? match.reason
            }
            if declineReason == nil, CompilePlanner.declinedPrefixes.contains(where: { argument.hasPrefix($0) }),
                !argument.hasPrefix("-fno-sanitize"), !argument.hasPrefix("-fno-profile-"),
                !argument.hasPrefix("-fno-openmp"),
                !argument.hasPrefix("-fno-modules")
            {
                declineReason =
                    "\(argument) changes clang's pipeline or outputs beyond the object; PassLab does not tune such compiles"
            }
            if !CompilePlanner.pipelineNeutralPrefixes.contains(where: { argument.hasPrefix($0) })
                || argument == "-mllvm"
            {
                unknownToPipeline.append(argument)
            }
            if CompilePlanner.preprocessorSeparate.contains(argument)
                || CompilePlanner.preprocessorPrefixes.contains(where: { argument.hasPrefix($0) })
            {
                drop(frontend: false)
            }
            return count
        }

        /// The dependency flags for a run that writes its output elsewhere:
        /// -MF and the target(s) explicit, as clang's driver derives them.
        func dependencyArguments(output: String, input: String) -> [String] {
            guard let dependencyKind else { return [] }
            let file = dependencyFile ?? CompilePlanner.replacingExtension(of: output, with: "d")
            let targets = dependencyTargets.isEmpty ? ["-MQ", output] : dependencyTargets
            return [dependencyKind, "-MF", file] + targets + (phonyTargets ? ["-MP"] : [])
        }
    }
}
