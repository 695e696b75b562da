import Autotune
import Foundation
import Store
import TestSupport
import Testing
import Toolchain

/// Sharded autotunes through a real Slurm controller and node
/// (`scripts/slurm-test-cluster`): sbatch job arrays, the dependent
/// broadcast job, scancel of a task and its resubmission. One at a time:
/// the node has 2 CPUs.
@Suite(.serialized, .enabled(if: TestCluster.shouldRun)) struct SlurmClusterTests {
    /// Submits a campaign of the three fixture programs; the job ids.
    func submit(
        _ directory: String, shards: Int = 2, only: String? = nil, budget: Int, minimizeBudget: Int, conf: String,
        db: String? = nil
    ) throws
        -> (array: String, broadcast: String)
    {
        var arguments =
            ["slurm", "autotune"] + Campaign.programs + [
                "--db", db ?? directory + "/slurm.sqlite", "--shards", String(shards),
                "--out", directory + "/jobs", "--submit",
            ]
        if let only { arguments += ["--only", only] }
        arguments += ["--autotune"] + Campaign.options(budget: budget, minimizeBudget: minimizeBudget)
        let result = try Campaign.passlab(arguments, environment: TestCluster.environment(conf))
        try #require(result.termination.succeeded, "\(result.stderrText)")
        return try TestCluster.submission(result.stdoutText)
    }

    /// Each program's best list and sizes as the report shows them.
    func bests(_ store: String) throws -> [String: String] {
        let store = try ResultStore(url: store)
        let summary = try Autotuner.summary(
            store: store, measurementProtocol: try Autotuner.reportedProtocol(requested: nil, store: store),
            requireValidation: false)
        return Dictionary(
            uniqueKeysWithValues: summary.programs.map {
                (
                    ($0.name as NSString).lastPathComponent,
                    "\($0.bestPipeline) \($0.bestBinarySize) oz \($0.ozBinarySize)"
                )
            })
    }

    func log(_ directory: String) -> String {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/jobs")) ?? []
        return files.filter { $0.hasSuffix(".log") }.sorted().map { name in
            "== \(name)\n"
                + ((try? String(contentsOfFile: directory + "/jobs/" + name, encoding: .utf8))?.suffix(1500) ?? "")
        }.joined(separator: "\n")
    }

    /// The same campaign with its store in PostgreSQL: every job reaches it by its URL.
    @Test(.enabled(if: PostgresTestServer.shouldRun))
    func aShardedCampaignThroughSbatchIntoPostgresEqualsOneUnshardedRun() throws {
        let conf = try TestCluster.conf()
        let directory = Fixtures.temporaryDirectory("slurm-pg")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = try PostgresTestServer.freshDatabase("slurm")
        let reference = try Campaign.unsharded(in: directory)
        let jobs = try submit(directory, budget: 20, minimizeBudget: 10, conf: conf, db: url)
        #expect(try TestCluster.wait(for: jobs.broadcast, conf: conf) == "COMPLETED", "\(log(directory))")
        #expect(try ResultStore(url: url).evaluationKeys() == (try Campaign.evaluations(reference.store)))
        #expect(try bests(url) == (try bests(reference.store)))
        let status = try Campaign.passlab(
            ["slurm", "status", "--db", url, "--job", jobs.array], environment: TestCluster.environment(conf))
        #expect(status.termination.succeeded, "\(status.stderrText)")
        let progress = try ResultStore(url: url).shardProgress()
        #expect(progress.map(\.programs).reduce(0, +) == 3)
        for entry in progress {
            #expect(
                status.stdoutText.contains(
                    "shard \(entry.shardIndex)/2: \(entry.programs) of \(entry.programs) programs searched"),
                "\(status.stdoutText)")
        }
    }

    @Test func aShardedCampaignThroughSbatchEqualsOneUnshardedRun() throws {
        let conf = try TestCluster.conf()
        let directory = Fixtures.temporaryDirectory("slurm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reference = try Campaign.unsharded(in: directory)
        let jobs = try submit(directory, budget: 20, minimizeBudget: 10, conf: conf)
        #expect(try TestCluster.wait(for: jobs.broadcast, conf: conf) == "COMPLETED", "\(log(directory))")
        for task in 1...2 {
            #expect(try TestCluster.state("\(jobs.array)_\(task)", conf: conf).state == "COMPLETED")
        }
        let store = directory + "/slurm.sqlite"
        #expect(try Campaign.evaluations(store) == (try Campaign.evaluations(reference.store)))
        #expect(try bests(store) == (try bests(reference.store)))
        let report = try String(contentsOfFile: directory + "/jobs/report.txt", encoding: .utf8)
        #expect(Campaign.programs.allSatisfy { report.contains($0) }, "\(report)")
        let status = try Campaign.passlab(
            ["slurm", "status", "--db", store, "--job", jobs.array],
            environment: TestCluster.environment(conf))
        #expect(status.termination.succeeded, "\(status.stderrText)")
        #expect(
            status.stdoutText.contains("\(jobs.array)_1") && status.stdoutText.contains("COMPLETED"),
            "\(status.stdoutText)")
        let progress = try ResultStore(path: store).shardProgress()
        for entry in progress {
            #expect(
                status.stdoutText.contains(
                    "shard \(entry.shardIndex)/2: \(entry.programs) of \(entry.programs) programs searched"))
        }
    }

    @Test func aCancelledTaskResubmittedLosesNothing() throws {
        let conf = try TestCluster.conf()
        let directory = Fixtures.temporaryDirectory("slurm-cancel")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (budget, minimizeBudget) = (200, 50)
        let store = directory + "/slurm.sqlite"
        let jobs = try submit(directory, budget: budget, minimizeBudget: minimizeBudget, conf: conf)
        var victim = 0
        var storedBefore: [EvaluationKey] = []
        let deadline = Date().addingTimeInterval(600)
        while victim == 0, Date() < deadline {
            let progress = (try? ResultStore(path: store).shardProgress()) ?? []
            let count = (try? ResultStore(path: store).measurementCount()) ?? 0
            // A shard that is running and has stored part of its work, but not all of it.
            if let running = progress.filter({ $0.done < $0.programs }).max(by: { $0.programs < $1.programs }),
                count >= 30,
                try TestCluster.state("\(jobs.array)_\(running.shardIndex)", conf: conf).state == "RUNNING"
            {
                victim = running.shardIndex
            } else {
                usleep(100_000)
            }
        }
        try #require(victim > 0, "no shard was caught mid-run: \(log(directory))")
        let cancel = try TestCluster.run("scancel", ["\(jobs.array)_\(victim)"], conf: conf)
        #expect(cancel.termination.succeeded, "\(cancel.stderrText)")
        #expect(try TestCluster.wait(for: "\(jobs.array)_\(victim)", conf: conf) == "CANCELLED")
        storedBefore = try Campaign.evaluations(store)
        let victimProgress = try #require(
            try ResultStore(path: store).shardProgress().first { $0.shardIndex == victim })
        #expect(victimProgress.done < victimProgress.programs, "the shard finished before it was cancelled")
        // The broadcast job never runs after a cancelled dependency; it is cancelled with it.
        let broadcastState = try TestCluster.wait(for: jobs.broadcast, conf: conf, timeout: 120) { state, reason in
            TestCluster.finalStates.contains(state) || reason == "DependencyNeverSatisfied"
        }
        #expect(broadcastState != "COMPLETED")
        _ = try TestCluster.run("scancel", [jobs.broadcast], conf: conf)
        let other = victim == 1 ? 2 : 1
        #expect(try TestCluster.wait(for: "\(jobs.array)_\(other)", conf: conf) == "COMPLETED", "\(log(directory))")
        // Resubmitted: the task resumes from the store, then the broadcast runs.
        let again = try submit(
            directory, only: String(victim), budget: budget, minimizeBudget: minimizeBudget, conf: conf)
        #expect(try TestCluster.wait(for: again.broadcast, conf: conf) == "COMPLETED", "\(log(directory))")
        let after = try Campaign.evaluations(store)
        #expect(Set(storedBefore).isSubset(of: Set(after)))
        let reference = try Campaign.unsharded(in: directory, budget: budget, minimizeBudget: minimizeBudget)
        #expect(after == (try Campaign.evaluations(reference.store)))
        #expect(try bests(store) == (try bests(reference.store)))
        let runs = try ResultStore(path: store).runs()
        #expect(runs.contains { $0.status == "interrupted" || $0.status == "abandoned" })
    }
}
