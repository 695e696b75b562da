import Foundation
import Toolchain

/// A compiler command as a build ran it: `passlab cc ARGS` (clang-19),
/// `passlab c++ ARGS` (clang++-19) or `passlab COMPILER ARGS` (launcher).
public struct CompilerInvocation: Sendable, Hashable {
    /// What runs the build's compile: a clang-19 path, or the launcher's
    /// compiler exactly as the build named it (clang++ is clang's C++ driver
    /// by its name, so the name is kept).
    public var compiler: String
    /// The arguments after the compiler, unchanged.
    public var arguments: [String]
    /// True when `compiler` is clang 19 (only then is anything tuned).
    public var compilerIsClang19: Bool
    /// The directory the build ran the command in: relative paths in
    /// `arguments` resolve against it, and it decides which build the compile
    /// belongs to.
    public var workingDirectory: String

    /// A command as the build ran it; `compilerIsClang19` defaults to true, as
    /// for `passlab cc` and `passlab c++`.
    public init(compiler: String, arguments: [String], compilerIsClang19: Bool = true, workingDirectory: String) {
        self.compiler = compiler
        self.arguments = arguments
        self.compilerIsClang19 = compilerIsClang19
        self.workingDirectory = workingDirectory
    }
}

/// The size level a tuned compile is compared with (clang-19's own object at
/// that level is the backup).
public enum SizeLevel: String, Sendable, Hashable, Codable {
    /// `Oz`: -Oz, clang's smallest; `Os`: -Os. The raw value is the level
    /// without its dash, as recorded in the cache.
    case Oz, Os

    /// The clang flag: "-Oz" or "-Os".
    public var flag: String { "-" + rawValue }
}

/// How the backup object (clang-19's own, at the size level) is made.
public enum ReferenceStrategy: String, Sendable, Hashable, Codable {
    /// clang-19 at the size level on the frontend's IR: its own pass
    /// pipeline and code generation, byte for byte the build's compile
    /// without a second frontend run, when every flag is one PassLab knows
    /// reaches clang's pipeline the same way for IR as for source.
    case frontendIR
    /// clang-19 compiles the source itself, as the build asked (any other flag).
    case source
}

/// What `passlab cc` does with one command: plan as data, decided by
/// `CompilePlanner` without running anything.
public enum CompilePlan: Sendable, Hashable {
    /// Not a size-level compile of one C/C++ file to an object (a link,
    /// preprocessing, assembly, -O2...): the compiler runs as the build asked.
    case passthrough(reason: String)
    /// A size-level compile to an object that PassLab does not tune (an
    /// unsupported flag, a compiler other than clang-19): the compiler runs as
    /// the build asked, and the fallback is recorded with its reason.
    case declined(DeclinedCompile)
    /// Tuned: IR with the build's flags, pass lists, lowering with the
    /// build's flags, the smaller of PassLab's and clang's object.
    case tune(TunedCompilePlan)
    /// A program built from C/C++ sources in one command (no -c), or
    /// several sources compiled by one (-c): each source is compiled on its
    /// own (tuned as its own `-c` compile would be), then the command links
    /// the objects in the sources' places (without -c).
    case build(OneStepBuild)
}

/// A size-level command that compiles and links in one step (`passlab cc -Oz
/// a.c b.c -lm -o prog`, as many makefiles build small programs), or that
/// compiles several sources (`passlab cc -Oz -c a.c b.c`): what each source's
/// own compile is, and the link that takes the objects instead.
public struct OneStepBuild: Sendable, Hashable {
    /// A C or C++ source of the command.
    public struct Source: Sendable, Hashable {
        /// As the command names it.
        public var path: String
        /// Its position in `arguments`.
        public var index: Int
    }

    /// The build's clang 19 driver.
    public var compiler: String
    /// The command's arguments, unchanged.
    public var arguments: [String]
    /// The C and C++ sources, in the command's order (other inputs, such as
    /// objects, archives and assembly, stay in the link).
    public var sources: [Source]
    /// The program (`-o`, else a.out), as given; nil for several sources
    /// compiled with -c (no link: each object named as clang names it, the
    /// source's stem + .o in the working directory).
    public var output: String?
    /// The command's size level (-Oz under PASSLAB_OPTIMIZE=size at another level).
    public var level: SizeLevel
    /// Positions left out of each source's compile: every input, the output,
    /// dependency-file flags and flags only the linker uses (-l, -L, -Wl,
    /// -static...).
    var compileDropped: Set<Int>
    /// Each source's dependency-file flags, made explicit so that a compile
    /// writing its object elsewhere writes the file clang's driver writes
    /// for the command (empty when it asks for none).
    var dependencyArguments: [[String]]

