import Foundation
import GRDB
import Store
import Testing
import TestSupport

/// The `programOutcome` table and partial verdicts, on real SQLite.
@Suite struct ProgramOutcomeStoreTests {
    static let key = ProgramOutcomeKey(
        program: "CPP/2", suite: "humaneval-x@dcf2e280a1e9", referenceDigest: "r1",
        objectDigest: String(repeating: "a", count: 64),
        protocolKey: "shipping|O2|pic|x86_64-unknown-linux-gnu|always-inline",
        llvmVersion: "19.1.7", clangVersion: "19.1.7", sandbox: "bubblewrap")

    static func row(_ key: ProgramOutcomeKey, _ outcome: String, limit: Double = 5) -> StoredProgramOutcome {
        StoredProgramOutcome(
            key: key, outcome: outcome, detail: outcome == "crashed" ? "SIGSEGV" : "", seconds: 0.5,
            timeLimit: limit)
    }

    @Test func anOutcomeIsFoundOnlyUnderItsWholeKeyAndANewerOneReplacesIt() throws {
        let directory = Fixtures.temporaryDirectory("store-outcomes")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ResultStore(path: directory + "/results.sqlite")
        try store.record(outcomes: [Self.row(Self.key, "passed")])
        #expect(try store.programOutcome(Self.key)?.outcome == "passed")
        // Any part of the key that differs finds nothing.
        let variants: [WritableKeyPath<ProgramOutcomeKey, String>] = [
            \.program, \.suite, \.referenceDigest, \.objectDigest, \.protocolKey, \.llvmVersion, \.clangVersion,
            \.sandbox,
        ]
        for path in variants {
            var other = Self.key
            other[keyPath: path] += "x"
            #expect(try store.programOutcome(other) == nil, "\(path)")
        }
        try store.record(outcomes: [Self.row(Self.key, "crashed", limit: 10)])
        #expect(try store.programOutcome(Self.key)?.outcome == "crashed")
        #expect(try store.programOutcome(Self.key)?.observations == 1, "another outcome starts the count again")
        #expect(try store.programOutcomes().count == 1)
        // The same outcome again: one more observation, the smaller limit kept.
        try store.record(outcomes: [Self.row(Self.key, "crashed", limit: 7)])
        let twice = try #require(try store.programOutcome(Self.key))
        #expect(twice.observations == 2 && twice.timeLimit == 7)

        // Failure counts: per program of one suite, passes not counted.
        var other = Self.key
        other.objectDigest = String(repeating: "b", count: 64)
        var elsewhere = Self.key
        elsewhere.suite = "csmith-2.3.0"
        var passing = Self.key
        passing.program = "CPP/3"
        try store.record(outcomes: [
            Self.row(other, "timedOut"), Self.row(elsewhere, "diverged"), Self.row(passing, "passed"),
        ])
        #expect(try store.failureCounts(suite: Self.key.suite) == ["CPP/2": FailureCounts(failures: 1, timeouts: 1)])
        #expect(try store.failureCounts(suite: "csmith-2.3.0") == ["CPP/2": FailureCounts(failures: 1, timeouts: 0)])
    }

    /// A store written before partial verdicts and stored outcomes gains
    /// both; its verdicts read back as the full reports they were.
    @Test func anOlderStoreMigratesAndItsVerdictsAreFull() throws {
        let directory = Fixtures.temporaryDirectory("store-v3")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/results.sqlite"
        _ = try ResultStore(path: path)
        // Back to the v3 schema, with a verdict as v3 wrote it.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP TABLE programOutcome")
            try db.execute(sql: "ALTER TABLE verdict DROP COLUMN skippedJSON")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v4:%' OR identifier LIKE 'v5:%'")
            try db.execute(
                sql: """
                    INSERT INTO verdict (pipeline, protocolKey, suite, llvmVersion, passed, programs, failures, resultsJSON,
                                         excludedJSON, seconds, createdAt)
                    VALUES ('module(default<Oz>)', 'k', 's', '19.1.7', 1, 164, 0, '[]', '[]', 21.5, '2026-01-01 00:00:00')
                    """)
        }
        try queue.close()
        let store = try ResultStore(path: path)
        #expect(
            try store.appliedMigrations().suffix(4) == [
                "v4: partial verdicts", "v5: program outcomes by object",
                "v6: shard progress", "v7: tune results",
            ])
        let verdict = try #require(try store.verdicts().first)
        #expect(verdict.skippedJSON == "[]" && verdict.passed && verdict.programs == 164)
        #expect(try store.programOutcomes().isEmpty)
    }
}
