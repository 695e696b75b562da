import Foundation
import GRDB

/// Everything a test program's outcome depends on besides the pass list:
/// the optimized object's bytes (by SHA-256), the reference it is compared
/// with, the protocol (the link depends on the relocation model), the LLVM
/// and clang versions (the link and libstdc++ headers) and the sandbox
/// (what a program may touch). Two pass lists that give the same object
/// under the same key get the same outcome, so it is linked and run once.
public struct ProgramOutcomeKey: Sendable, Hashable, Codable {
    /// "CPP/12", "csmith/7".
    public var program: String
    /// The program's own suite and version ("humaneval-x@dcf2e280a1e9",
    /// "csmith-2.3.0"): not the whole run's suite id, so a HumanEval-X
    /// outcome is reused whatever csmith count accompanies it.
    public var suite: String
    /// SHA-256 (hex) of the reference run the test is compared with (exit
    /// status, signal, standard output).
    public var referenceDigest: String
    /// SHA-256 (hex) of the optimized object the engine produced.
    public var objectDigest: String
    /// `MeasurementProtocol.storeKey`: the link depends on the relocation model.
    public var protocolKey: String
    /// The LLVM version of the engine that made the object.
    public var llvmVersion: String
    /// The version of the clang that links the test program (its libstdc++ headers come with it).
    public var clangVersion: String
    /// "bubblewrap" or "processes".
    public var sandbox: String

    /// A key from its parts, as the Validation module computes them.
    public init(
        program: String, suite: String, referenceDigest: String, objectDigest: String, protocolKey: String,
        llvmVersion: String, clangVersion: String, sandbox: String
    ) {
        self.program = program
        self.suite = suite
        self.referenceDigest = referenceDigest
        self.objectDigest = objectDigest
        self.protocolKey = protocolKey
        self.llvmVersion = llvmVersion
        self.clangVersion = clangVersion
        self.sandbox = sandbox
    }
}

/// One test program's outcome on one optimized object, kept across runs so
/// that validating a list whose objects were already run costs only the
/// engine's compilations. The outcome is the Validation module's
/// `ProgramOutcome` raw value; which outcomes may be reused is that
/// module's decision (a time-out, which may be the machine's load rather
/// than the object, only once seen twice: `observations`).
public struct StoredProgramOutcome: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    /// The table of outcomes, "programOutcome" in both backends.
    public static let databaseTableName = "programOutcome"
    /// Row id; nil for an outcome not read from the store (`record(outcomes:)` ignores it).
    public var id: Int64?
    /// `ProgramOutcomeKey.program`: the test program ("CPP/12", "csmith/7").
    public var program: String
    /// `ProgramOutcomeKey.suite`: the program's own suite and version.
    public var suite: String
    /// `ProgramOutcomeKey.referenceDigest`: SHA-256 (hex) of the reference run compared with.
    public var referenceDigest: String
    /// `ProgramOutcomeKey.objectDigest`: SHA-256 (hex) of the optimized object.
    public var objectDigest: String
    /// `ProgramOutcomeKey.protocolKey`: `MeasurementProtocol.storeKey`.
    public var protocolKey: String
    /// `ProgramOutcomeKey.llvmVersion`: the LLVM that made the object.
    public var llvmVersion: String
    /// `ProgramOutcomeKey.clangVersion`: the clang that links the program.
    public var clangVersion: String
    /// `ProgramOutcomeKey.sandbox`: "bubblewrap" or "processes".
    public var sandbox: String
    /// The Validation module's `ProgramOutcome` raw value ("passed", "testFailed", "diverged", "crashed",
    /// "compileFailed", "timedOut").
    public var outcome: String
    /// What happened, as the Validation module words it (an assertion, a signal, the first differing output line); ""
    /// when passed.
    public var detail: String
    /// Seconds the link and run took when it was recorded.
    public var seconds: Double
    /// Runs of this object in a row that gave this outcome (recording the
    /// same outcome again adds one; another outcome starts again at 1).
    public var observations: Int
    /// The wall-clock limit the program ran under (the smallest of the
    /// observations): a time-out says nothing about a longer limit.
    public var timeLimit: Double
    /// When this outcome was last recorded (a newer record replaces the row).
    public var createdAt: Date

    /// An outcome of the object `key` names, for `ResultStore.record(outcomes:)`; `observations` starts at 1 and the
    /// store adds earlier agreeing ones.
    public init(
        key: ProgramOutcomeKey, outcome: String, detail: String, seconds: Double, timeLimit: Double,
        observations: Int = 1, createdAt: Date = Date()
    ) {
        program = key.program
        suite = key.suite
        referenceDigest = key.referenceDigest
        objectDigest = key.objectDigest
        protocolKey = key.protocolKey
        llvmVersion = key.llvmVersion
        clangVersion = key.clangVersion
        sandbox = key.sandbox
        self.outcome = outcome
        self.detail = detail
        self.seconds = seconds
        self.observations = observations
        self.timeLimit = timeLimit
        self.createdAt = createdAt
    }

    /// The row's key columns as a `ProgramOutcomeKey`.
    public var key: ProgramOutcomeKey {
        ProgramOutcomeKey(
            program: program, suite: suite, referenceDigest: referenceDigest, objectDigest: objectDigest,
            protocolKey: protocolKey, llvmVersion: llvmVersion, clangVersion: clangVersion,
            sandbox: sandbox)
    }

    static func matching(_ key: ProgramOutcomeKey) -> QueryInterfaceRequest<StoredProgramOutcome> {
        filter(
            Column("objectDigest") == key.objectDigest && Column("program") == key.program
                && Column("suite") == key.suite && Column("referenceDigest") == key.referenceDigest
                && Column("protocolKey") == key.protocolKey
                && Column("llvmVersion") == key.llvmVersion && Column("clangVersion") == key.clangVersion
                && Column("sandbox") == key.sandbox)
    }

    /// Additive schema change: earlier migrations are never edited.
    static func registerMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5: program outcomes by object") { db in
            try db.create(table: databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("program", .text).notNull()
                t.column("suite", .text).notNull()
                t.column("referenceDigest", .text).notNull()
                t.column("objectDigest", .text).notNull()
                t.column("protocolKey", .text).notNull()
                t.column("llvmVersion", .text).notNull()
                t.column("clangVersion", .text).notNull()
                t.column("sandbox", .text).notNull()
                t.column("outcome", .text).notNull()
                t.column("detail", .text).notNull()
                t.column("seconds", .double).notNull()
                t.column("observations", .integer).notNull()
                t.column("timeLimit", .double).notNull()
                t.column("createdAt", .datetime).notNull()
                // The object digest first: it alone nearly identifies a row.
                t.uniqueKey([
                    "objectDigest", "program", "suite", "referenceDigest", "protocolKey", "llvmVersion",
                    "clangVersion", "sandbox",
                ])
            }
            // `failureCounts` reads only the failures of one suite.
            try db.create(
                index: "programOutcome_failures", on: databaseTableName,
                columns: ["suite", "outcome", "program"])
        }
    }
}