    /// The compile of source number `source` to `object`: the command's
    /// flags without inputs, output and link-only flags, then `SOURCE -c -o
    /// OBJECT` and the source's dependency-file flags.
    public func compileArguments(source: Int, object: String) -> [String] {
        arguments.indices.filter { !compileDropped.contains($0) }.map { arguments[$0] } + [
            sources[source].path, "-c", "-o", object,
        ] + dependencyArguments[source]
    }

    /// The command with each source replaced by its object (`objects[i]` for
    /// `sources[i]`), everything else where it was: the link of the program.
    public func linkArguments(objects: [String]) -> [String] {
        var linked = arguments
        for (source, object) in zip(sources, objects) { linked[source.index] = object }
        return linked
    }
}

/// A size-level compile to an object that the compiler makes as asked; what the
/// fallback record needs.
public struct DeclinedCompile: Sendable, Hashable {
    /// Why it is not tuned (the flag, or the compiler), for cc.log and
    /// `--report`.
    public var reason: String
    /// The source file as the command named it.
    public var source: String
    /// The object the command writes (`-o`, or the source's stem + .o), as
    /// given.
    public var output: String
    /// The size level asked for (-Oz for any level under
    /// PASSLAB_OPTIMIZE=size).
    public var level: SizeLevel
}

/// A compile PassLab tunes, with every command it may run as a function of
/// the temporary paths.
public struct TunedCompilePlan: Sendable, Hashable {
    /// The build's clang 19 driver (`CompilerInvocation.compiler`), which
    /// runs every step: the frontend, each lowering and the backup.
    public var compiler: String
    /// The source file as the command named it.
    public var source: String
    /// C or C++, from `-x` or else the extension (`.C` is C++).
    public var language: SourceLanguage
    /// The object the build asked for (`-o`, or the source's stem + .o), as given.
    public var output: String
    /// The backup's level: the command's -Oz/-Os, or -Oz under
    /// PASSLAB_OPTIMIZE=size.
    public var level: SizeLevel
    /// How the backup is made: from the frontend's IR when every flag is known
    /// to be pipeline-neutral, else from the source.
    public var referenceStrategy: ReferenceStrategy
    /// The build's arguments without output, -c, -O levels and dependency
    /// flags (the source stays where it was, after any -x).
    var buildArguments: [String]
    /// `buildArguments` without the source, -x and preprocessor-only flags:
    /// what code generation of IR still needs (target, -m, -f, -g, -W...).
    var codegenArguments: [String]
    /// Dependency-file flags made explicit (-MF and the target named), so
    /// that a run writing elsewhere still writes clang's file; empty when the
    /// build asked for none.
    public var dependencyArguments: [String]

    /// Unoptimized IR as clang-19 -Oz/-Os has it before its pass pipeline,
    /// with the build's flags; writes the dependency file, if any.
    public func frontendArguments(bitcode: String) -> [String] {
        buildArguments + [level.flag, "-Xclang", "-disable-llvm-passes", "-emit-llvm", "-c", "-o", bitcode]
            + dependencyArguments
    }

    /// Code generation of optimized bitcode with the build's flags and no IR
    /// passes (clang's codegen level for -Oz/-Os is that of -O2).
    public func loweringArguments(bitcode: String, object: String) -> [String] {
        codegenArguments + [
            level.flag, "-Xclang", "-disable-llvm-passes", "-Wno-unused-command-line-argument", "-c", "-x", "ir",
            bitcode,
            "-o", object,
        ]
    }

    /// The build's own compile at the size level, to `object`: from the
    /// frontend's `bitcode` or from the source (`referenceStrategy`), never
    /// writing the dependency file (the frontend did).
    public func referenceArguments(bitcode: String, object: String) -> [String] {
        switch referenceStrategy {
        case .frontendIR:
            return codegenArguments + [
                level.flag, "-Wno-unused-command-line-argument", "-c", "-x", "ir", bitcode, "-o", object,
            ]
        case .source:
            return buildArguments + [level.flag, "-c", "-o", object]
        }
    }

    /// The flags that decide the object besides the IR (hashed into the cache key).
    public var codegenFingerprint: [String] { codegenArguments + [level.flag, referenceStrategy.rawValue] }
}

/// A link step of a build (`passlab cc a.o b.o libx.a -o prog`).
public struct LinkStep: Sendable, Hashable {
    /// The product, as given (`-o`, else a.out).
    public var output: String
    /// The objects and archives linked, as given, and their positions in
    /// the arguments (to link clang-19's own objects in their place).
    public var inputs: [String]
    /// Where each of `inputs` is in the command's `arguments` (same order).
    public var inputIndices: [Int]
}
