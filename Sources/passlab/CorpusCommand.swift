import ArgumentParser
import Datasets
import Evaluation
import Foundation
import Toolchain
import Validation

struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "The development corpus of real code.",
        discussion: "Example: passlab corpus build --out dev-corpus --jobs 4",
        subcommands: [CorpusBuildCommand.self, CorpusSampleCommand.self]
    )
}

struct CorpusBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Fetch the pinned code bases (sha256-checked), generate csmith programs, and write one unoptimized .ll per translation unit plus manifest.json.",
        discussion: """
        Sources come from the registries at build time and are cached (never committed); \
        the output is resumable: run the same command again to finish an interrupted build.

        Example: passlab corpus build --out dev-corpus --only zstd,lua
        """
    )

    @Option(name: .long, help: "Output directory (created; an existing one must come from the same spec and selection).")
    var out: String

    @Option(help: "The corpus spec (default: corpus/sources.json of the checkout PassLab was built from).")
    var spec = PackageLocation.shippedFile(PackageLocation.corpusSpecRelativePath).path

    @Option(help: "Where archives and generated sources are cached. Default: $XDG_CACHE_HOME/passlab/sources or ~/.cache/passlab/sources.")
    var cache: String?

    @Option(help: "csmith programs to generate (default: the spec's count; 0 for none).")
    var csmith: Int?

    @Option(help: "The HumanEval-X suite (default: $PASSLAB_HUMANEVAL, else data/humaneval-x-cpp/humaneval_cpp.jsonl.gz of the checkout PassLab was built from).")
    var humaneval: String?

    @Flag(help: "Leave out the HumanEval-X programs.")
    var noHumaneval = false

    @Option(help: "Only these code bases (comma-separated names from the spec).")
    var only: String?

    @Option(help: "Parallel compilations.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the manifest's unit counts as JSON.")
    var json = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be 1 or more, got \(jobs)") }
        if let csmith, csmith < 0 { throw ValidationError("--csmith must be 0 or more, got \(csmith)") }
    }

    func run() throws {
        reportingErrors {
            let humanEval = noHumaneval ? nil : (humaneval ?? HumanEvalSuite.defaultPath)
            let options = CorpusBuilder.Options(output: out, specPath: spec, cache: cache ?? SourceArchives.defaultCache, jobs: jobs,
                                                csmithCount: csmith, humanEvalPath: humanEval,
                                                only: only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) })
            let builder = CorpusBuilder(options: options, toolchain: try Toolchain.find())
            let manifest = try builder.build { line in
                if !json { try? StandardOutput.print(line) }  // a failure is kept and reported at the end
            }
            let counts = manifest.counts
            if json {
                try printJSON(CorpusCounts(codeBases: counts.map { .init(codeBase: $0.codeBase, units: $0.units, skipped: $0.skipped) }),
                          measuredUnder: nil)
                return
            }
            for count in counts {
                let name = count.codeBase.padding(toLength: max(14, count.codeBase.count), withPad: " ", startingAt: 0)
                try StandardOutput.print(String(format: "  %@ %4d units  %3d skipped", name, count.units, count.skipped))
            }
            let real = counts.filter { !["csmith", "humaneval-x"].contains($0.codeBase) }
            try StandardOutput.print("\(counts.reduce(0) { $0 + $1.units }) units in \(out) (\(real.reduce(0) { $0 + $1.units }) from \(real.filter { $0.units > 0 }.count) real code bases); manifest: \(out)/manifest.json")
        }
    }
}

struct CorpusSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Print a deterministic sample of a built corpus: per code base, the first units in sha256-of-path order.",
        discussion: "For experiments that cannot afford the whole corpus, e.g. `passlab autotune $(passlab corpus sample dev-corpus) --db ...`.\n\nExample: passlab corpus sample dev-corpus"
    )

    @Argument(help: "A directory written by `passlab corpus build`.")
    var corpus: String

    @Option(help: "Units per code base.")
    var perCodeBase = 1

    @Option(help: "Leave out units whose IR is larger than this many bytes (0: no limit).")
    var maxBytes = 0

    @Option(help: "Only these code bases (comma-separated names, as in the manifest).")
    var codeBases: String?

    @Option(help: "Leave out these code bases (comma-separated), e.g. the held-out ones of an evaluation.")
    var excludeCodeBases: String?

    func validate() throws {
        guard perCodeBase >= 1 else { throw ValidationError("--per-code-base must be 1 or more, got \(perCodeBase)") }
        guard maxBytes >= 0 else { throw ValidationError("--max-bytes must be 0 or more, got \(maxBytes)") }
    }

    func run() throws {
        reportingErrors {
            let manifest = try CorpusManifest.load(directory: corpus)
            let known = Set(manifest.codeBases.map(\.name))
            func names(_ list: String?, _ option: String) throws -> Set<String>? {
                guard let list else { return nil }
                let names = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                if let unknown = names.subtracting(known).sorted().first {
                    throw MeasureError.usage("\(option): \(unknown) is not a code base of \(corpus) (it has \(known.sorted().joined(separator: ", ")))")
                }
                return names
            }
            let only = try names(codeBases, "--code-bases")
            let excluded = try names(excludeCodeBases, "--exclude-code-bases") ?? []
            for path in manifest.sample(perCodeBase: perCodeBase, maxBytes: maxBytes, only: only, excluding: excluded) {
                try StandardOutput.print((corpus as NSString).appendingPathComponent(path))
            }
        }
    }
}

/// `corpus build --json`: units made and skipped per code base.
struct CorpusCounts: Encodable {
    struct CodeBase: Encodable {
        var codeBase: String
        var units: Int
        var skipped: Int
    }

    var codeBases: [CodeBase]
}
