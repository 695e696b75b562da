import ArgumentParser
import Datasets
import Engine
import Foundation
import Toolchain
import Validation

struct CorpusBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract:
            "Fetch the pinned code bases (sha256-checked), generate csmith programs, and write one unoptimized .ll per translation unit plus manifest.json.",
        discussion: """
            Sources come from the registries at build time and are cached (never committed); \
            the output is resumable: run the same command again to finish an interrupted build.

            Example: passlab corpus build --out dev-corpus --only zstd,lua
            """
    )

    @Option(
        name: .long, help: "Output directory (created; an existing one must come from the same spec and selection).")
    var out: String

    @Option(help: "The corpus spec (default: corpus/sources.json of the checkout PassLab was built from).")
    var spec = PackageLocation.shippedFile(PackageLocation.corpusSpecRelativePath).path

    @Option(
        help:
            "Where archives and generated sources are cached. Default: $XDG_CACHE_HOME/passlab/sources or ~/.cache/passlab/sources."
    )
    var cache: String?

    @Option(help: "csmith programs to generate (default: the spec's count; 0 for none).")
    var csmith: Int?

    @OptionGroup var humanEval: HumanEvalOptions

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
            let humanEvalPath = noHumaneval ? nil : (humanEval.humaneval ?? HumanEvalSuite.defaultPath)
            let options = CorpusBuilder.Options(
                output: out, specPath: spec, cache: cache ?? SourceArchives.defaultCache, jobs: jobs,
                csmithCount: csmith, humanEvalPath: humanEvalPath,
                only: only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) })
            let builder = CorpusBuilder(options: options, toolchain: try Toolchain.find())
            let manifest = try builder.build { line in
                if !json { try? StandardOutput.print(line) }  // a failure is kept and reported at the end
            }
            let counts = manifest.counts
            if json {
                try printJSON(
                    CorpusCounts(
                        codeBases: counts.map { .init(codeBase: $0.codeBase, units: $0.units, skipped: $0.skipped) }),
                    measuredUnder: nil)
                return
            }
            for count in counts {
                let name = count.codeBase.padding(toLength: max(14, count.codeBase.count), withPad: " ", startingAt: 0)
                try StandardOutput.print(
                    String(format: "  %@ %4d units  %3d skipped", name, count.units, count.skipped))
            }
            let real = counts.filter { !["csmith", "humaneval-x"].contains($0.codeBase) }
            try StandardOutput.print(
                "\(counts.reduce(0) { $0 + $1.units }) units in \(out) (\(real.reduce(0) { $0 + $1.units }) from \(real.filter { $0.units > 0 }.count) real code bases); manifest: \(out)/manifest.json"
            )
        }
    }
}
