import Cluster
import Foundation
import TestSupport
import Testing
import Toolchain

@Suite struct SlurmJobPlanTests {
    func plan(
        in directory: String, only: [Int]? = nil, arguments: [String] = ["--budget", "20", "--protocol", "paper"]
    ) throws
        -> SlurmJobPlan
    {
        try SlurmJobPlan(
            inputs: ["progs", "it's here.c"], db: "sqlite:r.sqlite", shards: 4, partition: "batch", time: "1:00:00",
            cpusPerTask: 2, autotuneArguments: arguments, outDirectory: directory + "/jobs",
            passlab: "/opt/passlab/bin/passlab", workingDirectory: directory, onlyShards: only)
    }

    @Test func scriptsAreValidBashWithOneTaskPerShard() throws {
        let directory = Fixtures.temporaryDirectory("plan")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plan = try plan(in: directory)
        try plan.write()
        for script in [plan.arrayScriptPath, plan.broadcastScriptPath] {
            let check = try ProcessRunner.run(ProcessRequest("bash", ["-n", script], timeout: 30))
            #expect(check.termination.succeeded, "\(script): \(check.stderrText)")
        }
        let array = try String(contentsOfFile: plan.arrayScriptPath, encoding: .utf8)
        for directive in [
            "--array=1-4", "--requeue", "--cpus-per-task=2", "--partition=batch", "--time=1:00:00",
            "--job-name=passlab-autotune", "--output=\(directory)/jobs/shard-%a.log", "--chdir=\(directory)",
        ] {
            #expect(array.contains("#SBATCH \(directive)\n"), "\(directive) missing from\n\(array)")
        }
        #expect(array.contains(#"--shard "${SLURM_ARRAY_TASK_ID}/4" --resume"#))
        // Paths are absolute (jobs run on other nodes), the store URL became its file.
        #expect(array.contains("--db \(directory)/r.sqlite"))
        let broadcast = try String(contentsOfFile: plan.broadcastScriptPath, encoding: .utf8)
        #expect(broadcast.contains("--phase broadcast --resume") && !broadcast.contains("--array"))
        // The report uses the campaign's protocol.
        #expect(
            broadcast.contains(
                "report autotune --db \(directory)/r.sqlite --html \(directory)/jobs/report.html --protocol paper"))
        #expect(try self.plan(in: directory, only: [2, 4]).arrayScript().contains("#SBATCH --array=2,4\n"))
    }

    @Test func argumentsSurviveBashQuoting() throws {
        let words = ["plain", "with space", "it's", "$HOME", "a\"b", "*", "--x=1"]
        let script = "printf '%s\\n' " + SlurmJobPlan.shellWords(words)
        let result = try ProcessRunner.run(ProcessRequest("bash", ["-c", script], timeout: 30))
        #expect(result.stdoutText == words.joined(separator: "\n") + "\n")
    }

    @Test func badPlansAreUsageErrors() throws {
        let directory = Fixtures.temporaryDirectory("plan-bad")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // An empty --only ("" or ",") would write `#SBATCH --array=` with nothing after it.
        #expect(throws: ClusterError.usage("--only: give at least one shard number, such as 2,5")) {
            try plan(in: directory, only: [])
        }
        #expect(throws: ClusterError.usage("--only 5: shards are numbered 1...4")) {
            try plan(in: directory, only: [5])
        }
        #expect { try plan(in: directory, arguments: ["--shard", "1/2"]) } throws: { error in
            (error as? ClusterError)?.exitCode == 64 && "\(error)".contains("--shard")
        }
        #expect {
            try SlurmJobPlan(inputs: ["a.c"], db: "mysql://h/db", shards: 2, outDirectory: directory, passlab: "/p")
        } throws: { error in (error as? ClusterError)?.exitCode == 64 && "\(error)".contains("mysql://h/db") }
        // A PostgreSQL store is passed to every job as its URL, untouched.
        let postgres = try SlurmJobPlan(
            inputs: ["a.c"], db: "postgres://h/db", shards: 2, outDirectory: directory,
            passlab: "/p")
        #expect(postgres.db == "postgres://h/db")
    }

    @Test func missingSbatchIsAClearError() throws {
        let directory = Fixtures.temporaryDirectory("no-sbatch")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = directory + "/empty"
        let result = try Campaign.passlab(
            [
                "slurm", "autotune", Campaign.programs[0], "--db", directory + "/r.sqlite", "--shards", "2",
                "--out", directory + "/jobs", "--submit",
            ], environment: environment)
        #expect(result.termination == .exited(69))
        #expect(result.stderrText.contains("sbatch not found on PATH"))
        // The scripts are written first: they can be submitted by hand.
        #expect(FileManager.default.fileExists(atPath: directory + "/jobs/autotune-shards.sbatch"))
    }

    @Test func badOptionsForTheJobsAreRefusedBeforeAnythingIsWritten() throws {
        let directory = Fixtures.temporaryDirectory("plan-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (arguments, expected) in [
            (["--shards", "0"], "--shards 0"), (["--shards", "2", "--autotune", "--budget", "0"], "--budget"),
            (["--shards", "2", "--autotune", "--phase", "broadcast"], "--phase"),
        ] {
            let result = try Campaign.passlab(
                [
                    "slurm", "autotune", Campaign.programs[0], "--db", directory + "/r.sqlite",
                    "--out", directory + "/jobs",
                ] + arguments)
            #expect(result.termination == .exited(64), "\(arguments): \(result.stderrText)")
            #expect(result.stderrText.contains(expected), "\(arguments): \(result.stderrText)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/jobs"))
    }
}
