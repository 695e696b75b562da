import ArgumentParser
import CodeSize
import Engine
import Foundation
import Pipelines
import Toolchain

struct PassesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passes",
        abstract: "List the searchable pass catalog for LLVM 19 (the paper's rules), with adaptors.",
        discussion: """
            --show NAME prints the `opt -p` text an alias or pipeline stands for: clang-Oz is clang-19's own -Oz \
            pipeline, which other outputs name `clang -Oz` instead of printing.

            Example: passlab passes --show clang-Oz
            """
    )

    @Option(help: "Print the opt -p text this alias or pipeline stands for (e.g. clang-Oz) instead of the catalog.")
    var show: String?

    @Flag(help: "Print JSON: llvmVersion, entries (name, level, pipeline), excluded (name, reason).")
    var json = false

    @Flag(help: "Also list the passes left out, with the reason.")
    var excluded = false

    struct Listing: Encodable {
        /// The catalog belongs to no protocol: the protocol keys are null.
        var provenance: Provenance
        var llvmVersion: String
        var count: Int
        var entries: [CatalogEntry]
        var excluded: [ExcludedPass]
    }

    /// `passes --show NAME --json`.
    struct Expansion: Encodable {
        var provenance: Provenance
        var name: String
        var pipelineExpanded: String
    }

    func run() throws {
        reportingErrors {
            if let show {
                let expanded = try ProgramMeasurer.parsePipeline(show)
                if json {
                    try printJSON(
                        Expansion(
                            provenance: Provenance(nil, llvmVersion: PassCatalog.llvmVersion), name: show,
                            pipelineExpanded: expanded.description))
                } else {
                    try StandardOutput.print(expanded.description)
                }
                return
            }
            if json {
                try printJSON(
                    Listing(
                        provenance: Provenance(nil, llvmVersion: PassCatalog.llvmVersion),
                        llvmVersion: PassCatalog.llvmVersion,
                        count: PassCatalog.entries.count, entries: PassCatalog.entries, excluded: PassCatalog.excluded))
                return
            }
            try StandardOutput.print(
                "# \(PassCatalog.entries.count) searchable passes, LLVM \(PassCatalog.llvmVersion)")
            for entry in PassCatalog.entries {
                try StandardOutput.print(entry.pipeline)
            }
            if excluded {
                try StandardOutput.print("\n# \(PassCatalog.excluded.count) excluded")
                for pass in PassCatalog.excluded {
                    try StandardOutput.print("\(pass.name): \(pass.reason)")
                }
            }
        }
    }
}
