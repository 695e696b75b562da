import Autotune
import Foundation
import Store
import Support
import TestSupport
import Testing
import Toolchain

@Suite struct ShardTests {
    @Test func parsesOneBasedShards() throws {
        let shard = try AutotuneShard(parsing: "2/3")
        #expect(shard.index == 2 && shard.count == 3 && shard.description == "2/3")
        #expect(try AutotuneShard(parsing: "1/1").count == 1)
    }

    @Test(arguments: ["3/2", "0/2", "1/0", "-1/2", "x", "1/2/3", "2", ""])
    func rejectsWhatIsNoShard(_ text: String) {
        #expect {
            try AutotuneShard(parsing: text)
        } throws: { error in
            let description = "\(error)"
            return description.contains("--shard \(text)") && description.contains("1 <= I <= N")
        }
    }

    @Test func everyProgramIsInExactlyOneShard() throws {
        let hashes = (0..<200).map { SHA256.hex(Array("program \($0)".utf8)) }
        for count in [1, 2, 3, 7] {
            let shards = try (1...count).map { try AutotuneShard(index: $0, count: count) }
            for hash in hashes {
                #expect(shards.filter { $0.contains(contentHash: hash) }.count == 1)
            }
            // Roughly even: no shard of 200 programs is empty or takes more than twice its share.
            let sizes = shards.map { shard in hashes.filter { shard.contains(contentHash: $0) }.count }
            #expect(sizes.allSatisfy { $0 > 0 && $0 <= 2 * 200 / count + 1 })
        }
    }
}

@Suite struct StoreLocationTests {
    @Test func sqlitePathsAndURLs() throws {
        #expect(try StoreLocation(parsing: "results.sqlite") == .sqlite(path: "results.sqlite"))
        #expect(try StoreLocation(parsing: "sqlite:///shared/r.sqlite") == .sqlite(path: "/shared/r.sqlite"))
        #expect(try StoreLocation(parsing: "sqlite:r.sqlite") == .sqlite(path: "r.sqlite"))
    }

    @Test func postgresIsRecognisedAndSQLiteOnlyCommandsSayTheFix() throws {
        let location = try StoreLocation(parsing: "postgres://tuner@db.example/results")
        #expect(location == .postgres(url: "postgres://tuner@db.example/results"))
        #expect {
            try location.sqlitePath(command: "passlab tune")
        } throws: { error in
            let error = error as? ResultStore.Error
            return error?.exitCode == 64 && "\(error!)".contains("postgres://tuner@db.example/results")
                && "\(error!)".contains("passlab tune") && "\(error!)".contains("passlab store copy")
        }
        #expect(throws: ResultStore.Error.self) { try StoreLocation(parsing: "mysql://h/db") }
    }

    /// A password in a --db URL never reaches an error message or the store's record of the command.
    @Test func passwordsAreRedacted() throws {
        #expect(
            StoreLocation.redacted("autotune a.c --db postgres://tuner:s3cr:et@db:5432/r?sslmode=disable --budget 5")
                == "autotune a.c --db postgres://tuner:***@db:5432/r?sslmode=disable --budget 5")
        #expect(
            StoreLocation.redacted("postgresql://u:p@h/d and postgres://v:q@i")
                == "postgresql://u:***@h/d and postgres://v:***@i")
        let untouched = "postgres://tuner@db/r, sqlite:///x.sqlite, /a/b"
        #expect(StoreLocation.redacted(untouched) == untouched)
        let location = try StoreLocation(parsing: "postgres://tuner:hunter2@db.example/results")
        #expect {
            try location.sqlitePath(command: "passlab tune")
        } throws: { error in
            let text = "\(error)"
            return !text.contains("hunter2") && text.contains("postgres://tuner:***@db.example/results")
        }
        let unreachable = ResultStore.Error.unreachable(url: "postgres://u:hunter2@127.0.0.1:1/x", reason: "refused")
        #expect(!unreachable.description.contains("hunter2"))
    }
}

