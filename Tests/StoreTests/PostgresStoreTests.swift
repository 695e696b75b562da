import CodeSize
import Foundation
import Pipelines
import GRDB
import Store
import TestSupport
import Testing

/// The PostgreSQL store against a real server (scripts/postgres-test-server),
/// each test in a database of its own: the same operations give the same
/// answers as the SQLite store.
@Suite(.enabled(if: PostgresTestServer.shouldRun)) struct PostgresStoreTests {
    /// `function(a,b,...)` of made-up pass names (the store takes any name).
    static func function(_ names: [String]) -> Pipeline {
        Pipeline(elements: [.init(name: "function", children: names.map { .init(name: $0) })])
    }

    static func record(
        _ pipeline: Pipeline, _ size: Int?, _ outcome: StoredOutcome = .measured,
        protocol used: MeasurementProtocol = .shipping
    ) -> MeasurementRecord {
        MeasurementRecord(
            pipeline: pipeline, measurementProtocol: used, llvmVersion: "19.1.7", outcome: outcome,
            detail: outcome == .crashed ? "LLVM ERROR" : "", sizes: size.map(ResultStoreTests.sizes),
            seconds: 0.02)
    }

    /// The same writes to a store: programs, runs, measurements, verdicts, outcomes, shard progress.
    static func fill(_ store: ResultStore) throws {
        let program = try store.program(contentHash: "abc", llvmVersion: "19.1.7", name: "a.ll", instructionCount: 10)
        #expect(
            try store.program(contentHash: "abc", llvmVersion: "19.1.7", name: "renamed.ll", instructionCount: 10).id
                == program.id)
        let run = try store.startRun(
            command: "autotune a.ll", seed: 7, budget: 100, llvmVersion: "19.1.7",
            measurementProtocol: .shipping)
        try store.record(
            [
                record("module(default<Oz>)", 100), record("function(licm,gvn)", nil, .crashed),
                record("function(gvn)", 90), record("module(default<Oz>)", 140, protocol: .paper),
            ],
            program: program, run: run)
        // The same evaluation again keeps the first.
        try store.record([record("module(default<Oz>)", 999)], program: program, run: run)
        try store.finishRun(run, status: "finished")
        let verdict = StoredVerdict(
            pipeline: "function(gvn)", protocolKey: MeasurementProtocol.shipping.storeKey,
            suite: "humaneval-x@1", llvmVersion: "19.1.7", passed: true, programs: 3, failures: 0,
            resultsJSON: "[]", excludedJSON: "[]", seconds: 1.5)
        try store.record(verdict)
        try store.record(verdict)
        try store.record(outcomes: [ProgramOutcomeStoreTests.row(ProgramOutcomeStoreTests.key, "crashed", limit: 10)])
        try store.record(outcomes: [ProgramOutcomeStoreTests.row(ProgramOutcomeStoreTests.key, "crashed", limit: 7)])
        try store.assignShard(
            campaign: "c", shardIndex: 1, shardCount: 2, programs: [("abc", "a.ll"), ("def", "b.ll")])
        try store.assignShard(campaign: "c", shardIndex: 1, shardCount: 2, programs: [("abc", "a.ll")])
        try store.markShardProgramDone(campaign: "c", shardCount: 2, contentHash: "abc")
        // Tune results: one row per key, the last recorded replacing the one before.
        for (budget, size) in [(1, 95), (10, 80), (10, 90)] {
            try store.record(
                StoredTuneResult(
                    contentHash: "abc", llvmVersion: "19.1.7", protocolKey: MeasurementProtocol.shipping.storeKey,
                    budget: budget, predictor: "embedded", binarySize: size, resultJSON: "{\"binarySize\":\(size)}"))
        }
    }

    @Test func migratesAnEmptyDatabaseAndAnswersAsSQLiteDoes() throws {
        let url = try PostgresTestServer.freshDatabase("migrate")
        let directory = Fixtures.temporaryDirectory("pg-parity")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let postgres = try ResultStore(url: url)
        let sqlite = try ResultStore(path: directory + "/results.sqlite")
        #expect(postgres.isPostgres && !sqlite.isPostgres)
        #expect(try postgres.appliedMigrations() == (try sqlite.appliedMigrations()))
        #expect(try postgres.appliedMigrations().count == 7)
        for store in [postgres, sqlite] { try Self.fill(store) }
        // Reopening applies nothing twice and keeps everything.
        let reopened = try ResultStore(url: url)
        #expect(try reopened.measurementCount() == 4)
        #expect(try reopened.evaluationKeys() == (try sqlite.evaluationKeys()))
        let program = try #require(try reopened.existingProgram(contentHash: "abc", llvmVersion: "19.1.7"))
        let measured = try reopened.measurements(of: program, measurementProtocol: .shipping)
        #expect(measured["module(default<Oz>)"]?.binarySize == 100)
        #expect(
            measured["function(licm,gvn)"]?.outcome == .crashed
                && measured["function(licm,gvn)"]?.detail == "LLVM ERROR")
        #expect(try reopened.runs().map(\.status) == ["finished"] && reopened.runs()[0].seed == 7)
        #expect(try reopened.verdicts().count == 1)
        #expect(
            try reopened.verdict(
                pipeline: "function(gvn)", protocolKey: MeasurementProtocol.shipping.storeKey,
                suite: "humaneval-x@1", llvmVersion: "19.1.7")?.passed == true)
        let outcome = try #require(try reopened.programOutcome(ProgramOutcomeStoreTests.key))
        #expect(outcome.observations == 2 && outcome.timeLimit == 7)
        #expect(
            try reopened.failureCounts(suite: ProgramOutcomeStoreTests.key.suite)
                == (try sqlite.failureCounts(suite: ProgramOutcomeStoreTests.key.suite)))
        for store in [reopened, sqlite] {
            func kept(_ budget: Int, predictor: String = "embedded") throws -> StoredTuneResult? {
                try store.tuneResult(
                    contentHash: "abc", llvmVersion: "19.1.7", protocolKey: MeasurementProtocol.shipping.storeKey,
                    budget: budget, predictor: predictor)
            }
            #expect(try kept(1)?.binarySize == 95 && kept(1)?.resultJSON == "{\"binarySize\":95}")
            #expect(try kept(10)?.binarySize == 90, "the last recorded replaces the one before")
            #expect(try kept(100) == nil && kept(1, predictor: "llm:m") == nil)
        }
        let progress = try reopened.shardProgress()
        #expect(progress.count == 1 && progress[0].programs == 2 && progress[0].done == 1)
        #expect(
            try reopened.storedProtocols().map(\.measurementProtocol.storeKey)
                == (try sqlite.storedProtocols().map(\.measurementProtocol.storeKey)))
        let summaries = try [reopened, sqlite].map { store in
            try store.autotuneSummary(
                measurementProtocol: .shipping, ozPipeline: "module(default<Oz>)")
        }
        #expect(summaries[0].programs.map(\.bestPipeline) == ["function(gvn)"])
        #expect(summaries[0].programs.map(\.bestPipeline) == summaries[1].programs.map(\.bestPipeline))
        #expect(summaries.allSatisfy { $0.programs.map(\.contentHash) == ["abc"] })
        #expect(summaries[0].compilations == summaries[1].compilations && summaries[0].crashes == 1)
    }

    @Test func concurrentWritersOfTheSameEvaluationsStoreEachOnce() throws {
        let url = try PostgresTestServer.freshDatabase("concurrent")
        let stores = try (0..<4).map { _ in try ResultStore(url: url) }
        let program = try stores[0].program(contentHash: "p", llvmVersion: "19.1.7", name: "p.ll", instructionCount: 1)
        DispatchQueue.concurrentPerform(iterations: 4) { writer in
            for index in 0..<40 {
                // Every writer records the same 40 evaluations, in batches of 2.
                try? stores[writer].record(
                    [
                        Self.record(Self.function(["gvn", "pass\(index)"]), 100 + index),
                        Self.record(Self.function(["pass\(index)", "gvn"]), 200 + index),
                    ],
                    program: program, run: nil)
            }
        }
        let keys = try stores[0].evaluationKeys()
        #expect(keys.count == 80 && Set(keys).count == 80)
    }

    @Test func badURLsSayWhatIsWrongWithTheirExitCodes() throws {
        let server = try #require(PostgresTestServer.url, "PASSLAB_TEST_POSTGRES_URL is unset")
        let missingDatabase = String(server[...server.lastIndex(of: "/")!]) + "no_such_database"
        for (url, code, words) in [
            ("postgres://127.0.0.1:1/x", Int32(69), "cannot connect"),
            ("postgres://nohost.invalid:1/x", 69, "cannot connect"),
            (missingDatabase, 69, "no_such_database"),
            ("postgres://", 64, "no host"),
            ("postgres://h:99999/x", 64, "postgres://h:99999/x"),
            ("postgres://h/x?sslmode=verify-full", 64, "sslmode"),
        ] {
            #expect {
                try ResultStore(url: url)
            } throws: { error in
                let error = error as? ResultStore.Error
                return error?.exitCode == code && "\(error!)".contains(url) && "\(error!)".contains(words)
            }
        }
    }

    /// Every row of every table of a SQLite store, by table.
    static func everyRow(_ path: String) throws -> [String: [Row]] {
        let database = try DatabaseQueue(path: path)
        return try database.read { db in
            var result: [String: [Row]] = [:]
            for table in [
                "program", "pipeline", "run", "measurement", "verdict", "programOutcome", "shardProgram", "tuneResult",
            ] {
                result[table] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY id")
            }
            return result
        }
    }

    @Test func copyRoundTripSQLiteToPostgresToSQLiteGivesIdenticalRows() throws {
        let url = try PostgresTestServer.freshDatabase("copy")
        let directory = Fixtures.temporaryDirectory("pg-copy")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = directory + "/original.sqlite"
        try Self.fill(try ResultStore(path: original))
        let there = try StoreCopy.copy(from: original, to: url, append: false)
        #expect(there.rows.map(\.copied) == [1, 3, 1, 4, 1, 1, 2, 2] && there.rows.allSatisfy { $0.kept == 0 })
        let back = directory + "/back.sqlite"
        _ = try StoreCopy.copy(from: url, to: back, append: false)
        let rows = try Self.everyRow(back)
        #expect(rows == (try Self.everyRow(original)))
        #expect(rows["measurement"]?.count == 4)
        // A store with rows is refused, and nothing is added to it.
        #expect {
            try StoreCopy.copy(from: original, to: url, append: false)
        } throws: { error in
            (error as? ResultStore.Error)?.exitCode == 64 && "\(error)".contains("--append") && "\(error)".contains(url)
        }
        #expect(try ResultStore(url: url).measurementCount() == 4)
        // Appending the same rows again keeps them once, runs too (they have no unique key: a run copied twice
        // was two runs); a new measurement is added after the copied ids.
        let again = try StoreCopy.copy(from: original, to: url, append: true)
        #expect(again.rows.map(\.copied) == [0, 0, 0, 0, 0, 0, 0, 0])
        let store = try ResultStore(url: url)
        #expect(try store.measurementCount() == 4 && store.runs().count == 1)
        let program = try #require(try store.existingProgram(contentHash: "abc", llvmVersion: "19.1.7"))
        try store.record([Self.record("function(sroa)", 95)], program: program, run: nil)
        #expect(try store.measurementCount() == 5)
    }

    @Test func aCopyThatFailsHalfwayLeavesTheDestinationAsItWas() throws {
        let url = try PostgresTestServer.freshDatabase("copyfail")
        let directory = Fixtures.temporaryDirectory("pg-copy-fail")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/source.sqlite"
        try Self.fill(try ResultStore(path: source))
        // Programs, pipelines and runs copy first; then a measurement of a pipeline the source
        // does not have (written with foreign keys off) fails the copy.
        var unchecked = Configuration()
        unchecked.foreignKeysEnabled = false
        let corrupt = try DatabaseQueue(path: source, configuration: unchecked)
        try corrupt.write { db in
            try db.execute(
                sql: """
                    INSERT INTO measurement (programId, pipelineId, protocolKey, protocolName, codegen, reloc, triple,
                      llvmVersion, outcome, seconds, createdAt)
                    VALUES (1, 999, 'k', 'shipping', 'O2', 'pic', 't', '19.1.7', 'measured', 0.1, '2026-01-01 00:00:00.000')
                    """)
        }
        #expect {
            try StoreCopy.copy(from: source, to: url, append: false)
        } throws: { error in
            (error as? ResultStore.Error)?.exitCode == 69 && "\(error)".contains(url)
        }
        let destination = try ResultStore(url: url)
        #expect(try destination.existingProgram(contentHash: "abc", llvmVersion: "19.1.7") == nil)
        #expect(try destination.measurementCount() == 0 && destination.runs().isEmpty)
        // The same copy without the bad row then succeeds into the untouched destination.
        try corrupt.write { db in try db.execute(sql: "DELETE FROM measurement WHERE pipelineId = 999") }
        #expect(
            try StoreCopy.copy(from: source, to: url, append: false).rows.map(\.copied) == [1, 3, 1, 4, 1, 1, 2, 2])
    }
}

