import ArgumentParser
import Datasets
import Engine
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

/// `corpus build --json`: units made and skipped per code base.
struct CorpusCounts: Encodable {
    struct CodeBase: Encodable {
        var codeBase: String
        var units: Int
        var skipped: Int
    }

    var codeBases: [CodeBase]
}