/// Sharded autotunes through the real passlab binary: the shards run as two
/// processes writing one SQLite store at once, then the broadcast phase.
@Suite struct ShardedAutotuneTests {
    @Test func shardsPlusBroadcastEqualOneUnshardedRun() throws {
        let directory = Fixtures.temporaryDirectory("shards")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reference = try Campaign.unsharded(in: directory)
        let store = directory + "/sharded.sqlite"
        // Two processes at once on one store, each given the inputs in another order.
        let first = try Campaign.start(
            ["autotune"] + Campaign.programs + ["--db", store, "--shard", "1/2"] + Campaign.options())
        let second = try Campaign.start(
            ["autotune"] + Campaign.programs.reversed() + ["--db", store, "--shard", "2/2"]
                + Campaign.options())
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 0 && second.terminationStatus == 0)
        let progress = try ResultStore(path: store).shardProgress()
        // The slices partition the programs.
        #expect(progress.map(\.programs).reduce(0, +) == Campaign.programs.count)
        #expect(progress.allSatisfy { $0.done == $0.programs && $0.shardCount == 2 })
        let broadcast = try Campaign.passlab(
            ["autotune"] + Campaign.programs.shuffled() + ["--db", store, "--phase", "broadcast"]
                + Campaign.options())
        #expect(broadcast.termination.succeeded, "\(broadcast.stderrText.suffix(2000))")
        #expect(broadcast.stderrText.contains("every program's search was read back from the store"))
        #expect(try Campaign.bests(broadcast.stdoutText) == reference.bests)
        #expect(reference.bests.count == 3)
        // The same evaluations, none lost, none twice.
        let sharded = try Campaign.evaluations(store)
        #expect(sharded == (try Campaign.evaluations(reference.store)))
        #expect(Set(sharded).count == sharded.count)
    }

    /// The worst case for the store: two processes evaluating the same programs and the same lists at once.
    @Test func twoProcessesTuningTheSameProgramsIntoOneStoreStoreEachEvaluationOnce() throws {
        let directory = Fixtures.temporaryDirectory("same-store")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reference = try Campaign.unsharded(in: directory)
        let store = directory + "/both.sqlite"
        let arguments = ["autotune"] + Campaign.programs + ["--db", store] + Campaign.options()
        let processes = try [Campaign.start(arguments), Campaign.start(arguments)]
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let both = try Campaign.evaluations(store)
        #expect(both == (try Campaign.evaluations(reference.store)))
        #expect(Set(both).count == both.count)
    }

    @Test func aKilledShardResumesWithoutRedoingStoredEvaluations() throws {
        let directory = Fixtures.temporaryDirectory("shard-kill")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = directory + "/killed.sqlite"
        let arguments =
            ["autotune"] + Campaign.programs + ["--db", store, "--shard", "1/1"] + Campaign.options(budget: 150)
        let shard = try Campaign.start(arguments)
        // SIGKILL (no chance to finish anything) once some evaluations are stored.
        var stored = 0
        for _ in 0..<600 where shard.isRunning {
            stored = (try? ResultStore(path: store).measurementCount()) ?? 0
            if stored >= 40 { break }
            usleep(50_000)
        }
        try #require(shard.isRunning, "the shard ended before it could be killed (\(stored) evaluations stored)")
        kill(shard.processIdentifier, SIGKILL)
        shard.waitUntilExit()
        let before = try Campaign.evaluations(store)
        #expect(before.count >= 40)
        let resumed = try Campaign.passlab(arguments)
        #expect(resumed.termination.succeeded, "\(resumed.stderrText.suffix(2000))")
        let after = try Campaign.evaluations(store)
        // Everything stored before the kill is still there, once; the runs together did exactly one run's work.
        #expect(Set(before).isSubset(of: Set(after)))
        let runs = try ResultStore(path: store).runs()
        #expect(runs.count == 2 && runs[0].status == "abandoned" && runs[1].status == "finished")
        let reference = try Campaign.passlab(
            ["autotune"] + Campaign.programs + [
                "--db", directory + "/reference.sqlite",
                "--shard", "1/1",
            ] + Campaign.options(budget: 150))
        #expect(reference.termination.succeeded)
        #expect(after == (try Campaign.evaluations(directory + "/reference.sqlite")))
    }

    @Test(arguments: ["3/2", "0/2", "two/2"])
    func badShardIsAUsageError(_ value: String) throws {
        let result = try Campaign.passlab([
            "autotune", Campaign.programs[0], "--db", "/nonexistent/r.sqlite", "--shard", value,
        ])
        #expect(result.termination == .exited(64))
        #expect(result.stderrText.contains("--shard \(value)"))
    }

    @Test func aShardOnlySearches() throws {
        let result = try Campaign.passlab([
            "autotune", Campaign.programs[0], "--db", "/nonexistent/r.sqlite", "--shard", "1/2",
            "--phase", "broadcast",
        ])
        #expect(result.termination == .exited(64))
        #expect(result.stderrText.contains("a shard only searches"))
    }
}
