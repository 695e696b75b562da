import ArgumentParser
import Benchmarks
import CompilerWrapper
import Datasets
import Toolchain
import CodeSize
import Evaluation
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks, measured side by side in one run.",
        discussion: "Example: passlab bench throughput Tests/Fixtures/programs --protocol both",
        subcommands: [ThroughputCommand.self, SearchBenchCommand.self, CCBenchCommand.self, ValidationBenchCommand.self,
                      BenchTuningCommand.self, BenchStoreCommand.self, SpawnBenchCommand.self]
    )
}

struct ThroughputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Evaluations per second: engine (1 and 2 workers) vs opt-19 + clang-19/llc-19 + llvm-size-19, same modules and pipelines.",
        discussion: "Example: passlab bench throughput Tests/Fixtures/programs --protocol both"
    )

    @Argument(help: "Programs (.c/.cpp/.ll/.bc) or directories. Default: Tests/Fixtures/programs and examples/ of the checkout.")
    var inputs: [String] = []

    @Option(help: "Protocols to measure: shipping, paper or both.")
    var `protocol`: String = "both"

    @Option(help: "Seeded random catalog lists added to module(default<Oz>) and default<O2>.")
    var randomPipelines: Int = 8

    @Option(help: "Seed of the random lists.")
    var seed: UInt64 = 1

    @Option(help: "Longest random list (50: the paper's random search; 5: lists as minimization tries them).")
    var maxLength: Int = 50

    @Option(help: "Most process-pipeline evaluations per protocol.")
    var processLimit: Int = 60

    @Option(help: "Engine repetitions of the whole job list.")
    var repetitions: Int = 3

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        reportingErrors {
            let files = try benchPrograms(inputs)
            let protocols: [MeasurementProtocol] = switch self.protocol {
            case "both": [.shipping, .paper]
            case "shipping": [.shipping]
            case "paper": [.paper]
            default: throw MeasureError.usage("--protocol must be shipping, paper or both, not '\(self.protocol)'")
            }
            let benchmark = ThroughputBenchmark(inputs: files, pipelines: ThroughputBenchmark.defaultPipelines(randomCount: randomPipelines, seed: seed, maxLength: maxLength),
                                                protocols: protocols, workerExecutable: EngineConfiguration.currentExecutable,
                                                processLimit: processLimit, repetitions: repetitions)
            let result = try benchmark.run { line in
                if !json { try? StandardOutput.print(line) }  // a failure is kept and reported at the end
            }
            if json {
                try printJSON(result, measuredUnder: protocols.count == 1 ? protocols[0] : nil)
                return
            }
            for item in result.protocols {
                try StandardOutput.print(String(format: "%@: engine %.1f evals/s (2 workers %.1f), process pipeline %.1f evals/s, speedup %.1fx, scaling %.2fx",
                             item.protocol, item.engineEvalsPerSecond, item.engineTwoWorkersEvalsPerSecond, item.processEvalsPerSecond,
                             item.speedupVsProcessPipeline, item.scalingTwoWorkers))
            }
            try StandardOutput.print("inputs: \(files.count) programs; pipelines: \(result.pipelines.count); LLVM \(result.llvmVersion); \(result.cores) cores")
        }
    }
}

/// The programs of a bench: `inputs` expanded, or the checkout's bundled ones.
func benchPrograms(_ inputs: [String]) throws -> [String] {
    let files = try ProgramDiscovery.programs(in: inputs.isEmpty ? ["Tests/Fixtures/programs", "examples"] : inputs)
    guard !files.isEmpty else {
        throw MeasureError.usage("no programs found in \(inputs.isEmpty ? "Tests/Fixtures/programs or examples (run from the checkout)" : inputs.joined(separator: ", ")); give .c/.cpp/.ll/.bc files or directories")
    }
    return files
}

