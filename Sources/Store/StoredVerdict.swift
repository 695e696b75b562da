import Foundation
import GRDB
import Pipelines

/// A validation verdict on one pass list: whether it passed PassListEval on
/// a suite, keyed by everything that can change the answer (pipeline text,
/// whole protocol, suite id with its version, LLVM version).
public struct StoredVerdict: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    /// The table of verdicts, "verdict" in both backends.
    public static let databaseTableName = "verdict"
    /// Row id; nil for a verdict not read from the store (`record(_:)` ignores it).
    public var id: Int64?
    /// The pipeline's canonical text: the store column, as it is stored (a row type; `init` and
    /// `ResultStore.verdict(pipeline:protocolKey:suite:llvmVersion:)` take a `Pipeline`).
    public var pipeline: String
    /// `MeasurementProtocol.storeKey` of the protocol the optimized objects were made under.
    public var protocolKey: String
    /// "humaneval-x@dcf2e280a1e9+csmith-2.3.0:10" (suite, version, csmith seeds).
    public var suite: String
    /// The LLVM version of the engine that made the objects.
    public var llvmVersion: String
    /// True only when every program of the suite has a result and passed: a partial verdict (`skippedJSON` not empty)
    /// is false.
    public var passed: Bool
    /// Programs with a result (excluded and skipped ones not counted).
    public var programs: Int
    /// Programs whose outcome was not `passed`.
    public var failures: Int
    /// Every program's result, JSON (the Validation module's encoding).
    public var resultsJSON: String
    /// Programs excluded from the verdict, JSON array of names.
    public var excludedJSON: String
    /// Programs not run because the validation stopped at its first
    /// failure, JSON array of names: "[]" for a full verdict. A verdict
    /// with skipped programs is a failure, never a full report.
    public var skippedJSON: String
    /// Wall-clock seconds the validation took.
    public var seconds: Double
    /// When the verdict was recorded.
    public var createdAt: Date

    /// A verdict for `ResultStore.record(_:)`; `skippedJSON` defaults to "[]" (a full verdict) and `createdAt` to now.
    public init(
        pipeline: Pipeline, protocolKey: String, suite: String, llvmVersion: String, passed: Bool, programs: Int,
        failures: Int,
        resultsJSON: String, excludedJSON: String, skippedJSON: String = "[]", seconds: Double,
        createdAt: Date = Date()
    ) {
        self.pipeline = pipeline.text
        self.protocolKey = protocolKey
        self.suite = suite
        self.llvmVersion = llvmVersion
        self.passed = passed
        self.programs = programs
        self.failures = failures
        self.resultsJSON = resultsJSON
        self.excludedJSON = excludedJSON
        self.skippedJSON = skippedJSON
        self.seconds = seconds
        self.createdAt = createdAt
    }

    /// The verdicts with exactly this key (at most one).
    static func matching(
        pipeline: String, protocolKey: String, suite: String, llvmVersion: String
    ) -> QueryInterfaceRequest<StoredVerdict> {
        filter(
            Column("pipeline") == pipeline && Column("protocolKey") == protocolKey && Column("suite") == suite
                && Column("llvmVersion") == llvmVersion)
    }

    /// Additive schema change: v1 is never edited.
    static func registerMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2: verdicts") { db in
            try db.create(table: "verdict") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("pipeline", .text).notNull()
                t.column("protocolKey", .text).notNull()
                t.column("suite", .text).notNull()
                t.column("llvmVersion", .text).notNull()
                t.column("passed", .boolean).notNull()
                t.column("programs", .integer).notNull()
                t.column("failures", .integer).notNull()
                t.column("resultsJSON", .text).notNull()
                t.column("excludedJSON", .text).notNull()
                t.column("seconds", .double).notNull()
                t.column("createdAt", .datetime).notNull()
                t.uniqueKey(["pipeline", "protocolKey", "suite", "llvmVersion"])
            }
        }
    }

    /// Verdicts of validations that stopped at their first failure: rows
    /// written before are full reports ("[]").
    static func registerSkippedMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4: partial verdicts") { db in
            try db.alter(table: databaseTableName) { t in
                t.add(column: "skippedJSON", .text).notNull().defaults(to: "[]")
            }
        }
    }
}

extension ResultStore {
    /// The stored verdict for exactly this pipeline, protocol, suite and LLVM, if any.
    public func verdict(
        pipeline: Pipeline, protocolKey: String, suite: String, llvmVersion: String
    ) throws -> StoredVerdict? {
        if let postgres {
            return try postgres.verdict(
                pipeline: pipeline.text, protocolKey: protocolKey, suite: suite, llvmVersion: llvmVersion)
        }
        return try pool.read { db in
            try StoredVerdict.matching(
                pipeline: pipeline.text, protocolKey: protocolKey, suite: suite, llvmVersion: llvmVersion
            ).fetchOne(db)
        }
    }

    /// Records a verdict; a newer one for the same key replaces the old.
    public func record(_ verdict: StoredVerdict) throws {
        if let postgres { return try postgres.record(verdict) }
        try pool.write { db in
            try StoredVerdict.matching(
                pipeline: verdict.pipeline, protocolKey: verdict.protocolKey, suite: verdict.suite,
                llvmVersion: verdict.llvmVersion
            ).deleteAll(db)
            var row = verdict
            row.id = nil
            try row.insert(db)
        }
    }

    /// All verdicts, oldest first.
    public func verdicts() throws -> [StoredVerdict] {
        if let postgres { return try postgres.verdicts() }
        return try pool.read { db in try StoredVerdict.order(Column("id")).fetchAll(db) }
    }
}
