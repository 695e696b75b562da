import Foundation
import Store
import TestSupport
import Testing
import Toolchain

/// Autotuning into a real PostgreSQL server (scripts/postgres-test-server)
/// through the real passlab binary: the same results as into SQLite, shards
/// writing one database at once, and clear errors for bad URLs.
@Suite(.enabled(if: PostgresTestServer.shouldRun)) struct PostgresCampaignTests {
    @Test func autotuneIntoPostgresEqualsAutotuneIntoSQLite() throws {
        let directory = Fixtures.temporaryDirectory("pg-autotune")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = try PostgresTestServer.freshDatabase("autotune")
        let reference = try Campaign.unsharded(in: directory)
        let result = try Campaign.passlab(["autotune"] + Campaign.programs + ["--db", url] + Campaign.options())
        #expect(result.termination.succeeded, "\(result.stderrText.suffix(2000))")
        #expect(try Campaign.bests(result.stdoutText) == reference.bests)
        #expect(reference.bests.count == 3)
        #expect(try ResultStore(url: url).evaluationKeys() == (try Campaign.evaluations(reference.store)))
        // The report reads the PostgreSQL store as it reads the SQLite one.
        let report = try Campaign.passlab(["report", "autotune", "--db", url, "--unvalidated", "--json"])
        let sqliteReport = try Campaign.passlab([
            "report", "autotune", "--db", reference.store, "--unvalidated", "--json",
        ])
        #expect(report.termination.succeeded, "\(report.stderrText.suffix(2000))")
        #expect(try Campaign.bests(report.stdoutText) == (try Campaign.bests(sqliteReport.stdoutText)))
        // `passlab store copy` moves the SQLite store into another database: the same evaluations and report.
        let copy = try PostgresTestServer.freshDatabase("copied")
        let copied = try Campaign.passlab(["store", "copy", reference.store, copy])
        #expect(copied.termination.succeeded, "\(copied.stderrText)")
        #expect(try ResultStore(url: copy).evaluationKeys() == (try Campaign.evaluations(reference.store)))
        let refused = try Campaign.passlab(["store", "copy", reference.store, copy])
        #expect(refused.termination == .exited(64) && refused.stderrText.contains("--append"))
        let copiedReport = try Campaign.passlab(["report", "autotune", "--db", copy, "--unvalidated", "--json"])
        #expect(try Campaign.bests(copiedReport.stdoutText) == (try Campaign.bests(sqliteReport.stdoutText)))
    }

    @Test func twoShardsWritingOneDatabaseAtOnceLoseNothingAndDuplicateNothing() throws {
        let directory = Fixtures.temporaryDirectory("pg-shards")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = try PostgresTestServer.freshDatabase("shards")
        let reference = try Campaign.unsharded(in: directory)
        let first = try Campaign.start(
            ["autotune"] + Campaign.programs + ["--db", url, "--shard", "1/2"] + Campaign.options())
        let second = try Campaign.start(
            ["autotune"] + Campaign.programs.reversed() + ["--db", url, "--shard", "2/2"] + Campaign.options())
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 0 && second.terminationStatus == 0)
        let progress = try ResultStore(url: url).shardProgress()
        #expect(progress.map(\.programs).reduce(0, +) == Campaign.programs.count)
        #expect(progress.allSatisfy { $0.done == $0.programs && $0.shardCount == 2 })
        let broadcast = try Campaign.passlab(
            ["autotune"] + Campaign.programs + ["--db", url, "--phase", "broadcast"] + Campaign.options())
        #expect(broadcast.termination.succeeded, "\(broadcast.stderrText.suffix(2000))")
        #expect(try Campaign.bests(broadcast.stdoutText) == reference.bests)
        let sharded = try ResultStore(url: url).evaluationKeys()
        #expect(sharded == (try Campaign.evaluations(reference.store)))
        #expect(Set(sharded).count == sharded.count)
    }

    @Test func twoProcessesTuningTheSameProgramsIntoOneDatabaseStoreEachEvaluationOnce() throws {
        let directory = Fixtures.temporaryDirectory("pg-same")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = try PostgresTestServer.freshDatabase("same")
        let reference = try Campaign.unsharded(in: directory)
        let arguments = ["autotune"] + Campaign.programs + ["--db", url] + Campaign.options()
        let processes = try [Campaign.start(arguments), Campaign.start(arguments)]
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let both = try ResultStore(url: url).evaluationKeys()
        #expect(both == (try Campaign.evaluations(reference.store)))
        #expect(Set(both).count == both.count)
    }

    @Test(arguments: [
        ("postgres://127.0.0.1:1/x", Int32(69)), ("postgres://nohost.invalid/x", 69), ("postgres://", 64),
    ])
    func aBadURLIsAClearErrorWithItsExitCode(_ url: String, _ code: Int32) throws {
        let result = try Campaign.passlab(["autotune", Campaign.programs[0], "--db", url] + Campaign.options())
        #expect(result.termination == .exited(code), "\(result.stderrText)")
        #expect(result.stderrText.contains(url))
        let status = try Campaign.passlab(["slurm", "status", "--db", url])
        #expect(status.termination == .exited(code), "\(status.stderrText)")
    }

    /// A password in the --db URL never reaches the status's text or JSON (the test server trusts local
    /// connections: the password is sent and ignored).
    @Test func slurmStatusNeverPrintsThePassword() throws {
        let url = try PostgresTestServer.freshDatabase("status")
        try #require(url.contains("://postgres@"), "\(url)")
        let withPassword = url.replacingOccurrences(of: "://postgres@", with: "://postgres:hunter2@")
        let made = try Campaign.passlab(["autotune", Campaign.programs[0], "--db", withPassword] + Campaign.options())
        #expect(made.termination.succeeded, "\(made.stderrText.suffix(2000))")
        for format in [[], ["--json"]] {
            let status = try Campaign.passlab(["slurm", "status", "--db", withPassword] + format)
            #expect(status.termination.succeeded, "\(status.stderrText)")
            #expect(!status.stdoutText.contains("hunter2") && !status.stderrText.contains("hunter2"))
            #expect(status.stdoutText.contains("postgres:***@"), "\(status.stdoutText)")
        }
        // The store benchmark's text names the store the same way.
        let bench = try Campaign.passlab([
            "bench", "store", "--db", withPassword, "--writers", "1", "--evaluations", "5",
        ])
        #expect(bench.termination.succeeded, "\(bench.stderrText)")
        #expect(
            !bench.stdoutText.contains("hunter2") && bench.stdoutText.contains("postgres:***@"), "\(bench.stdoutText)")
    }

    @Test func sqliteOnlyCommandsNameThemselvesAndTheFix() throws {
        let result = try Campaign.passlab(["tune", Campaign.programs[0], "--db", "postgres://127.0.0.1:1/x"])
        #expect(result.termination == .exited(64), "\(result.stderrText)")
        #expect(result.stderrText.contains("passlab tune") && result.stderrText.contains("passlab store copy"))
        // serve's --db too: a PostgreSQL URL is named, not taken for a file path.
        let serve = try Campaign.passlab(["serve", "--db", "postgres://127.0.0.1:1/x"])
        #expect(serve.termination == .exited(64), "\(serve.stderrText)")
        #expect(serve.stderrText.contains("passlab serve") && !FileManager.default.fileExists(atPath: "postgres:"))
    }
}

/// `passlab bench store` writes what it says it wrote, into both kinds of store.
@Suite(.enabled(if: PostgresTestServer.shouldRun)) struct StoreWriteBenchmarkTests {
    @Test func writersRecordEveryEvaluationOnceInSQLiteAndPostgres() throws {
        let directory = Fixtures.temporaryDirectory("bench-store")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for url in [directory + "/bench.sqlite", try PostgresTestServer.freshDatabase("bench")] {
            let result = try Campaign.passlab([
                "bench", "store", "--db", url, "--writers", "1,3", "--evaluations", "25", "--batch", "4", "--json",
            ])
            #expect(result.termination.succeeded, "\(result.stderrText)")
            let points = try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [[String: Any]]
            #expect(points?.compactMap { $0["evaluations"] as? Int } == [25, 75])
            #expect(points?.allSatisfy { ($0["evaluationsPerSecond"] as? Double ?? 0) > 0 } == true)
            let store = try ResultStore(url: url)
            #expect(try store.measurementCount() == 100)
            #expect(Set(try store.evaluationKeys()).count == 100)
            #expect(try store.runs().count == 4 && store.runs().allSatisfy { $0.status == "finished" })
        }
    }
}
