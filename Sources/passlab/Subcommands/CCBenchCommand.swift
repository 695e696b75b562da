import ArgumentParser
import Benchmarks
import CodeSize
import CompilerWrapper
import Datasets
import DropInPlanning
import Engine
import Foundation
import Toolchain

struct CCBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cc",
        abstract:
            "A real build three ways, side by side: plain clang-19 -Oz, passlab cc on a cold cache, passlab cc on the warm cache.",
        discussion: """
            The code base is Lua 5.4 as the development corpus pins it (the lupa archive from PyPI, sha256-checked, cached in \
            ~/.cache/passlab/sources), built by its own makefile with make -jJOBS, liblua.a and the lua interpreter; the \
            PassLab build is checked with Lua's own test suite (testes/all.lua, portable mode). With --code-base giflib: \
            giflib 5.2.1 (the corpus's Debian source), libgif.so, libutil.so and 14 utilities that its makefile compiles \
            and links in one command each, checked with its regression tests (make -C tests). Prints times, their ratios \
            and the products' sizes (Berkeley text+data, libraries summed over their members).

            With --pass-through, instead: what a command passlab cc only passes to clang-19 costs (a query, -E, an -O2 \
            compile, configure's link check), run --runs times each with clang-19, passlab cc and passlab-core cc \
            (PassLab's engine, which such commands went through before the launcher), interleaved, medians side by side.

            Example: passlab bench cc --jobs 2 --code-base giflib
            Example: passlab bench cc --pass-through --runs 30
            """
    )

    @Option(help: "Lists per unit (PASSLAB_BUDGET).")
    var budget = DropInSettings.defaultBudget

    @Option(help: "make -j.")
    var jobs = 2

    @Option(help: "The code base: lua (Lua 5.4) or giflib (giflib 5.2.1).")
    var codeBase: BuildRecipe.CodeBase = .lua

    @Option(help: "Build the code base from this tree (as the corpus's copy unpacks) instead of the corpus's copy.")
    var source: String?

    @Option(
        help:
            "The corpus spec that pins the code base's archive (default: corpus/sources.json of the checkout PassLab was built from)."
    )
    var spec = PackageLocation.shippedFile(PackageLocation.corpusSpecRelativePath).path

    @Option(
        help:
            "Where the builds happen (kept afterwards). Default: a temporary directory named for this process, kept after the run until a later passlab command finds the process gone and sweeps it."
    )
    var scratch: String?

    @Flag(help: "Measure commands passlab cc passes through instead of a build (see above).")
    var passThrough = false

    @Option(help: "With --pass-through: runs per command and way (the median is reported).")
    var runs = 30

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard budget >= 0 else { throw ValidationError("--budget must be 0 or more, got \(budget)") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1, got \(runs)") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
        reportingErrors {
            let core = PackageLocation.currentExecutable
            // What users run: the launcher beside this executable (this one when there is none).
            let launcher = PackageLocation.siblingExecutable("passlab")
            let passlab = FileManager.default.isExecutableFile(atPath: launcher) ? launcher : core
            if passThrough {
                guard passlab == launcher else {
                    throw MeasureError.badInput(
                        "no passlab launcher beside \(core); build both executables (scripts/build-release)")
                }
                let report = try PassThroughBenchmark(
                    launcher: launcher, core: core, compiler: try Toolchain.findCompiler(cxx: false), runs: runs
                ).run(in: scratch ?? NSTemporaryDirectory() + "passlab-\(getpid())-bench-cc-pass-through")
                if json {
                    try printJSON(report, measuredUnder: nil)
                } else {
                    try StandardOutput.print(report.text, terminator: "")
                }
                return
            }
            let tree: String
            if let source {
                tree = source
            } else {
                let (corpus, _) = try CorpusSpec.load(path: spec)
                let name = codeBase.rawValue
                guard let pinned = corpus.codeBases.first(where: { $0.name == name }) else {
                    throw MeasureError.badInput("\(spec) pins no code base named \(name); give its tree with --source")
                }
                tree = try SourceArchives(cache: SourceArchives.defaultCache).sourceTree(
                    of: pinned, subdirectory: codeBase.treeSubdirectory)
            }
            let directory = scratch ?? NSTemporaryDirectory() + "passlab-\(getpid())-bench-cc"
            let comparison = try BuildComparison.run(
                codeBase.recipe(source: tree, jobs: jobs), passlab: passlab,
                compiler: try Toolchain.findCompiler(cxx: false), budget: budget, scratch: directory
            ) { line in
                if !json { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            }
            if json {
                try printJSON(comparison, measuredUnder: nil)
            } else {
                try StandardOutput.print(comparison.text, terminator: "")
            }
        }
    }
}

extension BuildRecipe.CodeBase: ExpressibleByArgument {}
