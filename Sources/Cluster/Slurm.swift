import Foundation
import Toolchain

/// Slurm's client commands (sbatch, squeue, sacct) as PassLab uses them:
/// found on PATH, run with a time-out, their failures turned into
/// `ClusterError`s that say what to check.
public enum Slurm {
    /// The job ids of a submitted campaign.
    public struct Submission: Sendable, Equatable, Codable {
        /// Slurm's id of the job array (one task per shard), as `sbatch --parsable` printed it.
        public var arrayJob: String
        /// Slurm's id of the broadcast job, submitted with `--dependency=afterok:` on the array job.
        public var broadcastJob: String
    }

    /// A job (or array task) as the scheduler reports it.
    public struct Job: Sendable, Equatable, Codable {
        /// "12", "12_3" (task 3 of array 12), "12_[1-4]" (pending tasks).
        public var id: String
        /// The job's name: `SlurmJobPlan.arrayJobName` or `SlurmJobPlan.broadcastJobName` for a campaign's own jobs,
        /// anything for a job asked for by id.
        public var name: String
        /// Slurm's state as printed (squeue's %T, sacct's State): "PENDING", "RUNNING", "COMPLETED", "FAILED",
        /// "CANCELLED by 1000"...; text, not parsed.
        public var state: String
        /// Run time so far in Slurm's own format ("0:00", "1:02:03", "1-02:03:04"; squeue's %M, sacct's Elapsed); text,
        /// not parsed.
        public var elapsed: String
        /// squeue's %R: the node, or why it waits ("Dependency", "DependencyNeverSatisfied", ...); for a job read from
        /// accounting (sacct), its exit code instead ("0:0": status, then signal).
        public var detail: String
    }

    /// Writes nothing: submits both scripts of a plan already written, the
    /// broadcast job depending on the whole array.
    public static func submit(_ plan: SlurmJobPlan) throws(ClusterError) -> Submission {
        let array = try submit(script: plan.arrayScriptPath, options: [])
        let broadcast = try submit(script: plan.broadcastScriptPath, options: ["--dependency=afterok:\(array)"])
        return Submission(arrayJob: array, broadcastJob: broadcast)
    }

    /// `sbatch --parsable OPTIONS SCRIPT`; the job id.
    static func submit(script: String, options: [String]) throws(ClusterError) -> String {
        let output = try run("sbatch", ["--parsable"] + options + [script])
        // --parsable prints "ID" or "ID;CLUSTER".
        let id = output.split(separator: "\n").last.map { String($0.split(separator: ";")[0]) } ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw .schedulerFailed(command: "sbatch --parsable \(script)", message: "it printed no job id (\(output))")
        }
        return id
    }

    /// Jobs the scheduler still knows (pending, running, and recently finished ones).
    public static func queue(job: String?) throws(ClusterError) -> [Job] {
        var arguments = ["--noheader", "--array", "--states=all", "--format=%i|%j|%T|%M|%R"]
        if let job {
            arguments += ["--jobs=\(job)"]
        } else {
            arguments += ["--name=\(SlurmJobPlan.arrayJobName),\(SlurmJobPlan.broadcastJobName)"]
        }
        return parse(try run("squeue", arguments))
    }

    /// Finished jobs from the accounting database; nil when the cluster keeps no accounting.
    public static func accounting(job: String?) throws(ClusterError) -> [Job]? {
        var arguments = ["--noheader", "--parsable2", "--allocations", "--format=JobID,JobName,State,Elapsed,ExitCode"]
        if let job {
            arguments += ["--jobs=\(job)"]
        } else {
            arguments += ["--name=\(SlurmJobPlan.arrayJobName),\(SlurmJobPlan.broadcastJobName)"]
        }
        do throws(ClusterError) {
            return parse(try run("sacct", arguments))
        } catch {
            if case .schedulerFailed(_, let message) = error, message.contains("accounting storage is disabled") {
                return nil
            }
            throw error
        }
    }

    static func parse(_ output: String) -> [Job] {
        output.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count >= 5 else { return nil }
            return Job(id: fields[0], name: fields[1], state: fields[2], elapsed: fields[3], detail: fields[4])
        }
    }

    /// Runs a Slurm client command; its standard output.
    static func run(_ tool: String, _ arguments: [String]) throws(ClusterError) -> String {
        guard let path = locate(tool) else {
            let consequence =
                tool == "sbatch"
                ? "without --submit, `passlab slurm autotune` only writes the job scripts"
                : "`passlab slurm status` without --job shows the store's progress alone"
            throw .toolMissing(
                tool: tool,
                hint: "run on a Slurm login node or install Slurm's clients (Debian: slurm-client); " + consequence)
        }
        let result: ProcessResult
        do {
            result = try ProcessRunner.run(ProcessRequest(path, arguments, timeout: 120))
        } catch {
            throw .schedulerFailed(command: ([tool] + arguments).joined(separator: " "), message: "\(error)")
        }
        guard result.termination.succeeded else {
            let message = result.stderrText.isEmpty ? "it ended with \(result.termination)" : result.stderrText
            throw .schedulerFailed(command: ([tool] + arguments).joined(separator: " "), message: message)
        }
        return result.stdoutText
    }

    /// The tool's path on PATH, nil when it is not there.
    static func locate(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }.first { access($0, X_OK) == 0 }
    }
}
