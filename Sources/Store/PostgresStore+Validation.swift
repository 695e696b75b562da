import Foundation
import PostgresNIO

/// Shard progress, verdicts and program outcomes in PostgreSQL (see the
/// SQLite versions beside `ShardProgram`, `StoredVerdict` and
/// `StoredProgramOutcome` for what each does).
extension PostgresStore {
    func assignShard(
        campaign: String, shardIndex: Int, shardCount: Int, programs: [(contentHash: String, name: String)]
    ) throws {
        try session.write { db in
            for program in programs {
                try db.execute(
                    #"""
                    INSERT INTO "shardProgram" ("campaign", "shardCount", "shardIndex", "contentHash",
                      "name", "done", "updatedAt")
                    VALUES ($1, $2, $3, $4, $5, FALSE, $6) ON CONFLICT DO NOTHING
                    """#,
                    [
                        .text(campaign), .int(shardCount), .int(shardIndex), .text(program.contentHash),
                        .text(program.name), .date(Date()),
                    ])
            }
        }
    }

    func markShardProgramDone(campaign: String, shardCount: Int, contentHash: String) throws {
        try session.write { db in
            try db.execute(
                #"""
                UPDATE "shardProgram" SET "done" = TRUE, "updatedAt" = $1
                WHERE "campaign" = $2 AND "shardCount" = $3 AND "contentHash" = $4
                """#, [.date(Date()), .text(campaign), .int(shardCount), .text(contentHash)])
        }
    }

    func shardProgress() throws -> [ShardProgressEntry] {
        try session.read { db in
            try db.rows(
                #"""
                SELECT "campaign", "shardCount", "shardIndex", COUNT(*) AS programs,
                       SUM(CASE WHEN "done" THEN 1 ELSE 0 END)::BIGINT AS done, MAX("updatedAt") AS "lastUpdate"
                FROM "shardProgram" GROUP BY "campaign", "shardCount", "shardIndex"
                ORDER BY "campaign", "shardCount", "shardIndex"
                """#
            ).map { row in
                ShardProgressEntry(
                    campaign: try row.value("campaign"), shardCount: try row.int("shardCount"),
                    shardIndex: try row.int("shardIndex"), programs: try row.int("programs"),
                    done: try row.int("done"), lastUpdate: try row.value("lastUpdate"))
            }
        }
    }

    func evaluationKeys() throws -> [EvaluationKey] {
        try session.read { db in
            try db.rows(
                #"""
                SELECT program."contentHash" AS "contentHash", pipeline."text" AS "pipeline",
                       measurement."protocolKey" AS "protocolKey", measurement."outcome" AS "outcome",
                       measurement."binarySize" AS "binarySize"
                FROM measurement JOIN program ON program."id" = measurement."programId"
                JOIN pipeline ON pipeline."id" = measurement."pipelineId"
                """#
            ).map { row in
                EvaluationKey(
                    contentHash: try row.value("contentHash"), pipeline: try row.value("pipeline"),
                    protocolKey: try row.value("protocolKey"), outcome: try row.value("outcome"),
                    binarySize: try row.optionalInt("binarySize"))
            }.sorted()
        }
    }

    static func verdict(_ row: PostgresRandomAccessRow) throws -> StoredVerdict {
        var verdict = StoredVerdict(
            pipeline: .empty, protocolKey: try row.value("protocolKey"),
            suite: try row.value("suite"),
            llvmVersion: try row.value("llvmVersion"), passed: try row.value("passed"),
            programs: try row.int("programs"),
            failures: try row.int("failures"), resultsJSON: try row.value("resultsJSON"),
            excludedJSON: try row.value("excludedJSON"), skippedJSON: try row.value("skippedJSON"),
            seconds: try row.value("seconds"), createdAt: try row.value("createdAt"))
        verdict.id = try row.value("id")
        verdict.pipeline = try row.value("pipeline")
        return verdict
    }

    func verdict(pipeline: String, protocolKey: String, suite: String, llvmVersion: String) throws -> StoredVerdict? {
        try session.read { db in
            try db.rows(
                #"""
                SELECT * FROM verdict WHERE "pipeline" = $1 AND "protocolKey" = $2 AND "suite" = $3
                  AND "llvmVersion" = $4
                """#, [.text(pipeline), .text(protocolKey), .text(suite), .text(llvmVersion)]
            ).first.map(Self.verdict)
        }
    }

    /// A newer verdict for the same key replaces the old (as in SQLite).
    func record(_ verdict: StoredVerdict) throws {
        try session.write { db in
            let key: [PostgresValue] = [
                .text(verdict.pipeline), .text(verdict.protocolKey), .text(verdict.suite),
                .text(verdict.llvmVersion),
            ]
            try db.execute(
                #"""
                DELETE FROM verdict WHERE "pipeline" = $1 AND "protocolKey" = $2 AND "suite" = $3 AND "llvmVersion" = $4
                """#, key)
            try db.execute(
                #"""
                INSERT INTO verdict ("pipeline", "protocolKey", "suite", "llvmVersion", "passed",
                  "programs", "failures",
                  "resultsJSON", "excludedJSON", "skippedJSON", "seconds", "createdAt")
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING
                """#,
                key + [
                    .boolean(verdict.passed), .int(verdict.programs), .int(verdict.failures),
                    .text(verdict.resultsJSON), .text(verdict.excludedJSON), .text(verdict.skippedJSON),
                    .real(verdict.seconds), .date(verdict.createdAt),
                ])
        }
    }

    func verdicts() throws -> [StoredVerdict] {
        try session.read { db in try db.rows(#"SELECT * FROM verdict ORDER BY "id""#).map(Self.verdict) }
    }

    static let outcomeKeyCondition = #"""
        "objectDigest" = $1 AND "program" = $2 AND "suite" = $3 AND "referenceDigest" = $4 AND "protocolKey" = $5
        AND "llvmVersion" = $6 AND "clangVersion" = $7 AND "sandbox" = $8
        """#

    static func keyValues(_ key: ProgramOutcomeKey) -> [PostgresValue] {
        [
            .text(key.objectDigest), .text(key.program), .text(key.suite), .text(key.referenceDigest),
            .text(key.protocolKey),
            .text(key.llvmVersion), .text(key.clangVersion), .text(key.sandbox),
        ]
    }

    static func outcome(_ row: PostgresRandomAccessRow) throws -> StoredProgramOutcome {
        let key = ProgramOutcomeKey(
            program: try row.value("program"), suite: try row.value("suite"),
            referenceDigest: try row.value("referenceDigest"),
            objectDigest: try row.value("objectDigest"), protocolKey: try row.value("protocolKey"),
            llvmVersion: try row.value("llvmVersion"), clangVersion: try row.value("clangVersion"),
            sandbox: try row.value("sandbox"))
        var outcome = StoredProgramOutcome(
            key: key, outcome: try row.value("outcome"), detail: try row.value("detail"),
            seconds: try row.value("seconds"), timeLimit: try row.value("timeLimit"),
            observations: try row.int("observations"), createdAt: try row.value("createdAt"))
        outcome.id = try row.value("id")
        return outcome
    }

    func programOutcome(_ key: ProgramOutcomeKey) throws -> StoredProgramOutcome? {
        try session.read { db in
            try db.rows(#"SELECT * FROM "programOutcome" WHERE \#(Self.outcomeKeyCondition)"#, Self.keyValues(key))
                .first.map(Self.outcome)
        }
    }

    /// As in SQLite: a newer outcome replaces the old, adding its observations when both agree.
    func record(outcomes: [StoredProgramOutcome]) throws {
        try session.write { db in
            for outcome in outcomes {
                var row = outcome
                let key = Self.keyValues(outcome.key)
                // FOR UPDATE: two writers of the same key add up instead of losing one observation.
                let earlier = try db.rows(
                    #"SELECT * FROM "programOutcome" WHERE \#(Self.outcomeKeyCondition) FOR UPDATE"#, key
                )
                .first.map(Self.outcome)
                if let earlier, earlier.outcome == outcome.outcome {
                    row.observations += earlier.observations
                    row.timeLimit = min(row.timeLimit, earlier.timeLimit)
                }
                try db.execute(#"DELETE FROM "programOutcome" WHERE \#(Self.outcomeKeyCondition)"#, key)
                try db.execute(
                    #"""
                    INSERT INTO "programOutcome" ("objectDigest", "program", "suite", "referenceDigest", "protocolKey",
                      "llvmVersion", "clangVersion", "sandbox", "outcome", "detail", "seconds",
                        "observations", "timeLimit",
                      "createdAt")
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING
                    """#,
                    key + [
                        .text(row.outcome), .text(row.detail), .real(row.seconds), .int(row.observations),
                        .real(row.timeLimit), .date(row.createdAt),
                    ])
            }
        }
    }

    func failureCounts(suite: String) throws -> [String: FailureCounts] {
        try session.read { db in
            let rows = try db.rows(
                #"""
                SELECT "program", SUM(CASE WHEN "outcome" != 'timedOut' THEN 1 ELSE 0 END)::BIGINT AS failures,
                       SUM(CASE WHEN "outcome" = 'timedOut' THEN 1 ELSE 0 END)::BIGINT AS timeouts
                FROM "programOutcome" WHERE "suite" = $1 AND "outcome" != 'passed' GROUP BY "program"
                """#, [.text(suite)])
            return Dictionary(
                uniqueKeysWithValues: try rows.map {
                    (
                        try $0.value("program", as: String.self),
                        FailureCounts(failures: try $0.int("failures"), timeouts: try $0.int("timeouts"))
                    )
                })
        }
    }

    func programOutcomes() throws -> [StoredProgramOutcome] {
        try session.read { db in try db.rows(#"SELECT * FROM "programOutcome" ORDER BY "id""#).map(Self.outcome) }
    }
}
