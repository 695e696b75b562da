import ArgumentParser
import Cluster
import Engine
import Foundation
import Toolchain

struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Sharded autotuning on a Slurm cluster: job scripts, submission, status.",
        discussion: "Example: passlab slurm autotune programs/ --db /shared/results.sqlite --shards 16 --submit",
        subcommands: [SlurmAutotuneCommand.self, SlurmStatusCommand.self]
    )
}