struct SearchBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Compilations each search strategy needs to match the paper's random search, same programs, one run.",
        discussion: "Example: passlab bench search Tests/Fixtures/programs --random-budget 500"
    )

    @Argument(help: "Programs (.c/.cpp/.ll/.bc) or directories. Default: Tests/Fixtures/programs and examples/ of the checkout.")
    var inputs: [String] = []

    @Option(help: "Compilations of the random search per program (the paper: 5000).")
    var randomBudget: Int = 5000

    @Option(help: "Compilations each strategy may spend per program. Default: a tenth of the random budget.")
    var strategyCap: Int?

    @Option(help: "Protocol: shipping or paper.")
    var `protocol`: String = "shipping"

    @Option(help: "Seed of the random search and the strategies (mixed with each program's name).")
    var seed: UInt64 = 1

    @Option(help: "Worker processes. Default: one per core.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        reportingErrors {
            let files = try benchPrograms(inputs)
            let measurementProtocol: MeasurementProtocol = switch self.protocol {
            case "shipping": .shipping
            case "paper": .paper
            default: throw MeasureError.usage("--protocol must be shipping or paper, not '\(self.protocol)'")
            }
            guard randomBudget > 0, (strategyCap ?? 1) > 0, jobs > 0 else {
                throw MeasureError.usage("--random-budget, --strategy-cap and --jobs must be positive")
            }
            let benchmark = SearchBenchmark(inputs: files, measurementProtocol: measurementProtocol, randomBudget: randomBudget,
                                            strategyCap: strategyCap, seed: seed, jobs: jobs,
                                            workerExecutable: EngineConfiguration.currentExecutable)
            let result = try benchmark.run { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            if json {
                try printJSON(result)
                return
            }
            try StandardOutput.print(SearchBenchmark.table(result))
        }
    }
}

struct CCBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cc",
        abstract: "A real build three ways, side by side: plain clang-19 -Oz, passlab cc on a cold cache, passlab cc on the warm cache.",
        discussion: """
        The code base is Lua 5.4 as the development corpus pins it (the lupa archive from PyPI, sha256-checked, cached in \
        ~/.cache/passlab/sources), built by its own makefile with make -jJOBS, liblua.a and the lua interpreter; the \
        PassLab build is checked with Lua's own test suite (testes/all.lua, portable mode). Prints times, their ratios and \
        the products' sizes (Berkeley text+data, libraries summed over their members).

        Example: passlab bench cc --jobs 2
        """
    )

    @Option(help: "Lists per unit (PASSLAB_BUDGET).")
    var budget = DropInSettings.defaultBudget

    @Option(help: "make -j.")
    var jobs = 2

    @Option(help: "Build Lua from this tree (its makefile and testes/) instead of the corpus's copy.")
    var source: String?

    @Option(help: "The corpus spec that pins the Lua archive (default: corpus/sources.json of the checkout PassLab was built from).")
    var spec = PackageLocation.shippedFile(PackageLocation.corpusSpecRelativePath).path

    @Option(help: "Where the builds happen (kept afterwards). Default: a temporary directory named for this process, kept after the run until a later passlab command finds the process gone and sweeps it.")
    var scratch: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard budget >= 0 else { throw ValidationError("--budget must be 0 or more, got \(budget)") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
        reportingErrors {
            let tree: String
            if let source {
                tree = source
            } else {
                let (corpus, _) = try CorpusSpec.load(path: spec)
                guard let lua = corpus.codeBases.first(where: { $0.name == "lua" }) else {
                    throw MeasureError.badInput("\(spec) pins no code base named lua; give a Lua 5.4 tree with --source")
                }
                tree = try SourceArchives(cache: SourceArchives.defaultCache).sourceTree(of: lua, subdirectory: "lua54")
            }
            let directory = scratch ?? NSTemporaryDirectory() + "passlab-\(getpid())-bench-cc"
            let comparison = try BuildComparison.run(BuildRecipe.lua54(source: tree, jobs: jobs), passlab: EngineConfiguration.currentExecutable,
                                                     compiler: try Toolchain.findCompiler(cxx: false), budget: budget, scratch: directory) { line in
                if !json { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            }
            if json { try printJSON(comparison, measuredUnder: nil) } else { try StandardOutput.print(comparison.text, terminator: "") }
        }
    }
}