/// How often a program failed in recorded outcomes: time-outs apart, as
/// they take the whole time limit to show.
public struct FailureCounts: Sendable, Hashable {
    /// Failures other than time-outs (a crash, a failed assertion, ...).
    public var failures: Int
    /// Recorded time-outs ("timedOut" outcomes).
    public var timeouts: Int

    /// Counts as `ResultStore.failureCounts(suite:)` reports them.
    public init(failures: Int, timeouts: Int) {
        self.failures = failures
        self.timeouts = timeouts
    }
}

extension ResultStore {
    /// The recorded outcome of exactly this object under exactly this key, if any.
    public func programOutcome(_ key: ProgramOutcomeKey) throws -> StoredProgramOutcome? {
        if let postgres { return try postgres.programOutcome(key) }
        return try pool.read { db in try StoredProgramOutcome.matching(key).fetchOne(db) }
    }

    /// Records outcomes in one transaction; a newer one for the same key
    /// replaces the old, adding the old one's `observations` (and keeping
    /// the smaller `timeLimit`) when both are the same outcome.
    public func record(outcomes: [StoredProgramOutcome]) throws {
        guard !outcomes.isEmpty else { return }
        if let postgres { return try postgres.record(outcomes: outcomes) }
        try pool.write { db in
            for outcome in outcomes {
                var row = outcome
                row.id = nil
                let earlier = try StoredProgramOutcome.matching(outcome.key).fetchOne(db)
                if let earlier, earlier.outcome == outcome.outcome {
                    row.observations += earlier.observations
                    row.timeLimit = min(row.timeLimit, earlier.timeLimit)
                }
                try StoredProgramOutcome.matching(outcome.key).deleteAll(db)
                try row.insert(db)
            }
        }
    }

    /// Recorded outcomes other than `passed`, per program of `suite`: which
    /// programs fail most often, so a validation that stops at the first
    /// failure can run them first.
    public func failureCounts(suite: String) throws -> [String: FailureCounts] {
        if let postgres { return try postgres.failureCounts(suite: suite) }
        return try pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT program, SUM(outcome != 'timedOut') AS failures, SUM(outcome = 'timedOut') AS timeouts
                    FROM programOutcome WHERE suite = ? AND outcome != 'passed' GROUP BY program
                    """, arguments: [suite])
            return Dictionary(
                uniqueKeysWithValues: rows.map {
                    ($0["program"] as String, FailureCounts(failures: $0["failures"], timeouts: $0["timeouts"]))
                })
        }
    }

    /// Every recorded outcome, oldest first.
    public func programOutcomes() throws -> [StoredProgramOutcome] {
        if let postgres { return try postgres.programOutcomes() }
        return try pool.read { db in try StoredProgramOutcome.order(Column("id")).fetchAll(db) }
    }
}
