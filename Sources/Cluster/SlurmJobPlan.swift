import Foundation
import Store
import Toolchain

/// A sharded autotune as Slurm jobs: an array with one task per shard
/// (`passlab autotune --shard I/N --resume`), and a job that depends on
/// the whole array (`afterok`) and runs the broadcast phase and the report.
///
/// Every task resumes: a task the scheduler requeues (`--requeue`: node
/// failure, preemption) or that is resubmitted after a time limit or
/// `scancel` reads back what it stored and loses only the evaluations it
/// had in flight. Paths are made absolute so the jobs run from any node.
public struct SlurmJobPlan: Sendable, Equatable {
    /// Programs (.c/.cpp/.ll/.bc) or directories to tune, made absolute against `workingDirectory`; never empty. Every
    /// task gets them all and keeps the slice its shard owns.
    public var inputs: [String]
    /// The results store every job writes to: a SQLite file's absolute path (on a file system every node shares; any
    /// `sqlite:` prefix dropped) or the PostgreSQL URL as given, password included (the scripts need it).
    public var db: String
    /// Number of shards N (array tasks 1...N), at least 1.
    public var shards: Int
    /// The Slurm partition (`#SBATCH --partition`); nil: the cluster's default. Never empty, no spaces.
    public var partition: String?
    /// Time limit of each job in Slurm's format (`#SBATCH --time`, e.g. "4:00:00"); nil: the partition's default. Never
    /// empty, no spaces.
    public var time: String?
    /// CPUs per task (`#SBATCH --cpus-per-task`, at least 1); also each job's `--jobs` (worker processes) when Slurm
    /// does not set SLURM_CPUS_PER_TASK.
    public var cpusPerTask: Int
    /// Passed to every `passlab autotune` (budgets, seed, protocol...).
    public var autotuneArguments: [String]
    /// Absolute directory of the two scripts, the jobs' logs (shard-N.log, broadcast.log) and the report (report.txt,
    /// report.html); created by `write()`.
    public var outDirectory: String
    /// The passlab executable the jobs run, absolute: it must exist at that path on every compute node.
    public var passlab: String
    /// The directory relative paths were resolved against, and the jobs' `--chdir`.
    public var workingDirectory: String
    /// Only these array tasks (a resubmission of failed shards); nil: all.
    public var onlyShards: [Int]?

    /// The job array's `--job-name`: `Slurm.queue(job:)` and `Slurm.accounting(job:)` find a campaign's jobs by it.
    public static let arrayJobName = "passlab-autotune"
    /// The broadcast job's `--job-name`, found by `Slurm.queue(job:)` beside the array's.
    public static let broadcastJobName = "passlab-broadcast"
    /// Options of `passlab autotune` the plan sets itself.
    static let reservedOptions: Set<String> = ["--db", "--shard", "--phase"]
    /// Options `passlab report autotune` shares with autotune (the protocol).
    static let protocolOptions: Set<String> = ["--protocol", "--codegen", "--reloc", "--triple"]

