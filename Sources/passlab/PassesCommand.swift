import ArgumentParser
import Foundation
import Toolchain
import Pipelines

struct PassesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passes",
        abstract: "List the searchable pass catalog for LLVM 19 (the paper's rules), with adaptors."
    )

    @Flag(help: "Print JSON: llvmVersion, entries (name, level, pipeline), excluded (name, reason).")
    var json = false

    @Flag(help: "Also list the passes left out, with the reason.")
    var excluded = false

    struct Listing: Encodable {
        var llvmVersion: String
        var count: Int
        var entries: [CatalogEntry]
        var excluded: [ExcludedPass]
    }

    func run() throws {
        reportingErrors {
            if json {
                try printJSON(Listing(llvmVersion: PassCatalog.llvmVersion, count: PassCatalog.entries.count, entries: PassCatalog.entries,
                                  excluded: PassCatalog.excluded))
                return
            }
            try StandardOutput.print("# \(PassCatalog.entries.count) searchable passes, LLVM \(PassCatalog.llvmVersion)")
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
