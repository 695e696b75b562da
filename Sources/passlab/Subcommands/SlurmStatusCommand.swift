import ArgumentParser
import Cluster
import Engine
import Foundation
import Toolchain

struct SlurmStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The campaign's jobs (squeue, sacct) and each shard's progress in the store.",
        discussion: "Example: passlab slurm status --db /shared/results.sqlite --job 1234"
    )

    @Option(help: "The results store the campaign writes to.")
    var db: String

    @Option(help: "Only this job (an array job's id covers its tasks).")
    var job: String?

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        reportingErrors {
            let status = try SlurmStatus.read(store: db, job: job)
            if json { try printJSON(status) } else { try StandardOutput.print(status.text) }
        }
    }
}