    /// Checks the options and makes every path absolute. Throws `ClusterError.usage` for no inputs, fewer than 1 shard
    /// or CPU, an `onlyShards` number outside 1...shards, an option the plan sets itself (--db, --shard, --phase) in
    /// `autotuneArguments`, a partition or time limit that is empty or has spaces, or a `db` that names no store
    /// (`StoreLocation`). Inputs are not checked for existence here.
    public init(
        inputs: [String], db: String, shards: Int, partition: String? = nil, time: String? = nil,
        cpusPerTask: Int = 1, autotuneArguments: [String] = [], outDirectory: String, passlab: String,
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        onlyShards: [Int]? = nil
    ) throws(ClusterError) {
        guard !inputs.isEmpty else { throw .usage("no inputs; give the programs or directories to tune") }
        guard shards >= 1 else { throw .usage("--shards \(shards): give at least 1 shard") }
        guard cpusPerTask >= 1 else { throw .usage("--cpus-per-task \(cpusPerTask): give at least 1 CPU") }
        if onlyShards?.isEmpty == true { throw .usage("--only: give at least one shard number, such as 2,5") }
        if let onlyShards, let bad = onlyShards.first(where: { !(1...shards).contains($0) }) {
            throw .usage("--only \(bad): shards are numbered 1...\(shards)")
        }
        if let reserved = autotuneArguments.first(where: {
            Self.reservedOptions.contains($0.split(separator: "=").first.map(String.init) ?? $0)
        }) {
            throw .usage(
                "\(reserved) after --autotune: passlab slurm autotune sets it for each job; give --db before --autotune"
            )
        }
        for value in [partition, time].compactMap({ $0 }) where value.isEmpty || value.contains(where: \.isWhitespace) {
            throw .usage("'\(value)': a partition or time limit has no spaces (e.g. --partition batch --time 2:00:00)")
        }
        let location: StoreLocation
        do {
            location = try StoreLocation(parsing: db)
        } catch {
            throw .usage("\(error)")
        }
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : (workingDirectory as NSString).appendingPathComponent(path)
        }
        self.inputs = inputs.map(absolute)
        // Every node reaches a PostgreSQL store by its URL; a SQLite file by its absolute path.
        switch location {
        case .sqlite(let path): self.db = absolute(path)
        case .postgres(let url): self.db = url
        }
        self.shards = shards
        self.partition = partition
        self.time = time
        self.cpusPerTask = cpusPerTask
        self.autotuneArguments = autotuneArguments
        self.outDirectory = absolute(outDirectory)
        self.passlab = absolute(passlab)
        self.workingDirectory = workingDirectory
        self.onlyShards = onlyShards
    }

    /// `OUT/autotune-shards.sbatch`: the job array's script.
    public var arrayScriptPath: String { outDirectory + "/autotune-shards.sbatch" }
    /// `OUT/autotune-broadcast.sbatch`: the broadcast job's script.
    public var broadcastScriptPath: String { outDirectory + "/autotune-broadcast.sbatch" }
    /// `OUT/report.txt`: where the broadcast job writes `passlab report autotune`'s text (its HTML goes beside it,
    /// report.html).
    public var reportPath: String { outDirectory + "/report.txt" }

    /// `1-N`, or the shards to resubmit ("2,5").
    public var arraySpec: String {
        onlyShards.map { $0.map(String.init).joined(separator: ",") } ?? (shards == 1 ? "1" : "1-\(shards)")
    }

    /// The job array: one task per shard.
    public func arrayScript() -> String {
        let command = [passlab, "autotune"] + inputs + ["--db", db]
        return header(name: Self.arrayJobName, log: "shard-%a.log", extra: ["--array=\(arraySpec)", "--requeue"]) + """
            # Shard $SLURM_ARRAY_TASK_ID of \(shards). A requeued or resubmitted task resumes: evaluations already
            # stored are read back, not compiled again.
            exec \(Self.shellWords(command)) --shard "${SLURM_ARRAY_TASK_ID}/\(shards)" --resume \\
              --jobs "${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}"\(Self.shellWords(autotuneArguments, leadingSpace: true))

            """
    }

    /// The dependent job: the broadcast phase over every input, then the report.
    public func broadcastScript() -> String {
        let command = [passlab, "autotune"] + inputs + ["--db", db, "--phase", "broadcast", "--resume"]
        var report = [passlab, "report", "autotune", "--db", db, "--html", outDirectory + "/report.html"]
        report += protocolArguments
        if autotuneArguments.contains("--no-validate") { report.append("--unvalidated") }
        return header(name: Self.broadcastJobName, log: "broadcast.log", extra: []) + """
            # After every shard succeeded (afterok): reads all shards' searches from the store, broadcasts the
            # most frequent best lists, validates the winners; exactly the result of one unsharded run.
            \(Self.shellWords(command)) \\
              --jobs "${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}"\(Self.shellWords(autotuneArguments, leadingSpace: true))
            \(Self.shellWords(report)) > \(Self.shellWords([reportPath]))

            """
    }

    /// Writes both scripts into the output directory.
    public func write() throws(ClusterError) {
        do {
            try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
            for (path, text) in [(arrayScriptPath, arrayScript()), (broadcastScriptPath, broadcastScript())] {
                try AtomicFile.write(Array(text.utf8), to: path)
                chmod(path, 0o755)
            }
        } catch {
            throw .cannotWrite(path: outDirectory, reason: "\(error)")
        }
    }

    /// The protocol options among the autotune arguments, for the report.
    var protocolArguments: [String] {
        var result: [String] = []
        var index = autotuneArguments.startIndex
        while index < autotuneArguments.endIndex {
            let argument = autotuneArguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if Self.protocolOptions.contains(name) {
                result.append(argument)
                if !argument.contains("="), index + 1 < autotuneArguments.endIndex {
                    result.append(autotuneArguments[index + 1])
                    index += 1
                }
            }
            index += 1
        }
        return result
    }

    private func header(name: String, log: String, extra: [String]) -> String {
        var directives =
            ["--job-name=\(name)"] + extra + [
                "--cpus-per-task=\(cpusPerTask)", "--output=\(outDirectory)/\(log)",
                "--open-mode=append", "--chdir=\(workingDirectory)",
            ]
        if let partition { directives.append("--partition=\(partition)") }
        if let time { directives.append("--time=\(time)") }
        return
            "#!/bin/bash\n# Written by `passlab slurm autotune`; submit with sbatch "
            + "(or `passlab slurm autotune ... --submit`).\n"
            + directives.map { "#SBATCH \($0)\n" }.joined() + "set -euo pipefail\n"
    }

    /// Words quoted for bash (single quotes; a quote inside is closed, escaped, reopened).
    public static func shellWords(_ words: [String], leadingSpace: Bool = false) -> String {
        let quoted = words.map { word -> String in
            if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || "/._-=:+,@%".contains($0) }),
                word.allSatisfy(\.isASCII)
            {
                return word
            }
            return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
        return leadingSpace && !quoted.isEmpty ? " " + quoted : quoted
    }
}
