import ArgumentParser
import Store
import Toolchain

struct StoreCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copies every row of one results store into another (SQLite or PostgreSQL, either way).",
        discussion: """
            One transaction of the destination: a failure leaves it as it was. Into an empty store rows keep \
            their ids; with --append, rows the destination already has (by their unique keys) are kept as they are.
            Example: passlab store copy results.sqlite postgres://tuner@db.example:5432/results
            """
    )

    @Argument(help: "The store to copy from (a SQLite file or a postgres:// URL).")
    var source: String

    @Argument(help: "The store to copy into (created if it is a SQLite file; a PostgreSQL database must exist).")
    var destination: String

    @Flag(help: "Add to a destination that already holds rows instead of refusing it.")
    var append = false

    func run() throws {
        reportingErrors {
            let summary = try StoreCopy.copy(from: source, to: destination, append: append)
            let lines = summary.rows.map { row in
                "\(row.table): \(row.copied) copied" + (row.kept > 0 ? ", \(row.kept) already there" : "")
            }
            try StandardOutput.print((["\(source) -> \(destination)"] + lines).joined(separator: "\n"))
        }
    }
}
