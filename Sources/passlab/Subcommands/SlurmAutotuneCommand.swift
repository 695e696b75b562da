import ArgumentParser
import Cluster
import Engine
import Foundation
import Store
import Toolchain

struct SlurmAutotuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autotune",
        abstract: "Write (with --submit, submit) an sbatch job array, one task per shard, and the broadcast job.",
        discussion: """
            Writes DIR/autotune-shards.sbatch (a job array: task I runs `passlab autotune --shard I/N --resume`, \
            --requeue) and DIR/autotune-broadcast.sbatch (`--phase broadcast`, then the report into DIR/report.txt \
            and DIR/report.html), to submit with `sbatch --dependency=afterok:ARRAY`; --submit does that and prints \
            the job ids. Options for every `passlab autotune` (budgets, seed, protocol...) follow --autotune, last. \
            The store must be on a file system every node shares. A task that was cancelled, timed out or failed \
            loses only its evaluations in flight: resubmit it with --only I --submit (the broadcast job then waits \
            for it).

            Example: passlab slurm autotune progs/ --db /shared/r.sqlite --shards 8 --submit --autotune --budget 500
            """
    )

    @Argument(help: "Programs (.c/.cpp/.ll/.bc) or directories.")
    var inputs: [String]

    @Option(help: "The results store: a SQLite file on a shared file system, or a postgres:// URL every node reaches.")
    var db: String

    @Option(help: "Number of shards (array tasks).")
    var shards: Int

    @Option(help: "The Slurm partition (default: the cluster's default).")
    var partition: String?

    @Option(help: "Time limit of each task (Slurm's format, e.g. 4:00:00).")
    var time: String?

    @Option(help: "CPUs per task; each task runs as many worker processes.")
    var cpusPerTask: Int = 1

    @Option(help: "Where the job scripts, logs and report go.")
    var out: String = "passlab-slurm"

    @Option(help: "Only these shards, e.g. 2,5 (to resubmit shards that did not finish).")
    var only: String?

    @Flag(help: "Submit with sbatch and print the job ids.")
    var submit = false

    @Option(
        name: .customLong("autotune"), parsing: .remaining,
        help: "Last: everything after it is options for every `passlab autotune` (budgets, seed, protocol...).")
    var autotuneArguments: [String] = []

    func validate() throws {
        // The jobs' own command lines, checked here rather than in the queue.
        do {
            _ = try AutotuneCommand.parse(inputs + ["--db", db] + autotuneArguments)
        } catch {
            throw ValidationError(
                "options after --autotune are not `passlab autotune`'s: \(AutotuneCommand.message(for: error))")
        }
    }

    func run() throws {
        reportingErrors {
            let onlyShards = try only.map { text in
                try text.split(separator: ",").map { part in
                    guard let shard = Int(part) else {
                        throw ClusterError.usage("--only \(text): give shard numbers such as 2,5")
                    }
                    return shard
                }
            }
            let plan = try SlurmJobPlan(
                inputs: inputs, db: db, shards: shards, partition: partition, time: time,
                cpusPerTask: cpusPerTask, autotuneArguments: autotuneArguments, outDirectory: out,
                passlab: Self.executablePath, onlyShards: onlyShards)
            _ = try ProgramDiscovery.programs(in: plan.inputs)
            try plan.write()
            try StandardOutput.print(
                "wrote \(plan.arrayScriptPath) (array \(plan.arraySpec) of \(plan.shards) shards) "
                    + "and \(plan.broadcastScriptPath)")
            guard submit else {
                try StandardOutput.print(
                    "submit: array=$(sbatch --parsable \(plan.arrayScriptPath)) && "
                        + "sbatch --dependency=afterok:$array \(plan.broadcastScriptPath)")
                return
            }
            let submission = try Slurm.submit(plan)
            try StandardOutput.print(
                "submitted array job \(submission.arrayJob) and broadcast job \(submission.broadcastJob) "
                    + "(after the array); watch: passlab slurm status --db \(StoreLocation.redacted(db))")
        }
    }

    /// This passlab, by absolute path: the jobs run it on the compute nodes.
    static var executablePath: String {
        Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}
