import ArgumentParser
import Store
import Toolchain

/// `passlab store ...`: moving results stores between SQLite and PostgreSQL.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Results stores: copy one between SQLite and PostgreSQL.",
        subcommands: [StoreCopyCommand.self]
    )
}
