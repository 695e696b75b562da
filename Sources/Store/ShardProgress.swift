import Foundation
import GRDB

/// Which programs each shard of a sharded autotune took and which it has
/// finished searching: what `passlab slurm status` shows beside the
/// scheduler's view. A campaign is everything that must match for shards
/// to add up to one run (seed, budgets, protocol); a shard records its
/// slice when it starts and marks each program when its search is stored.
public struct ShardProgram: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    /// The table of shard assignments, "shardProgram" in both backends.
    public static let databaseTableName = "shardProgram"
    /// Row id; nil for a value not read from the store.
    public var id: Int64?
    /// "seed=1 budget=20 minimize=10 shipping|O2|pic|...".
    public var campaign: String
    /// N of the campaign's `--shard I/N`; with `campaign` and `contentHash`, the unique key.
    public var shardCount: Int
    /// I: the 1-based shard that took the program.
    public var shardIndex: Int
    /// SHA-256 (hex) of the program's IR: the store's program key, and what decides its shard.
    public var contentHash: String
    /// The input path the shard was given for the program.
    public var name: String
    /// True once the program's search is stored (or it was skipped).
    public var done: Bool
    /// When the program was assigned or marked done.
    public var updatedAt: Date

    /// Additive schema change: earlier migrations are never edited.
    static func registerMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6: shard progress") { db in
            try db.create(table: databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("campaign", .text).notNull()
                t.column("shardCount", .integer).notNull()
                t.column("shardIndex", .integer).notNull()
                t.column("contentHash", .text).notNull()
                t.column("name", .text).notNull()
                t.column("done", .boolean).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.uniqueKey(["campaign", "shardCount", "contentHash"])
            }
        }
    }
}

/// One shard's progress as the store knows it.
public struct ShardProgressEntry: Sendable, Hashable, Codable {
    /// The campaign: what shards share to add up to one run (seed, budgets, protocol key).
    public var campaign: String
    /// N: the number of shards of the campaign.
    public var shardCount: Int
    /// I: this shard, 1-based.
    public var shardIndex: Int
    /// Programs the shard took.
    public var programs: Int
    /// Of those, programs whose search is stored.
    public var done: Int
    /// The latest assignment or completion among its programs: a shard whose last progress is old and not done may be
    /// stuck or gone.
    public var lastUpdate: Date
}

extension ResultStore {
    /// Records the programs a shard took (kept as they are when already recorded: a resumed shard).
    public func assignShard(
        campaign: String, shardIndex: Int, shardCount: Int,
        programs: [(contentHash: String, name: String)]
    ) throws {
        if let postgres {
            return try postgres.assignShard(
                campaign: campaign, shardIndex: shardIndex, shardCount: shardCount, programs: programs)
        }
        try pool.write { db in
            for program in programs {
                try db.execute(
                    sql: """
                        INSERT INTO shardProgram (campaign, shardCount, shardIndex, contentHash, name, done, updatedAt)
                        VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT DO NOTHING
                        """, arguments: [campaign, shardCount, shardIndex, program.contentHash, program.name, Date()])
            }
        }
    }

    /// Marks a shard's program searched (its evaluations are all stored).
    public func markShardProgramDone(campaign: String, shardCount: Int, contentHash: String) throws {
        if let postgres {
            return try postgres.markShardProgramDone(
                campaign: campaign, shardCount: shardCount, contentHash: contentHash)
        }
        try pool.write { db in
            try db.execute(
                sql: """
                    UPDATE shardProgram SET done = 1, updatedAt = ?
                    WHERE campaign = ? AND shardCount = ? AND contentHash = ?
                    """, arguments: [Date(), campaign, shardCount, contentHash])
        }
    }

    /// Every shard's progress, by campaign, shard count and shard.
    public func shardProgress() throws -> [ShardProgressEntry] {
        if let postgres { return try postgres.shardProgress() }
        return try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT campaign, shardCount, shardIndex, COUNT(*) AS programs, SUM(done) AS done,
                           MAX(updatedAt) AS lastUpdate
                    FROM shardProgram GROUP BY campaign, shardCount, shardIndex
                    ORDER BY campaign, shardCount, shardIndex
                    """
            ).map { row in
                ShardProgressEntry(
                    campaign: row["campaign"], shardCount: row["shardCount"], shardIndex: row["shardIndex"],
                    programs: row["programs"], done: row["done"], lastUpdate: row["lastUpdate"])
            }
        }
    }
}

/// One stored evaluation by what identifies it across stores (the
/// program's content hash, not its row id): what must be equal when two
/// ways of running a campaign (sharded or not) must give the same result.
public struct EvaluationKey: Sendable, Hashable, Codable, Comparable {
    /// SHA-256 (hex) of the program's IR (not its row id, which differs between stores).
    public var contentHash: String
    /// The `opt -p` text evaluated.
    public var pipeline: String
    /// `MeasurementProtocol.storeKey` of the protocol measured under.
    public var protocolKey: String
    /// The `StoredOutcome` raw value.
    public var outcome: String
    /// Bytes of Berkeley text + data; nil when not measured.
    public var binarySize: Int?

    /// Orders by content hash, pipeline, protocol key, outcome, then size (nil first): the order
    /// `ResultStore.evaluationKeys()` returns, so two stores' lists compare element by element.
    public static func < (a: Self, b: Self) -> Bool {
        (a.contentHash, a.pipeline, a.protocolKey, a.outcome, a.binarySize ?? -1)
            < (b.contentHash, b.pipeline, b.protocolKey, b.outcome, b.binarySize ?? -1)
    }
}

extension ResultStore {
    /// Every stored evaluation, sorted.
    public func evaluationKeys() throws -> [EvaluationKey] {
        if let postgres { return try postgres.evaluationKeys() }
        return try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT program.contentHash AS contentHash, pipeline.text AS pipeline,
                           measurement.protocolKey AS protocolKey,
                           measurement.outcome AS outcome, measurement.binarySize AS binarySize
                    FROM measurement JOIN program ON program.id = measurement.programId
                    JOIN pipeline ON pipeline.id = measurement.pipelineId
                    """
            ).map { row in
                EvaluationKey(
                    contentHash: row["contentHash"], pipeline: row["pipeline"], protocolKey: row["protocolKey"],
                    outcome: row["outcome"], binarySize: row["binarySize"])
            }.sorted()
        }
    }
}
