import ArgumentParser
import Datasets
import Engine
import Foundation
import Toolchain
import Validation

struct CorpusSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract:
            "Print a deterministic sample of a built corpus: per code base, the first units in sha256-of-path order.",
        discussion:
            "For experiments that cannot afford the whole corpus, e.g. `passlab autotune $(passlab corpus sample dev-corpus) --db ...`.\n\nExample: passlab corpus sample dev-corpus"
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
                    throw MeasureError.usage(
                        "\(option): \(unknown) is not a code base of \(corpus) (it has \(known.sorted().joined(separator: ", ")))"
                    )
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
