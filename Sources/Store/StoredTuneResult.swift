import Foundation
import GRDB

/// What `passlab tune` shipped for one module under one protocol, budget
/// and predictor, kept so that running the same command again never ends
/// with a larger object than an earlier run wrote (a rerun reads sizes and
/// verdicts from the store, so its search and validations can go
/// elsewhere). One row per key: the smallest result seen.
public struct StoredTuneResult: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    /// The table, "tuneResult" in both backends.
    public static let databaseTableName = "tuneResult"
    /// Row id; nil for a result not read from the store.
    public var id: Int64?
    /// SHA-256 (hex) of the module's IR, as `program.contentHash`.
    public var contentHash: String
    /// The LLVM version of the engine that measured it.
    public var llvmVersion: String
    /// `MeasurementProtocol.storeKey`.
    public var protocolKey: String
    /// The `--budget` of the run.
    public var budget: Int
    /// The predictor's name (`embedded`, a model file, `llm:NAME`).
    public var predictor: String
    /// Bytes (text + data) of the result's object.
    public var binarySize: Int
    /// The whole result as the Predictor module encodes it (`TuneResult`).
    public var resultJSON: String
    /// When it was recorded.
    public var createdAt: Date

    /// A row for the store to keep.
    public init(
        contentHash: String, llvmVersion: String, protocolKey: String, budget: Int, predictor: String,
        binarySize: Int, resultJSON: String, createdAt: Date = Date()
    ) {
        self.contentHash = contentHash
        self.llvmVersion = llvmVersion
        self.protocolKey = protocolKey
        self.budget = budget
        self.predictor = predictor
        self.binarySize = binarySize
        self.resultJSON = resultJSON
        self.createdAt = createdAt
    }

    static func matching(
        contentHash: String, llvmVersion: String, protocolKey: String, budget: Int, predictor: String
    ) -> QueryInterfaceRequest<StoredTuneResult> {
        filter(
            Column("contentHash") == contentHash && Column("llvmVersion") == llvmVersion
                && Column("protocolKey") == protocolKey && Column("budget") == budget
                && Column("predictor") == predictor)
    }

    /// The table, from v7 on.
    static func registerMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7: tune results") { db in
            try db.create(table: databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("contentHash", .text).notNull()
                t.column("llvmVersion", .text).notNull()
                t.column("protocolKey", .text).notNull()
                t.column("budget", .integer).notNull()
                t.column("predictor", .text).notNull()
                t.column("binarySize", .integer).notNull()
                t.column("resultJSON", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.uniqueKey(["contentHash", "llvmVersion", "protocolKey", "budget", "predictor"])
            }
        }
    }
}

extension ResultStore {
    /// The result kept for exactly this module, LLVM, protocol, budget and predictor, if any.
    public func tuneResult(
        contentHash: String, llvmVersion: String, protocolKey: String, budget: Int, predictor: String
    ) throws -> StoredTuneResult? {
        if let postgres {
            return try postgres.tuneResult(
                contentHash: contentHash, llvmVersion: llvmVersion, protocolKey: protocolKey, budget: budget,
                predictor: predictor)
        }
        return try pool.read { db in
            try StoredTuneResult.matching(
                contentHash: contentHash, llvmVersion: llvmVersion, protocolKey: protocolKey, budget: budget,
                predictor: predictor
            ).fetchOne(db)
        }
    }

    /// Keeps `result` for its key, replacing the row there (the caller
    /// decides which of the two is worth keeping).
    public func record(_ result: StoredTuneResult) throws {
        if let postgres { return try postgres.record(result) }
        try pool.write { db in
            try StoredTuneResult.matching(
                contentHash: result.contentHash, llvmVersion: result.llvmVersion, protocolKey: result.protocolKey,
                budget: result.budget, predictor: result.predictor
            ).deleteAll(db)
            var row = result
            row.id = nil
            try row.insert(db)
        }
    }
}