/// `store copy --append` between SQLite stores: what is there already is kept once, runs included.
@Suite struct SQLiteStoreCopyTests {
    @Test func appendingTheSameStoreTwiceAddsNothingTheSecondTime() throws {
        let directory = Fixtures.temporaryDirectory("sqlite-copy-append")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/source.sqlite", destination = directory + "/destination.sqlite"
        try PostgresStoreTests.fill(try ResultStore(path: source))
        // A destination with a run of its own, so that the copy appends (ids are mapped) rather than keeps ids.
        let own = try ResultStore(path: destination)
        _ = try own.startRun(
            command: "autotune b.ll", seed: 1, budget: 10, llvmVersion: "19.1.7", measurementProtocol: .shipping)
        let first = try StoreCopy.copy(from: source, to: destination, append: true)
        #expect(first.rows.map(\.copied) == [1, 3, 1, 4, 1, 1, 2, 2])
        let second = try StoreCopy.copy(from: source, to: destination, append: true)
        #expect(second.rows.map(\.copied) == [0, 0, 0, 0, 0, 0, 0, 0], "\(second.rows)")
        let store = try ResultStore(path: destination)
        #expect(try store.runs().map(\.command) == ["autotune b.ll", "autotune a.ll"])
        #expect(try store.measurementCount() == 4)
    }
}
