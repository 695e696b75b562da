import Foundation
import Store

/// `passlab slurm status`: the scheduler's view of a campaign's jobs beside
/// the store's (how many programs each shard took and has searched).
public struct SlurmStatus: Sendable, Codable {
    /// The campaign's jobs (or the one asked for): squeue's, then the finished ones only sacct still knows; empty when
    /// the scheduler could not be asked (`schedulerNote` says why).
    public var jobs: [Slurm.Job]
    /// Why no scheduler state is shown, when it is not.
    public var schedulerNote: String?
    /// The `--db` value the progress was read from, its password (of a postgres:// URL) replaced by `***`
    /// (`StoreLocation.redacted`): `text` and the JSON are printed and logged.
    public var store: String
    /// Stored measurements in the whole store, every program, protocol and campaign (`ResultStore.measurementCount()`).
    public var evaluations: Int
    /// Every shard's progress by campaign, shard count and shard (`ResultStore.shardProgress()`); empty before any
    /// shard started.
    public var shards: [ShardProgressEntry]

    /// Reads both; a missing or unreachable scheduler is a note when no job
    /// was asked for (the store's progress is still worth showing), an error when one was.
    public static func read(store url: String, job: String?) throws -> SlurmStatus {
        var jobs: [Slurm.Job] = []
        var note: String?
        do {
            jobs = try Slurm.queue(job: job)
            if let finished = try Slurm.accounting(job: job) {
                let known = Set(jobs.map(\.id))
                jobs += finished.filter { !known.contains($0.id) }
            }
        } catch {
            if job != nil { throw error }
            note = error.description
        }
        guard let store = try ResultStore.existing(url: url) else {
            throw ClusterError.usage(
                "\(StoreLocation.redacted(url)): no such results store; give the --db the campaign writes to")
        }
        return SlurmStatus(
            jobs: jobs, schedulerNote: note, store: StoreLocation.redacted(url),
            evaluations: try store.measurementCount(),
            shards: try store.shardProgress())
    }

    /// What `passlab slurm status` prints: a table of jobs (id, name, state, elapsed, detail) or why there is none,
    /// then the evaluation count and, per campaign, each shard's programs searched with its last progress time in UTC.
    public var text: String {
        var lines: [String] = []
        if let schedulerNote {
            lines.append("Slurm: no scheduler state (\(schedulerNote))")
        } else if jobs.isEmpty {
            lines.append("Slurm: no passlab jobs known to the scheduler")
        } else {
            lines.append("Slurm jobs:")
            let width = max(6, jobs.map(\.id.count).max() ?? 0)
            for job in jobs {
                lines.append(
                    "  " + job.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                        + job.name.padding(toLength: 18, withPad: " ", startingAt: 0) + "  "
                        + job.state.padding(toLength: 12, withPad: " ", startingAt: 0) + "  "
                        + job.elapsed.padding(toLength: 10, withPad: " ", startingAt: 0) + "  " + job.detail)
            }
        }
        lines.append("Store \(store): \(evaluations) evaluations")
        if shards.isEmpty { lines.append("  no shard has started") }
        var campaign: String?
        for entry in shards {
            if entry.campaign != campaign {
                campaign = entry.campaign
                lines.append("  campaign \(entry.campaign):")
            }
            lines.append(
                "    shard \(entry.shardIndex)/\(entry.shardCount): "
                    + "\(entry.done) of \(entry.programs) programs searched"
                    + (entry.done == entry.programs ? "" : " (last progress \(Self.time(entry.lastUpdate)))"))
        }
        return lines.joined(separator: "\n")
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: date) + " UTC"
    }
}
